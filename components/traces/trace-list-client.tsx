"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ExportEvidenceButton } from "@/components/evidence/export-evidence-button";
import { useCan } from "@/components/providers";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { TrustBadge } from "@/components/ui/trust-badge";
import type { TraceListResponse, TraceSummary } from "@/lib/traces/schemas";
import {
  EMPTY_FILTERS, filtersFromParams, filtersToQuery, hasActiveFilters, inputUtcToIso, isoAgo, isoToInputUtc,
  type SortKey, type TraceFilters,
} from "./trace-filters";
import { TraceListSkeleton } from "./trace-list-skeleton";

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

const LIVE_MS = 3000;
const HIGHLIGHT_MS = 8000;
const TRUST_ORDER = ["trusted", "internal", "external", "unverified"];
const RISK_APPROVAL = 1.5;
const RISK_HALT = 2.0;
const RISK_SCALE = 3.0;

class ListError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

async function fetchTraces(qs: string, cursor: string | null, signal?: AbortSignal): Promise<TraceListResponse> {
  const p = new URLSearchParams(qs);
  if (cursor) p.set("cursor", cursor);
  const s = p.toString();
  let res: Response;
  try {
    res = await fetch(`/api/v1/traces${s ? `?${s}` : ""}`, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ListError("could not reach the server", 0);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ListError(body?.error?.message ?? `request failed (HTTP ${res.status})`, res.status);
  return body as TraceListResponse;
}

const clientError = (e: unknown) => e instanceof ListError && e.status >= 400 && e.status < 500;

/** Same order as the server: (key, id), nulls last for risk, both in the requested direction. */
function compareBy(sort: SortKey, order: "asc" | "desc") {
  const key = (t: TraceSummary): number | null =>
    sort === "last_seen" ? Date.parse(t.last_seen) : sort === "first_seen" ? Date.parse(t.first_seen) : sort === "risk" ? t.max_risk : t.event_count;
  const dir = order === "asc" ? 1 : -1;
  return (a: TraceSummary, b: TraceSummary) => {
    const ka = key(a), kb = key(b);
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else if (ka !== kb) return (ka - kb) * dir;
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
  };
}

// ---------- time ----------

function useNow(initial: number, everyMs = 10_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function relative(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)}d ago`;
  return iso.slice(0, 10);
}

function Time({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={utc(iso)} className="whitespace-nowrap tabular-nums">
      {relative(iso, now)}
    </time>
  );
}

// ---------- the component ----------

export function TraceListClient({ initial, initialQuery, initialError, agents, now: serverNow, origin }: Props) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [filters, setFilters] = useState<TraceFilters>(() => filtersFromParams(searchParams));
  const qs = filtersToQuery(filters);
  const now = useNow(serverNow);

  // View state → URL (shareable), without a reload. URLs we asked for are remembered so their echo is not read back
  // (a stale echo arriving after a newer change would otherwise undo that change).
  const pending = useRef(new Set<string>());
  const lastWritten = useRef(qs);
  useEffect(() => {
    if (lastWritten.current === qs) return;
    lastWritten.current = qs;
    pending.current.add(qs);
    router.replace(qs ? `/traces?${qs}` : "/traces", { scroll: false });
  }, [qs, router]);

  // URL → view state, when the URL changes from outside (nav link, back/forward).
  const urlQs = filtersToQuery(filtersFromParams(searchParams));
  useEffect(() => {
    if (pending.current.delete(urlQs) || urlQs === lastWritten.current) return;
    lastWritten.current = urlQs;
    setFilters(filtersFromParams(new URLSearchParams(urlQs)));
  }, [urlQs]);

  const update = useCallback((patch: Partial<TraceFilters>) => setFilters((f) => ({ ...f, ...patch })), []);
  const clear = useCallback(() => setFilters((f) => ({ ...EMPTY_FILTERS, sort: f.sort, order: f.order })), []);

  const first = useQuery({
    queryKey: ["traces", "list", qs],
    queryFn: ({ signal }) => fetchTraces(qs, null, signal),
    initialData: qs === initialQuery && initial ? initial : undefined,
    initialDataUpdatedAt: serverNow,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (clientError(q.state.error) ? false : LIVE_MS),
    retry: (n, e) => !clientError(e) && n < 2,
  });

  // Pages beyond the first ("Load more"). Everything loaded is kept by id; live refreshes of the first page
  // are merged in and the union is sorted like the server sorts, so no row vanishes when new ones push it down.
  type More = { qs: string; acc: Map<string, TraceSummary>; cursor: string | null; loading: boolean; error: string | null };
  const [more, setMore] = useState<More | null>(null);
  const moreActive = more && more.qs === qs ? more : null;

  useEffect(() => {
    if (!first.data || first.isPlaceholderData) return;
    const page = first.data.traces;
    setMore((m) => {
      if (!m || m.qs !== qs) return m;
      const acc = new Map(m.acc);
      for (const t of page) acc.set(t.id, t);
      return { ...m, acc };
    });
  }, [first.data, first.isPlaceholderData, qs]);

  // New traces: ids not seen before in this view get a highlight and count towards "N new".
  const known = useRef<{ qs: string; ids: Set<string> } | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [newCount, setNewCount] = useState(0);
  useEffect(() => {
    const data = first.data;
    if (!data || first.isPlaceholderData) return;
    if (!known.current || known.current.qs !== qs) {
      known.current = { qs, ids: new Set(data.traces.map((t) => t.id)) };
      setFresh(new Set());
      setNewCount(0);
      return;
    }
    const ids = known.current.ids;
    const added = data.traces.filter((t) => !ids.has(t.id)).map((t) => t.id);
    if (!added.length) return;
    for (const id of added) ids.add(id);
    setFresh((prev) => new Set([...prev, ...added]));
    setNewCount((n) => n + added.length);
    setTimeout(() => {
      setFresh((prev) => {
        const next = new Set(prev);
        for (const id of added) next.delete(id);
        return next;
      });
    }, HIGHLIGHT_MS);
  }, [first.data, first.isPlaceholderData, qs]);

  async function loadMore() {
    const data = first.data;
    if (!data || moreActive?.loading) return;
    const cursor = moreActive ? moreActive.cursor : data.next_cursor;
    if (!cursor) return;
    const forQs = qs;
    setMore((m) =>
      m && m.qs === forQs
        ? { ...m, loading: true, error: null }
        : { qs: forQs, acc: new Map(data.traces.map((t) => [t.id, t])), cursor, loading: true, error: null },
    );
    try {
      const page = await fetchTraces(forQs, cursor);
      for (const t of page.traces) known.current?.ids.add(t.id);
      setMore((m) => {
        if (!m || m.qs !== forQs) return m;
        const acc = new Map(m.acc);
        for (const t of page.traces) if (!acc.has(t.id)) acc.set(t.id, t);
        return { ...m, acc, cursor: page.next_cursor, loading: false };
      });
    } catch (e) {
      setMore((m) => (m && m.qs === forQs ? { ...m, loading: false, error: (e as Error).message } : m));
    }
  }

  const rows = useMemo(() => {
    if (!first.data) return [];
    if (!moreActive) return first.data.traces;
    const acc = new Map(moreActive.acc);
    for (const t of first.data.traces) acc.set(t.id, t);
    return [...acc.values()].sort(compareBy(filters.sort, filters.order));
  }, [first.data, moreActive, filters.sort, filters.order]);

  const hasMore = moreActive ? moreActive.cursor !== null : Boolean(first.data?.next_cursor);
  const active = hasActiveFilters(filters);
  const agentNames = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);

  // Row selection for bulk actions (compare two, export evidence). Kept in selection order across filter changes,
  // so "Compare" puts the first selected trace on the left.
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = useCallback((id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id])), []);
  const toggleAll = useCallback((ids: string[], on: boolean) => setSelected((s) => (on ? [...s, ...ids.filter((id) => !s.includes(id))] : s.filter((x) => !ids.includes(x)))), []);
  const filterRecord = useMemo(() => {
    const rec: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(qs)) if (k !== "sort" && k !== "order" && k !== "cursor" && k !== "limit") rec[k] = v;
    return rec;
  }, [qs]);

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
          <BulkBar selected={selected} filter={filterRecord} onClear={() => setSelected([])} />
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

// ---------- header bits ----------

function LiveIndicator({ ok, updatedAt, now }: { ok: boolean; updatedAt: number; now: number }) {
  const age = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1"
      title={`Refreshes every ${LIVE_MS / 1000} s while this tab is visible`}
    >
      <span className="relative flex h-2 w-2">
        {ok && <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" />}
        <span className={`relative inline-flex h-2 w-2 rounded-full ${ok ? "bg-emerald-500" : "bg-amber-500"}`} />
      </span>
      <span className="font-medium text-slate-700">{ok ? "Live" : "Paused"}</span>
      {age !== null && age >= 15 && <span>· updated {age < 60 ? `${age}s` : `${Math.floor(age / 60)}m`} ago</span>}
    </span>
  );
}

// ---------- filters ----------

const inputCls =
  "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
const labelCls = "flex flex-col gap-1 text-[11px] font-medium uppercase tracking-wide text-slate-500";

/** A text input that commits after the user pauses typing (and at once on Enter). */
function DebouncedInput({
  value, onCommit, delay = 350, ...rest
}: { value: string; onCommit: (v: string) => void; delay?: number } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">) {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  if (synced !== value) {
    // the committed value changed from outside (clear filters, URL): show it
    setSynced(value);
    setDraft(value);
  }
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    if (draft.trim() === value) return;
    const t = setTimeout(() => commit.current(draft.trim()), delay);
    return () => clearTimeout(t);
  }, [draft, value, delay]);
  return (
    <input
      {...rest}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit.current(draft.trim());
        if (e.key === "Escape" && draft) setDraft("");
      }}
    />
  );
}

const QUICK_RANGES = [
  { label: "1h", ms: 3600_000 },
  { label: "24h", ms: 86_400_000 },
  { label: "7d", ms: 7 * 86_400_000 },
];

function FilterBar({
  filters, agents, update, clear, active,
}: { filters: TraceFilters; agents: AgentOption[]; update: (p: Partial<TraceFilters>) => void; clear: () => void; active: boolean }) {
  const agentOptions = agents.some((a) => a.id === filters.agent) || !filters.agent ? agents : [{ id: filters.agent, name: filters.agent }, ...agents];
  const duplicateNames = new Set(agentOptions.map((a) => a.name).filter((n, i, all) => all.indexOf(n) !== i));
  const quickActive = (ms: number) => {
    if (!filters.from || filters.to) return false;
    return Math.abs(Date.parse(filters.from) - (Date.now() - ms)) < Math.max(120_000, ms * 0.02);
  };
  return (
    <form
      role="search"
      aria-label="Filter traces"
      onSubmit={(e) => e.preventDefault()}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className={`${labelCls} min-w-64 flex-1`}>
          Search
          <span className="relative">
            <svg viewBox="0 0 16 16" className="pointer-events-none absolute left-2 top-2 h-4 w-4 text-slate-400" aria-hidden>
              <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10.5 10.5l3 3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <DebouncedInput
              type="search"
              value={filters.q}
              onCommit={(q) => update({ q })}
              placeholder="Tools, arguments, reasons…"
              className={`${inputCls} w-full pl-8 normal-case tracking-normal`}
              aria-label="Free text search over tools, arguments and reasons"
            />
          </span>
        </label>
        <label className={labelCls}>
          Agent
          <select value={filters.agent} onChange={(e) => update({ agent: e.target.value })} className={`${inputCls} w-48 normal-case tracking-normal`}>
            <option value="">All agents</option>
            {agentOptions.map((a) => (
              <option key={a.id} value={a.id} title={a.id}>
                {duplicateNames.has(a.name) ? `${a.name} (${a.id})` : a.name}
              </option>
            ))}
          </select>
        </label>
        <label className={labelCls}>
          Final decision
          <select value={filters.decision} onChange={(e) => update({ decision: e.target.value })} className={`${inputCls} w-44 normal-case tracking-normal`}>
            <option value="">Any decision</option>
            <option value="allow">Allow</option>
            <option value="block">Block</option>
            <option value="require_approval">Approval required</option>
            <option value="none">None yet</option>
          </select>
        </label>
        <label className={labelCls}>
          Tool
          <DebouncedInput
            value={filters.tool}
            onCommit={(tool) => update({ tool })}
            placeholder="exact tool name"
            className={`${inputCls} w-40 font-mono normal-case tracking-normal`}
            spellCheck={false}
          />
        </label>
        <label className={labelCls}>
          Trust level present
          <select value={filters.trust} onChange={(e) => update({ trust: e.target.value })} className={`${inputCls} w-40 normal-case tracking-normal`}>
            <option value="">Any trust level</option>
            <option value="trusted">● trusted</option>
            <option value="internal">■ internal</option>
            <option value="external">▲ external</option>
            <option value="unverified">◆ unverified</option>
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <fieldset className={labelCls}>
          <legend className="mb-1">Max risk</legend>
          <span className="flex items-center gap-1">
            <DebouncedInput
              type="number" inputMode="decimal" min={0} step={0.1} value={filters.risk_min}
              onCommit={(risk_min) => update({ risk_min })} placeholder="min" aria-label="Minimum max risk"
              className={`${inputCls} w-20 tabular-nums`}
            />
            <span className="text-slate-400">–</span>
            <DebouncedInput
              type="number" inputMode="decimal" min={0} step={0.1} value={filters.risk_max}
              onCommit={(risk_max) => update({ risk_max })} placeholder="max" aria-label="Maximum max risk"
              className={`${inputCls} w-20 tabular-nums`}
            />
          </span>
        </fieldset>
        <fieldset className={labelCls}>
          <legend className="mb-1">Last seen (UTC)</legend>
          <span className="flex items-center gap-1">
            <input
              type="datetime-local" aria-label="Last seen from (UTC)" value={isoToInputUtc(filters.from)}
              onChange={(e) => update({ from: inputUtcToIso(e.target.value) })}
              className={`${inputCls} w-[13.5rem] normal-case tracking-normal`}
            />
            <span className="text-slate-400">–</span>
            <input
              type="datetime-local" aria-label="Last seen to (UTC)" value={isoToInputUtc(filters.to)}
              onChange={(e) => update({ to: inputUtcToIso(e.target.value) })}
              className={`${inputCls} w-[13.5rem] normal-case tracking-normal`}
            />
          </span>
        </fieldset>
        <div className="flex h-8 items-center overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm" role="group" aria-label="Quick time ranges">
          {QUICK_RANGES.map((r, i) => {
            const on = quickActive(r.ms);
            return (
              <button
                key={r.label}
                type="button"
                aria-pressed={on}
                onClick={() => update({ from: isoAgo(r.ms), to: "" })}
                title={`Last seen in the last ${r.label}`}
                className={`h-full px-3 ${i ? "border-l border-slate-300" : ""} ${on ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-700 hover:bg-slate-50"}`}
              >
                {r.label}
              </button>
            );
          })}
        </div>
        <div className="ml-auto flex items-center gap-2">
          <button
            type="button"
            onClick={clear}
            disabled={!active}
            className="h-8 rounded-md px-3 text-sm font-medium text-slate-600 hover:bg-slate-100 disabled:cursor-default disabled:text-slate-300 disabled:hover:bg-transparent"
          >
            Clear filters
          </button>
        </div>
      </div>
    </form>
  );
}

