// GET /api/v1/traces/compare?a=&b= — two traces' steps aligned side by side, with their differences
import { withApi } from "@/lib/api/with-api";
import { compareTraces } from "@/lib/replay/compare-traces";
import { CompareQuery } from "@/lib/replay/schemas";

export const GET = withApi({ auth: "user", permission: "traces:read", query: CompareQuery }, async ({ query }) => compareTraces(query.a, query.b));
