import { FetchError } from "@/components/trace/api";
import type { CompareResponse, TraceDiffResponse, TraceOutcomeResponse } from "@/lib/replay/schemas";

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store", signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new FetchError(res.status, body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return res.json() as Promise<T>;
}

export function fetchTraceDiff(id: string, signal?: AbortSignal) {
  return getJson<TraceDiffResponse>(`/api/v1/traces/${encodeURIComponent(id)}/diff`, signal);
}

export function fetchTraceOutcome(id: string, signal?: AbortSignal) {
  return getJson<TraceOutcomeResponse>(`/api/v1/traces/${encodeURIComponent(id)}/outcome`, signal);
}

export function fetchComparison(a: string, b: string, signal?: AbortSignal) {
  return getJson<CompareResponse>(`/api/v1/traces/compare?${new URLSearchParams({ a, b })}`, signal);
}
