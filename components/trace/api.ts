import type { StoredEvent } from "@/lib/events/schemas";
import type { TraceDetail, TraceEventsPage } from "@/lib/traces/schemas";

/** Thin fetchers for the trace read API; errors carry the API's message so the UI can show it. */
export class FetchError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new FetchError(res.status, body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return res.json() as Promise<T>;
}

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
