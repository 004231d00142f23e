// POST /api/v1/guard/scan — the guard on retrieved texts (scores, verdicts, evidence); writes nothing
import { withApi } from "@/lib/api/with-api";
import { scanTexts } from "@/lib/guard/scan-texts";
import { ScanBody } from "@/lib/guard/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "agent", permission: "evaluate", body: ScanBody, maxBytes: 2 * 1024 * 1024 }, async ({ principal, body }) =>
  scanTexts(principal.agentId, body),
);
