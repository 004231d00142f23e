import type { BundleFile } from "@/components/policies/api";
import { requestJson } from "@/components/ui/request-json";
import type { WhatIfFlipView, WhatIfRunDetail, WhatIfRunView } from "@/lib/replay/what-if/schemas";

export type { WhatIfFlipView, WhatIfRunDetail, WhatIfRunView };
export type Scope = { trace_id: string } | { filter: { from: string; to: string; agent?: string } };
export type PolicyChoice = { bundle_id: string } | { draft: { files: BundleFile[] } };

/** Starts a run; a refused start is a RequestError whose details name the draft's problems by file and line. */
export function startRun(policy: PolicyChoice, scope: Scope): Promise<WhatIfRunDetail> {
  return requestJson<WhatIfRunDetail>("POST", "/api/v1/replay/what-if", { ...policy, ...scope });
}

export const fetchRun = (id: string, q: { cursor?: string; limit?: number; before?: string; after?: string; class?: "changed_by_candidate" | "recorded_differs" }) => {
  const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
  return requestJson<WhatIfRunDetail>("GET", `/api/v1/replay/what-if/${encodeURIComponent(id)}?${p}`);
};
export const fetchRuns = () => requestJson<{ runs: WhatIfRunView[] }>("GET", "/api/v1/replay/what-if?limit=20");
export const exportUrl = (id: string, format: "csv" | "json", cls?: string) => `/api/v1/replay/what-if/${encodeURIComponent(id)}/export?format=${format}${cls ? `&class=${cls}` : ""}`;
