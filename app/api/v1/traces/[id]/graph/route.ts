// GET /api/v1/traces/{id}/graph — execution graph of a trace joined with its linked traces (?mode=aggregated|expanded)
import { withApi } from "@/lib/api/with-api";
import { TraceGraphQuery } from "@/lib/traces/graph-schemas";
import { loadTraceGraphOrThrow } from "@/lib/traces/load-trace-graph";

export const GET = withApi({ auth: "user", permission: "traces:read", query: TraceGraphQuery }, async ({ params, query }) => loadTraceGraphOrThrow(params.id, query.mode));
