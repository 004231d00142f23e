import { getJson } from "@/components/ui/request-json";
import type { CompareResponse, TraceDiffResponse } from "@/lib/replay/schemas";

export function fetchTraceDiff(id: string, signal?: AbortSignal) {
  return getJson<TraceDiffResponse>(`/api/v1/traces/${encodeURIComponent(id)}/diff`, signal);
}

export function fetchComparison(a: string, b: string, signal?: AbortSignal) {
  return getJson<CompareResponse>(`/api/v1/traces/compare?${new URLSearchParams({ a, b })}`, signal);
}
