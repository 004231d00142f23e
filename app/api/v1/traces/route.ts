// GET /api/v1/traces — list traces with filters, sort and cursor pagination (reads the per-trace rollup only)
import { withApi } from "@/lib/api/with-api";
import { listTraces } from "@/lib/traces/list-traces";
import { TraceListQuery } from "@/lib/traces/schemas";

export const GET = withApi({ auth: "user", permission: "traces:read", query: TraceListQuery }, async ({ query }) => listTraces(query));
