import type { BundleFile } from "@/components/policies/api";
import { ApiRequestError, requestJson } from "@/components/ui/request-json";
import type { WhatIfFlipView, WhatIfRunDetail, WhatIfRunView } from "@/lib/replay/what-if/schemas";

export type { WhatIfFlipView, WhatIfRunDetail, WhatIfRunView };
export type Scope = { trace_id: string } | { filter: { from: string; to: string; agent?: string } };
export type PolicyChoice = { bundle_id: string } | { draft: { files: BundleFile[] } };
export type RunIssue = { file?: string; line?: number; column?: number; field?: string; message: string };

/** A refused start: the API's message plus its details (draft problems carry file and line). */
export class StartError extends ApiRequestError {
  constructor(status: number, code: string, message: string, public details: RunIssue[]) {
    super(status, code, message);
  }
}

export async function startRun(policy: PolicyChoice, scope: Scope): Promise<WhatIfRunDetail> {
  const res = await fetch("/api/v1/replay/what-if", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...policy, ...scope }), cache: "no-store" })
    .catch(() => { throw new ApiRequestError(0, "network", "could not reach the server; check your connection and try again"); });
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) throw new ApiRequestError(401, "unauthenticated", "your session has ended; sign in again");
    throw new StartError(res.status, json?.error?.code ?? "error", json?.error?.message ?? `request failed (HTTP ${res.status})`, Array.isArray(json?.error?.details) ? json.error.details : []);
  }
  return json as WhatIfRunDetail;
}

export const fetchRun = (id: string, q: { cursor?: string; limit?: number; before?: string; after?: string; class?: "changed_by_candidate" | "recorded_differs" }) => {
  const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
  return requestJson<WhatIfRunDetail>("GET", `/api/v1/replay/what-if/${encodeURIComponent(id)}?${p}`);
};
export const fetchRuns = () => requestJson<{ runs: WhatIfRunView[] }>("GET", "/api/v1/replay/what-if?limit=20");
export const exportUrl = (id: string, format: "csv" | "json", cls?: string) => `/api/v1/replay/what-if/${encodeURIComponent(id)}/export?format=${format}${cls ? `&class=${cls}` : ""}`;
