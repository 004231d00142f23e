import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";
import { FetchError } from "@/components/trace/api";

export type GraphMode = "aggregated" | "expanded";

/** `GET /api/v1/traces/{id}/graph`; errors carry the API's message. */
export async function fetchTraceGraph(id: string, mode: GraphMode): Promise<TraceGraphResponse> {
  const res = await fetch(`/api/v1/traces/${encodeURIComponent(id)}/graph?mode=${mode}`, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new FetchError(res.status, body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return res.json() as Promise<TraceGraphResponse>;
}
