// GET /api/v1/replay/what-if/{id}/export?format=csv|json — every flip of a run, streamed (CSV with a header row)
import { withApi } from "@/lib/api/with-api";
import { exportFlips } from "@/lib/replay/what-if/export-flips";
import { ExportQuery } from "@/lib/replay/what-if/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "replay:run", query: ExportQuery }, async ({ params, query }) => exportFlips(params.id, query.format));
