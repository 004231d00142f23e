// GET /api/v1/traces/{id} — one trace: rollup, agent identities, child traces, latest budget
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { getTrace } from "@/lib/traces/get-trace";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ params }) => {
  const trace = await getTrace(params.id);
  if (!trace) throw new ApiError("not_found", `no trace with id ${JSON.stringify(params.id)}`);
  return trace;
});
