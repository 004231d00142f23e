// GET /api/v1/traces/{id}/events — a trace's events in chain order (seq), keyset-paged by cursor
import { withApi } from "@/lib/api/with-api";
import { TraceEventsQuery } from "@/lib/traces/schemas";
import { listTraceEventsOrThrow } from "@/lib/traces/list-trace-events";

export const GET = withApi({ auth: "user", permission: "traces:read", query: TraceEventsQuery }, async ({ params, query }) => listTraceEventsOrThrow(params.id, query));
