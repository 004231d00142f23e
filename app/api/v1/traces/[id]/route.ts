// GET /api/v1/traces/{id} — one trace: rollup, agent identities, child traces, latest budget
import { withApi } from "@/lib/api/with-api";
import { getTraceOrThrow } from "@/lib/traces/get-trace";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ params }) => getTraceOrThrow(params.id));