// ---------- table ----------

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
      <svg viewBox="0 0 10 10" className={`h-2.5 w-2.5 ${on ? "text-indigo-600" : "text-slate-300"}`} aria-hidden>
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

function BulkBar({ selected, filter, onClear }: { selected: string[]; filter: Record<string, string>; onClear: () => void }) {
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
          {n !== 2 && <span className="text-slate-500">Select exactly two traces to compare them.</span>}
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

function TraceTable({
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

function TraceRow({
  t, fresh, now, agentNames, onFilter, checked, onToggle,
}: {
  t: TraceSummary; fresh: boolean; now: number; agentNames: Map<string, string>; onFilter: (p: Partial<TraceFilters>) => void;
  checked: boolean; onToggle: (id: string) => void;
}) {
  const router = useRouter();
  const href = `/traces/${encodeURIComponent(t.id)}`;
  const trust = [...t.trust_levels].sort((a, b) => rank(a) - rank(b));
  return (
    <tr
      data-trace-id={t.id}
      data-fresh={fresh || undefined}
      onClick={(e) => {
        // the whole row opens the trace, unless the click was on a control or the reader is selecting text
        if ((e.target as HTMLElement).closest("a,button,input,select") || window.getSelection()?.toString()) return;
        if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
        else router.push(href);
      }}
      className={`cursor-pointer border-b border-slate-100 align-middle transition-colors duration-1000 last:border-0 hover:bg-slate-50 ${fresh ? "bg-indigo-50" : ""} ${checked ? "bg-indigo-50/60" : ""}`}
    >
      <td className="py-1.5 pl-3">
        <input
          type="checkbox"
          checked={checked}
          onChange={() => onToggle(t.id)}
          aria-label={`Select trace ${t.id}`}
          className="h-3.5 w-3.5 cursor-pointer accent-indigo-600"
        />
      </td>
      <td className="px-3 py-1.5">
        <div className="flex min-w-0 items-center gap-1.5">
          {fresh && <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-indigo-500" title="New since you opened this view" />}
          <Link href={href} className="truncate whitespace-nowrap font-mono text-xs font-medium text-indigo-700 hover:text-indigo-900 hover:underline" title={t.id} prefetch={false}>
            {middleEllipsis(t.id, fresh ? 21 : 23)}
          </Link>
        </div>
        <AgentLine agents={t.agents} names={agentNames} parent={t.parent_trace_id} />
      </td>
      <td className="px-3 py-1.5">
        {t.plan_intent ? (
          <div className="truncate text-slate-800" title={t.plan_intent}>
            {t.plan_intent}
          </div>
        ) : (
          <div className="text-slate-400">No plan recorded</div>
        )}
        {t.final_reason && (
          <div className="truncate text-xs text-slate-500" title={t.final_reason}>
            {t.final_reason}
          </div>
        )}
      </td>
      <td className="px-3 py-1.5">
        <ToolChips tools={t.tools} onFilter={onFilter} />
      </td>
      <td className="px-3 py-1.5">
        <DecisionBadge decision={t.final_decision} title={t.final_reason ? `Reason: ${t.final_reason}` : undefined} />
      </td>
      <td className="px-3 py-1.5">
        <RiskCell risk={t.max_risk} />
      </td>
      <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">{t.event_count.toLocaleString("en-US")}</td>
      <td className="px-3 py-1.5">
        {trust.length ? (
          <div className="flex flex-wrap gap-1">
            {trust.map((l) => {
              const n = t.trust_summary[l];
              return (
                <TrustBadge
                  key={l}
                  level={l}
                  title={`Trust level ${l}: ${n ?? "some"} provenance ${n === 1 ? "entry" : "entries"} in this trace`}
                />
              );
            })}
          </div>
        ) : (
          <span className="text-xs text-slate-300" title="No provenance recorded">—</span>
        )}
      </td>
      <td className="px-3 py-1.5">
        {t.budget_status === "violated" ? (
          <span
            className="inline-flex items-center gap-1 rounded bg-red-600 px-1.5 py-px text-[11px] font-semibold text-white"
            title="A budget limit was exceeded in this trace"
          >
            <svg viewBox="0 0 12 12" className="h-2.5 w-2.5" aria-hidden>
              <path d="M6 1.5v5M6 9.5v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
            Over
          </span>
        ) : (
          <span className="text-xs text-slate-400" title={`Budget: ${t.budget_status.replace(/_/g, " ")}`}>within</span>
        )}
      </td>
      <td className="px-3 py-1.5 text-xs">
        <div className="font-medium text-slate-700">
          <Time iso={t.last_seen} now={now} />
        </div>
        <div className="text-slate-400">
          started <Time iso={t.first_seen} now={now} />
        </div>
      </td>
    </tr>
  );
}

/** Trace ids often differ only at the end (`…_48538_36`), so shorten them in the middle. */
function middleEllipsis(s: string, max: number): string {
  if (s.length <= max) return s;
  const tail = Math.floor((max - 1) / 2);
  return `${s.slice(0, max - 1 - tail)}…${s.slice(s.length - tail)}`;
}

function rank(level: string): number {
  const i = TRUST_ORDER.indexOf(level);
  return i === -1 ? TRUST_ORDER.length : i;
}

function AgentLine({ agents, names, parent }: { agents: string[]; names: Map<string, string>; parent: string | null }) {
  const label = (id: string) => (names.get(id) && names.get(id) !== id ? `${names.get(id)} (${id})` : id);
  return (
    <div className="flex min-w-0 items-center gap-1 text-xs text-slate-500">
      {agents.length ? (
        <span className="truncate" title={agents.map(label).join("\n")}>
          {names.get(agents[0]) ?? agents[0]}
          {agents.length > 1 && <span className="ml-1 rounded bg-slate-100 px-1 text-[11px] text-slate-600">+{agents.length - 1}</span>}
        </span>
      ) : (
        <span className="text-slate-300">no agent</span>
      )}
      {parent && (
        <span className="shrink-0 rounded bg-slate-100 px-1 text-[10px] font-medium uppercase tracking-wide text-slate-500" title={`Child of trace ${parent}`}>
          child
        </span>
      )}
    </div>
  );
}

// Tool chips are monospace, so their width is predictable: show as many of the first three as fit on one line.
const CHIP_CHAR_PX = 6.7;
const CHIP_PAD_PX = 14;
const CHIP_MAX_PX = 150;
const TOOLS_CELL_PX = 176;

function chipsThatFit(tools: string[]): number {
  let used = 0;
  let n = 0;
  for (const t of tools.slice(0, 3)) {
    const w = Math.min(CHIP_MAX_PX, t.length * CHIP_CHAR_PX + CHIP_PAD_PX) + (n ? 4 : 0);
    const restChip = tools.length > n + 1 ? 30 : 0;
    if (n > 0 && used + w + restChip > TOOLS_CELL_PX) break;
    used += w;
    n++;
  }
  return Math.max(1, n);
}

function ToolChips({ tools, onFilter }: { tools: string[]; onFilter: (p: Partial<TraceFilters>) => void }) {
  if (!tools.length) return <span className="text-slate-300">—</span>;
  const shown = tools.slice(0, chipsThatFit(tools));
  const rest = tools.length - shown.length;
  return (
    <div className="flex min-w-0 items-center gap-1">
      {shown.map((tool) => (
        <button
          key={tool}
          type="button"
          onClick={() => onFilter({ tool })}
          title={`${tool}: click to show only traces using this tool`}
          className="min-w-0 max-w-[150px] shrink truncate rounded border border-slate-200 bg-slate-50 px-1.5 py-px font-mono text-[11px] text-slate-700 hover:border-indigo-300 hover:bg-indigo-50"
        >
          {tool}
        </button>
      ))}
      {rest > 0 && (
        <span className="shrink-0 rounded bg-slate-100 px-1 text-[11px] text-slate-600" title={tools.slice(shown.length).join("\n")}>
          +{rest}
        </span>
      )}
    </div>
  );
}

function RiskCell({ risk }: { risk: number | null }) {
  if (risk === null) return <span className="text-xs text-slate-300" title="No risk recorded">—</span>;
  const pct = Math.min(1, Math.max(0, risk / RISK_SCALE)) * 100;
  const tone = risk >= RISK_HALT ? ["bg-red-500", "text-red-700 font-semibold"] : risk >= RISK_APPROVAL ? ["bg-amber-500", "text-amber-700 font-semibold"] : ["bg-slate-400", "text-slate-700"];
  return (
    <div
      className="flex items-center gap-2"
      title={`Max chain risk ${risk} (defaults: ≥ ${RISK_APPROVAL} needs approval, ≥ ${RISK_HALT} halts)`}
    >
      <span className={`w-9 text-right text-xs tabular-nums ${tone[1]}`}>{risk.toFixed(2)}</span>
      <span className="relative h-1.5 w-12 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span className={`absolute inset-y-0 left-0 rounded-full ${tone[0]}`} style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}

// ---------- states ----------

function NoMatch({ onClear }: { onClear: () => void }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <p className="text-sm font-semibold text-slate-800">No traces match these filters</p>
      <p className="mt-1 text-sm text-slate-500">Widen the time range or remove a filter. New matching traces appear here live.</p>
      <button type="button" onClick={onClear} className="mt-4 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
        Clear filters
      </button>
    </div>
  );
}

function FirstRun({ origin }: { origin: string }) {
  const example = [
    `curl -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer $REPLAY_AUDIT_KEY" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"events":[{"id":"evt-1","trace_id":"trace-1","timestamp":"2026-01-01T10:00:00Z",`,
    `       "type":"agent.started","stage":"input","agent":{"id":"<your-agent-id>"},"schema_version":"1.0"}]}'`,
  ].join("\n");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8">
      <h2 className="text-base font-semibold text-slate-900">No traces yet</h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        A trace appears here as soon as an agent sends its first runtime event. Create an agent and issue it an API key on the{" "}
        <Link href="/agents" className="font-medium text-indigo-700 hover:underline">Agents</Link> page, then send events to{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs">POST /api/v1/events</code> (JSON or NDJSON, up to 1,000 events a
        request). Interceptor JSONL logs import with <code className="rounded bg-slate-100 px-1 font-mono text-xs">npm run import -- audit.jsonl --agent &lt;id&gt;</code>.
      </p>
      <pre className="mt-4 overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100">{example}</pre>
      <p className="mt-3 text-xs text-slate-500">This page refreshes every {LIVE_MS / 1000} seconds; the trace shows up without a reload.</p>
    </div>
  );
}

function ErrorState({ message, onRetry, onClear }: { message: string; onRetry: () => void; onClear?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
      <p className="text-sm font-semibold text-red-800">Could not load traces</p>
      <p className="mt-1 font-mono text-sm text-red-700">{message}</p>
      <div className="mt-4 flex gap-2">
        <button type="button" onClick={onRetry} className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-100">
          Retry
        </button>
        {onClear && (
          <button type="button" onClick={onClear} className="rounded-md px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-100">
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
