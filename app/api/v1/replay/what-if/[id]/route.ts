// GET /api/v1/replay/what-if/{id} — a what-if run: status, progress, summary per class and a page of classified steps (?class=&cursor=&limit=&before=&after=)
import { withApi } from "@/lib/api/with-api";
import { getRun } from "@/lib/replay/what-if/get-run";
import { RunQuery } from "@/lib/replay/what-if/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "replay:run", query: RunQuery }, async ({ params, query }) => getRun(params.id, query));
