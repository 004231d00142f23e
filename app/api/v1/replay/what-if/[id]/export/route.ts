// GET /api/v1/replay/what-if/{id}/export?format=csv|json&class= — every classified step of a run (recorded, baseline, candidate, class), streamed; recorded as the caller's action
import { withApi } from "@/lib/api/with-api";
import { exportFlips } from "@/lib/replay/what-if/export-flips";
import { ExportQuery } from "@/lib/replay/what-if/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "replay:run", query: ExportQuery }, async ({ params, query, principal }) => exportFlips(params.id, query, principal));
