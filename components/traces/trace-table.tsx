"use client";
import type { TraceSummary } from "@/lib/traces/schemas";
import type { SortKey, TraceFilters } from "./trace-filters";
import { TraceRow } from "./trace-row";

function SortButton({
  label, k, filters, sortBy, align = "left",
}: { label: string; k: SortKey; filters: TraceFilters; sortBy: (k: SortKey) => void; align?: "left" | "right" }) {
  const on = filters.sort === k;
  return (
    <button
      type="button"
      onClick={() => sortBy(k)}
      className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 ${on ? "text-slate-900" : ""} ${align === "right" ? "flex-row-reverse" : ""}`}
      title={on ? `Sorted by ${label.toLowerCase()}, ${filters.order === "asc" ? "ascending" : "descending"}; click to reverse` : `Sort by ${label.toLowerCase()}`}
    >
      {label}
      <svg viewBox="0 0 10 10" className={`h-2.5 w-2.5 ${on ? "text-indigo-600" : "text-slate-500"}`} aria-hidden>
        {on && filters.order === "asc" ? <path d="M5 2l3.5 5h-7z" fill="currentColor" /> : <path d="M5 8L1.5 3h7z" fill="currentColor" />}
      </svg>
    </button>
  );
}

function SortHeader({
  label, k, filters, sortBy, className = "", align = "left",
}: { label: string; k: SortKey; filters: TraceFilters; sortBy: (k: SortKey) => void; className?: string; align?: "left" | "right" }) {
  const on = filters.sort === k;
  return (
    <th scope="col" aria-sort={on ? (filters.order === "asc" ? "ascending" : "descending") : "none"} className={`px-3 py-2 ${className}`}>
      <SortButton label={label} k={k} filters={filters} sortBy={sortBy} align={align} />
    </th>
  );
}

/** The trace table: sortable headers (aria-sort), select-all, one TraceRow per trace. */
export function TraceTable({
  rows, selected, onToggle, onToggleAll, filters, sortBy, fresh, now, agentNames, dim, onFilter,
}: {
  rows: TraceSummary[]; selected: string[]; onToggle: (id: string) => void; onToggleAll: (ids: string[], on: boolean) => void;
  filters: TraceFilters; sortBy: (k: SortKey) => void; fresh: ReadonlySet<string>; now: number;
  agentNames: Map<string, string>; dim: boolean; onFilter: (p: Partial<TraceFilters>) => void;
}) {
  const th = "px-3 py-2 uppercase tracking-wide";
  const ids = rows.map((t) => t.id);
  const picked = ids.filter((id) => selected.includes(id)).length;
  return (
    <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm transition-opacity ${dim ? "opacity-60" : ""}`}>
      <table className="w-full min-w-[1236px] table-fixed border-collapse text-sm">
        <colgroup>
          <col className="w-[36px]" />
          <col className="w-[196px]" />
          <col />
          <col className="w-[200px]" />
          <col className="w-[152px]" />
          <col className="w-[96px]" />
          <col className="w-[80px]" />
          <col className="w-[244px]" />
          <col className="w-[64px]" />
          <col className="w-[130px]" />
        </colgroup>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-[11px] font-semibold whitespace-nowrap text-slate-500">
          <tr>
            <th scope="col" className="py-2 pl-3">
              <input
                type="checkbox"
                aria-label={picked === ids.length ? "Deselect all shown traces" : "Select all shown traces"}
                checked={ids.length > 0 && picked === ids.length}
                ref={(el) => { if (el) el.indeterminate = picked > 0 && picked < ids.length; }}
                onChange={(e) => onToggleAll(ids, e.target.checked)}
                className="h-3.5 w-3.5 cursor-pointer accent-indigo-600"
              />
            </th>
            <th scope="col" className={th}>Trace · agent</th>
            <th scope="col" className={th}>Plan intent · reason</th>
            <th scope="col" className={th}>Tools</th>
            <th scope="col" className={th}>Final decision</th>
            <SortHeader label="Max risk" k="risk" filters={filters} sortBy={sortBy} />
            <SortHeader label="Events" k="events" filters={filters} sortBy={sortBy} align="right" className="text-right" />
            <th scope="col" className={th}>Trust levels</th>
            <th scope="col" className={th}>Budget</th>
            <th scope="col" className="px-3 py-2" aria-sort={filters.sort === "last_seen" || filters.sort === "first_seen" ? (filters.order === "asc" ? "ascending" : "descending") : "none"}>
              <span className="flex flex-col items-start gap-0.5">
                <SortButton label="Last seen" k="last_seen" filters={filters} sortBy={sortBy} />
                <SortButton label="Started" k="first_seen" filters={filters} sortBy={sortBy} />
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <TraceRow key={t.id} t={t} fresh={fresh.has(t.id)} now={now} agentNames={agentNames} onFilter={onFilter} checked={selected.includes(t.id)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
