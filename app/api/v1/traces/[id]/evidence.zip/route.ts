// GET /api/v1/traces/{id}/evidence.zip — the signed evidence ZIP of one trace, streamed; the export is recorded as an event
import { withApi } from "@/lib/api/with-api";
import { evidenceZipResponse, startEvidenceExport } from "@/lib/evidence/export-evidence";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "evidence:export" }, async ({ params, principal }) => {
  // resolves the trace before the first byte: an unknown id is a 404 JSON error, not a broken download
  const exp = await startEvidenceExport({ trace_ids: [params.id] }, principal);
  return evidenceZipResponse(exp);
});
