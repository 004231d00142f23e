import { getJson } from "@/components/ui/request-json";
import type { StoredEvent } from "@/lib/events/schemas";
import type { TraceDetail, TraceEventsPage } from "@/lib/traces/schemas";

/** Fetchers for the trace read API; failures are the kit's RequestError with the API's message. */
export function fetchTrace(id: string) {
  return getJson<TraceDetail>(`/api/v1/traces/${encodeURIComponent(id)}`);
}

export function fetchTraceEvents(id: string, opts: { cursor: number; limit: number; stages?: string[] }) {
  const q = new URLSearchParams({ cursor: String(opts.cursor), limit: String(opts.limit) });
  if (opts.stages?.length) q.set("stage", opts.stages.join(","));
  return getJson<TraceEventsPage>(`/api/v1/traces/${encodeURIComponent(id)}/events?${q}`);
}

export function fetchEvent(id: string) {
  return getJson<StoredEvent>(`/api/v1/events/${encodeURIComponent(id)}`);
}
