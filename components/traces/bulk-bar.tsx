"use client";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { ExportEvidenceButton } from "@/components/evidence/export-evidence-button";
import { useCan } from "@/components/providers";

/**
 * Row selection for bulk actions, kept in selection order across filter changes so "Compare" puts the first selected
 * trace on the left.
 */
export function useSelection() {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = useCallback((id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id])), []);
  const toggleAll = useCallback((ids: string[], on: boolean) => setSelected((s) => (on ? [...s, ...ids.filter((id) => !s.includes(id))] : s.filter((x) => !ids.includes(x)))), []);
  const clear = useCallback(() => setSelected([]), []);
  return { selected, toggle, toggleAll, clear };
}

/** The list's filters as the evidence export's `filter` (paging and sort do not change which traces match). */
export function useExportFilter(qs: string): Record<string, string> {
  return useMemo(() => {
    const rec: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(qs)) if (k !== "sort" && k !== "order" && k !== "cursor" && k !== "limit") rec[k] = v;
    return rec;
  }, [qs]);
}

/** Bulk actions on the selected rows: compare exactly two, export their evidence, or export everything matching. */
export function BulkBar({ selected, filter, onClear }: { selected: string[]; filter: Record<string, string>; onClear: () => void }) {
  const canExport = useCan("evidence:export");
  const n = selected.length;
  const compareHref = n === 2 ? `/traces/compare?${new URLSearchParams({ a: selected[0], b: selected[1] })}` : null;
  return (
    <div
      className={`flex flex-wrap items-center gap-2 rounded-md border px-3 py-1.5 text-xs ${n ? "border-indigo-200 bg-indigo-50" : "border-slate-200 bg-white"}`}
      role="toolbar"
      aria-label="Bulk actions"
    >
      {n ? (
        <>
          <span className="font-semibold text-indigo-900" aria-live="polite">{n} selected</span>
          {compareHref ? (
            <Link href={compareHref} className="rounded-md bg-indigo-600 px-2.5 py-1 font-semibold text-white hover:bg-indigo-500" prefetch={false}>
              Compare
            </Link>
          ) : (
            <button type="button" disabled className="rounded-md bg-indigo-600 px-2.5 py-1 font-semibold text-white opacity-40" title="Select exactly two traces to compare">
              Compare
            </button>
          )}
          <ExportEvidenceButton traceIds={selected} />
          <button type="button" onClick={onClear} className="rounded-md px-2 py-1 text-indigo-800 hover:bg-indigo-100">Clear selection</button>
          {n !== 2 && <span className="text-slate-600">Select exactly two traces to compare them.</span>}
        </>
      ) : (
        <>
          <span className="text-slate-500">{canExport ? "Select rows to compare two traces or export their evidence, or export every trace matching the filters:" : "Select two rows to compare the traces."}</span>
          <ExportEvidenceButton filter={filter} />
        </>
      )}
    </div>
  );
}
