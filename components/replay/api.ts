import { getJson } from "@/components/ui/request-json";
import type { CompareResponse, TraceDiffResponse, TraceOutcomeResponse } from "@/lib/replay/schemas";

export function fetchTraceDiff(id: string, signal?: AbortSignal) {
  return getJson<TraceDiffResponse>(`/api/v1/traces/${encodeURIComponent(id)}/diff`, signal);
}

export function fetchTraceOutcome(id: string, signal?: AbortSignal) {
  return getJson<TraceOutcomeResponse>(`/api/v1/traces/${encodeURIComponent(id)}/outcome`, signal);
}

export function fetchComparison(a: string, b: string, signal?: AbortSignal) {
  return getJson<CompareResponse>(`/api/v1/traces/compare?${new URLSearchParams({ a, b })}`, signal);
}
