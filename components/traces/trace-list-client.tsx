"use client";
import { useMemo } from "react";
import type { TraceListResponse } from "@/lib/traces/schemas";
import { BulkBar, useExportFilter, useSelection } from "./bulk-bar";
import { FilterBar } from "./filter-bar";
import { ErrorState, FirstRun, LiveIndicator, NoMatch } from "./list-states";
import { hasActiveFilters, type SortKey } from "./trace-filters";
import { TraceListSkeleton } from "./trace-list-skeleton";
import { TraceTable } from "./trace-table";
import { useNow, useTraceList } from "./use-trace-list";
import { useUrlFilters } from "./use-url-filters";

/*
 * The trace list page: filters (filter-bar.tsx) mirrored in the URL (use-url-filters.ts), the live first page and
 * "Load more" (use-trace-list.ts), the table (trace-table.tsx, trace-row.tsx), selection with compare and evidence
 * export (bulk-bar.tsx), and the empty / error states (list-states.tsx).
 */

export type AgentOption = { id: string; name: string };

type Props = {
  /** First page for `initialQuery`, loaded by the server (null when the URL's filters were invalid). */
  initial: TraceListResponse | null;
  initialQuery: string;
  initialError: string | null;
  agents: AgentOption[];
  /** Server clock at render, so relative times hydrate identically. */
  now: number;
  /** Origin for the first-run curl example. */
  origin: string;
};

export function TraceListClient({ initial, initialQuery, initialError, agents, now: serverNow, origin }: Props) {
  const { filters, qs, update, clear } = useUrlFilters();
  const now = useNow(serverNow);

  const { first, rows, hasMore, moreActive, loadMore, fresh, newCount, setNewCount } = useTraceList({ qs, filters, initial, initialQuery, serverNow });
  const active = hasActiveFilters(filters);
  const agentNames = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);

  const { selected, toggle, toggleAll, clear: clearSelection } = useSelection();
  const exportFilter = useExportFilter(qs);

  function sortBy(key: SortKey) {
    update(filters.sort === key ? { order: filters.order === "desc" ? "asc" : "desc" } : { sort: key, order: "desc" });
  }

  function showNew() {
    setNewCount(0);
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  const shownError = first.error ? (first.error as Error).message : !first.data && qs === initialQuery ? initialError : null;
  const refreshFailed = first.data && first.error && !first.isPlaceholderData;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Traces</h1>
          <p className="text-sm text-slate-500">Runtime traces from your agents: one row per trace, from its events&apos; rollup.</p>
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          {newCount > 0 && (
            <button
              type="button"
              onClick={showNew}
              className="rounded-full bg-indigo-600 px-3 py-1 font-medium text-white shadow-sm hover:bg-indigo-500"
              aria-live="polite"
            >
              {newCount} new {newCount === 1 ? "trace" : "traces"}
            </button>
          )}
          <LiveIndicator ok={!first.error} updatedAt={first.dataUpdatedAt} now={now} />
        </div>
      </div>

      <FilterBar filters={filters} agents={agents} update={update} clear={clear} active={active} />

      {refreshFailed && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Live refresh failed: {(first.error as Error).message}. Showing the last loaded results.
        </p>
      )}

      {shownError && !first.data ? (
        <ErrorState message={shownError} onRetry={() => first.refetch()} onClear={active ? clear : undefined} />
      ) : !first.data ? (
        <TraceListSkeleton />
      ) : rows.length === 0 ? (
        active ? <NoMatch onClear={clear} /> : <FirstRun origin={origin} />
      ) : (
        <>
          <BulkBar selected={selected} filter={exportFilter} onClear={clearSelection} />
          <TraceTable
            rows={rows}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            filters={filters}
            sortBy={sortBy}
            fresh={fresh}
            now={now}
            agentNames={agentNames}
            dim={first.isPlaceholderData}
            onFilter={update}
          />
          <div className="flex items-center justify-between text-xs text-slate-500">
            <span>
              {rows.length} {rows.length === 1 ? "trace" : "traces"} shown{hasMore ? "; more match" : ""}
            </span>
            {moreActive?.error && <span className="text-red-700">Could not load more: {moreActive.error}</span>}
            {hasMore ? (
              <button
                type="button"
                onClick={loadMore}
                disabled={moreActive?.loading}
                className="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
              >
                {moreActive?.loading ? "Loading…" : "Load more"}
              </button>
            ) : (
              <span>End of list</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
