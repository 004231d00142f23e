import { getJson } from "@/components/ui/request-json";
import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";

export type GraphMode = "aggregated" | "expanded";

/** `GET /api/v1/traces/{id}/graph`; failures are the kit's RequestError with the API's message. */
export function fetchTraceGraph(id: string, mode: GraphMode): Promise<TraceGraphResponse> {
  return getJson<TraceGraphResponse>(`/api/v1/traces/${encodeURIComponent(id)}/graph?mode=${mode}`);
}
