// GET /api/v1/traces/{id}/events — a trace's events in chain order (seq), keyset-paged by cursor
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { TraceEventsQuery } from "@/lib/traces/schemas";
import { traceExists } from "@/lib/traces/get-trace";
import { listTraceEvents } from "@/lib/traces/list-trace-events";

export const GET = withApi({ auth: "user", permission: "traces:read", query: TraceEventsQuery }, async ({ params, query }) => {
  const page = await listTraceEvents(params.id, query);
  // an empty page is normal past the end or under a stage filter; only an unknown trace is a 404
  if (page.events.length === 0 && !(await traceExists(params.id))) {
    throw new ApiError("not_found", `no trace with id ${JSON.stringify(params.id)}`);
  }
  return page;
});
