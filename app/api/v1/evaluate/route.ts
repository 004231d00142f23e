// POST /api/v1/evaluate — ask before acting: a decision for every step of a plan, with tokens for the steps allowed now
import { withApi } from "@/lib/api/with-api";
import { evaluatePlan } from "@/lib/decisions/evaluate-plan";
import { EvaluateBody } from "@/lib/decisions/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "agent", permission: "evaluate", body: EvaluateBody, maxBytes: 1024 * 1024 }, async ({ principal, body }) =>
  evaluatePlan(principal.agentId, body, body.dry_run ? "dry_run" : "evaluate"),
);
