// GET /api/v1/traces/{id}/diff — replay diff of one trace: planned vs decided vs executed per step, with mismatches
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { getTraceDiff } from "@/lib/replay/get-trace-diff";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ params }) => {
  const diff = await getTraceDiff(params.id);
  if (!diff) throw new ApiError("not_found", `no trace with id ${JSON.stringify(params.id)}`);
  return diff;
});
