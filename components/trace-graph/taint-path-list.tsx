"use client";
import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";
import { TrustShape } from "@/components/ui/trust-badge";

type Path = TraceGraphResponse["taint_paths"][number];

/** Outcome of the action a path reaches: colour AND word (never colour alone). */
const OUTCOME: Record<Path["outcome"], { label: string; cls: string }> = {
  executed: { label: "Executed", cls: "bg-red-600 text-white ring-red-700" },
  failed: { label: "Ran, failed", cls: "bg-red-50 text-red-800 ring-red-600/40" },
  approved: { label: "Approved", cls: "bg-amber-100 text-amber-900 ring-amber-600/50" },
  awaiting_approval: { label: "Awaiting approval", cls: "bg-amber-50 text-amber-900 ring-amber-600/40" },
  blocked: { label: "Blocked", cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/40" },
  denied: { label: "Denied", cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/40" },
  planned: { label: "Planned only", cls: "bg-slate-100 text-slate-700 ring-slate-400/40" },
  evaluated: { label: "Evaluated", cls: "bg-slate-100 text-slate-700 ring-slate-400/40" },
};

/**
 * Every path from an external or unverified source to a write or outbound action, in words. Clicking one
 * highlights it in the graph and zooms to it; clicking it again clears the highlight.
 */
export function TaintPathList({ graph, selected, onSelect }: { graph: TraceGraphResponse; selected: string | null; onSelect: (id: string | null) => void }) {
  const paths = graph.taint_paths;
  return (
    <section className="rounded-md border border-slate-200 bg-white" data-testid="taint-paths">
      <h3 className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
        Taint paths
        <span className={`rounded-full px-1.5 text-[11px] tabular-nums ${paths.length ? "bg-red-600 text-white" : "bg-slate-100 text-slate-600"}`}>{paths.length}{graph.taint_paths_truncated ? "+" : ""}</span>
      </h3>
      <p className="border-b border-slate-100 px-3 py-1.5 text-[11px] leading-snug text-slate-500">
        Paths from an external or unverified source to an action that writes or sends, following recorded causality only.
      </p>
      {paths.length === 0 ? (
        <p className="px-3 py-3 text-xs text-slate-500">No untrusted source reaches a write or outbound action in this graph.</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {paths.map((p) => {
            const on = p.id === selected;
            const o = OUTCOME[p.outcome];
            return (
              <li key={p.id}>
                <button
                  onClick={() => onSelect(on ? null : p.id)}
                  aria-pressed={on}
                  className={`block w-full px-3 py-2 text-left text-xs leading-snug ${on ? "bg-red-50 ring-2 ring-inset ring-red-500" : "hover:bg-slate-50"}`}
                  data-testid="taint-path"
                >
                  <span className="mb-1 flex items-center gap-1.5">
                    <span className={`rounded px-1.5 py-px text-[10.5px] font-semibold ring-1 ring-inset ${o.cls}`}>{o.label}</span>
                    <span className="inline-flex items-center gap-1 text-[11px] text-slate-600"><TrustShape level={p.trust} /> {p.trust} source</span>
                    {p.tool && <span className="ml-auto truncate font-mono text-[11px] text-slate-500">{p.tool}{p.access ? ` · ${p.access}` : ""}</span>}
                  </span>
                  <span className="text-slate-800">{p.words}</span>
                  {p.cut && <span className="mt-0.5 block text-[11px] text-amber-700">Part of this path is beyond the expanded-mode cap and not drawn.</span>}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
