// POST /api/v1/explain — the full decision path for a plan; writes one event marked explain and never grants
import { withApi } from "@/lib/api/with-api";
import { evaluatePlan } from "@/lib/decisions/evaluate-plan";
import { EvaluateBody } from "@/lib/decisions/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "agent", permission: "evaluate", body: EvaluateBody, maxBytes: 1024 * 1024 }, async ({ principal, body }) =>
  evaluatePlan(principal.agentId, body, "explain"),
);
