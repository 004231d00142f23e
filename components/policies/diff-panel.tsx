"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card, ErrorBanner, inputClass } from "@/components/ui/primitives";
import type { BundleChange } from "@/engine/policy/diff";
import { fetchDiff, type BundleVersionRow } from "./api";

const AREA_LABEL: Record<string, string> = {
  setting: "Settings", threshold: "Risk thresholds", capability: "Capabilities", agent: "Agents", grant: "Grants",
  budget: "Budgets", policy: "Cedar policies", guard: "Guard", approvals: "Approvals",
};

const KIND_TONE: Record<string, string> = {
  added: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  removed: "bg-slate-100 text-slate-700 ring-slate-400/40",
  changed: "bg-sky-50 text-sky-800 ring-sky-600/30",
};

function label(v: BundleVersionRow) {
  return `${v.environment} · ${v.summary.bundle_id} v${v.version}${v.active ? " (active)" : ""}`;
}

function show(v: unknown): string {
  if (v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v, null, 2);
}

/** Two versions side by side: every change grouped by area; anything that widens what agents may do is flagged. */
export function DiffPanel({ versions, initialPair }: { versions: BundleVersionRow[]; initialPair: { from: string; to: string } | null }) {
  const sorted = versions;
  const active = versions.find((v) => v.active);
  const newest = versions[0];
  const [from, setFrom] = useState(initialPair?.from ?? (active && newest && active.id !== newest.id ? active.id : versions[1]?.id ?? ""));
  const [to, setTo] = useState(initialPair?.to ?? newest?.id ?? "");
  const [onlyExpansions, setOnlyExpansions] = useState(false);
  const q = useQuery({ queryKey: ["policy-diff", from, to], queryFn: () => fetchDiff(from, to), enabled: !!from && !!to && from !== to, staleTime: Infinity });

  if (versions.length < 2) {
    return <Card><p className="px-6 py-14 text-center text-sm text-slate-500">Compare needs at least two versions. Upload another version to see what it changes.</p></Card>;
  }

  const changes = (q.data?.changes ?? []).filter((c) => !onlyExpansions || c.authority_expansion);
  const groups = new Map<string, BundleChange[]>();
  for (const c of changes) groups.set(c.area, [...(groups.get(c.area) ?? []), c]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <label className="block min-w-64">
          <span className="block text-xs font-semibold text-slate-700">From</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)} className={`${inputClass} mt-1`} data-testid="diff-from">
            {sorted.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
          </select>
        </label>
        <button type="button" className="mb-1.5 rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100" title="Swap" onClick={() => { setFrom(to); setTo(from); }}>⇄</button>
        <label className="block min-w-64">
          <span className="block text-xs font-semibold text-slate-700">To</span>
          <select value={to} onChange={(e) => setTo(e.target.value)} className={`${inputClass} mt-1`} data-testid="diff-to">
            {sorted.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
          </select>
        </label>
        <label className="mb-1.5 ml-auto inline-flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={onlyExpansions} onChange={(e) => setOnlyExpansions(e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
          Only authority expansions
        </label>
      </div>

      {from === to ? (
        <p className="text-sm text-slate-500">Pick two different versions.</p>
      ) : q.isError ? (
        <ErrorBanner message={`Could not compute the diff: ${(q.error as Error).message}`} />
      ) : q.isPending ? (
        <div className="space-y-2" aria-busy="true">{Array.from({ length: 5 }, (_, i) => <div key={i} className="h-8 animate-pulse rounded bg-slate-100" />)}</div>
      ) : (
        <>
          <div className={`flex flex-wrap items-center gap-3 rounded-lg border px-4 py-3 ${q.data.expansion_count > 0 ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`} data-testid="diff-summary">
            {q.data.expansion_count > 0 ? (
              <span className="inline-flex items-center gap-2 text-sm font-semibold text-red-800">
                <span className="rounded bg-red-600 px-2 py-0.5 text-xs font-bold uppercase tracking-wide text-white">{q.data.expansion_count} authority expansion{q.data.expansion_count === 1 ? "" : "s"}</span>
                agents could do more, or with less friction, under v{q.data.to.version} than under v{q.data.from.version}
              </span>
            ) : (
              <span className="text-sm font-semibold text-slate-800">No authority expansion</span>
            )}
            <span className="ml-auto text-sm text-slate-600">{q.data.changes.length} change{q.data.changes.length === 1 ? "" : "s"} from v{q.data.from.version} to v{q.data.to.version}</span>
          </div>

          {changes.length === 0 ? (
            <Card><p className="px-6 py-10 text-center text-sm text-slate-500">{q.data.changes.length === 0 ? "The two versions decide identically: no changes." : "No authority expansions among the changes."}</p></Card>
          ) : (
            [...groups.entries()].map(([area, list]) => (
              <Card key={area} title={<span>{AREA_LABEL[area] ?? area} <span className="font-normal text-slate-500">· {list.length}</span></span>}
                actions={list.some((c) => c.authority_expansion) ? <span className="text-xs font-semibold text-red-700">{list.filter((c) => c.authority_expansion).length} expanding</span> : undefined}>
                <ul className="divide-y divide-slate-100" data-testid={`diff-area-${area}`}>
                  {list.map((c, i) => (
                    <li key={i} className={`px-4 py-2 ${c.authority_expansion ? "border-l-4 border-red-500 bg-red-50/40 pl-3" : ""}`}>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className={`rounded px-1.5 py-px text-[11px] font-semibold uppercase ring-1 ring-inset ${KIND_TONE[c.kind] ?? KIND_TONE.changed}`}>{c.kind}</span>
                        {c.authority_expansion && <span className="rounded bg-red-600 px-1.5 py-px text-[11px] font-semibold text-white" data-testid="expansion-badge">authority expansion</span>}
                        <span className="font-mono text-xs text-slate-500">{c.path}</span>
                      </div>
                      <p className="mt-1 text-sm text-slate-800">{c.summary}</p>
                      {(c.before !== undefined || c.after !== undefined) && (
                        <div className="mt-1.5 grid grid-cols-1 gap-2 md:grid-cols-2">
                          <ValueBox label="before" value={c.before} tone="bg-slate-50" />
                          <ValueBox label="after" value={c.after} tone={c.authority_expansion ? "bg-red-50" : "bg-emerald-50/50"} />
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              </Card>
            ))
          )}
        </>
      )}
    </div>
  );
}

function ValueBox({ label, value, tone }: { label: string; value: unknown; tone: string }) {
  return (
    <div className={`min-w-0 rounded border border-slate-200 ${tone}`}>
      <div className="border-b border-slate-200 px-2 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-slate-500">{label}</div>
      {value === undefined ? (
        <div className="px-2 py-1 text-xs text-slate-500">absent</div>
      ) : (
        <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words px-2 py-1 font-mono text-xs text-slate-800">{show(value)}</pre>
      )}
    </div>
  );
}
