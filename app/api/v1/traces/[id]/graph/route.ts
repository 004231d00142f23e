// GET /api/v1/traces/{id}/graph — execution graph of a trace joined with its linked traces (?mode=aggregated|expanded)
import { ApiError, describeZodError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { TraceGraphQuery } from "@/lib/traces/graph-schemas";
import { loadTraceGraph } from "@/lib/traces/load-trace-graph";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ req, params }) => {
  // parsed here rather than by the wrapper: a bad mode is a plain 400 naming the parameter
  const parsed = TraceGraphQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) {
    const details = describeZodError(parsed.error, "parameter");
    throw new ApiError("bad_request", `invalid query: ${details[0].field}: ${details[0].message}`, details);
  }
  const graph = await loadTraceGraph(params.id, parsed.data.mode);
  if (!graph) throw new ApiError("not_found", `no trace with id ${JSON.stringify(params.id)}`);
  return graph;
});
