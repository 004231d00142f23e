// GET /api/v1/traces/{id}/outcome — the trace's one answer and each step's outcome label (engine/replay/trace-outcome.ts)
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { getTraceOutcome } from "@/lib/replay/get-trace-diff";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ params }) => {
  const outcome = await getTraceOutcome(params.id);
  if (!outcome) throw new ApiError("not_found", `no trace with id ${JSON.stringify(params.id)}`);
  return outcome;
});
