// POST /api/v1/evidence — the signed evidence ZIP of a selection of traces ({ trace_ids }) or of a trace list filter ({ filter }), streamed; recorded as an event
import { withApi } from "@/lib/api/with-api";
import { evidenceZipResponse, startEvidenceExport } from "@/lib/evidence/export-evidence";
import { ExportEvidenceBody } from "@/lib/evidence/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "evidence:export", body: ExportEvidenceBody }, async ({ body, principal }) => {
  const exp = await startEvidenceExport(body.trace_ids ? { trace_ids: body.trace_ids } : { filter: body.filter! }, principal);
  return evidenceZipResponse(exp);
});
