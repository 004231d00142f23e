"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { getJson, RequestError } from "@/components/ui/request-json";
import type { TraceListResponse, TraceSummary } from "@/lib/traces/schemas";
import type { SortKey, TraceFilters } from "./trace-filters";

export const LIVE_MS = 3000;
const HIGHLIGHT_MS = 8000;

function fetchTraces(qs: string, cursor: string | null, signal?: AbortSignal): Promise<TraceListResponse> {
  const p = new URLSearchParams(qs);
  if (cursor) p.set("cursor", cursor);
  const s = p.toString();
  return getJson<TraceListResponse>(`/api/v1/traces${s ? `?${s}` : ""}`, signal);
}

/** A 4xx (bad filter values): polling or retrying would only repeat it. */
const isClientError = (e: unknown) => e instanceof RequestError && e.isClientError;

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

/** A clock for relative times, starting at the server's so the first render hydrates identically. */
export function useNow(initial: number, everyMs = 10_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/**
 * The list's data for one filter query: the first page polled live every LIVE_MS (kept while a new query loads),
 * pages beyond it on "Load more", and which rows are new since the view opened.
 */
export function useTraceList({ qs, filters, initial, initialQuery, serverNow }: {
  qs: string; filters: TraceFilters; initial: TraceListResponse | null; initialQuery: string; serverNow: number;
}) {
  const first = useQuery({
    queryKey: ["traces", "list", qs],
    queryFn: ({ signal }) => fetchTraces(qs, null, signal),
    initialData: qs === initialQuery && initial ? initial : undefined,
    initialDataUpdatedAt: serverNow,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (isClientError(q.state.error) ? false : LIVE_MS),
    retry: (n, e) => !isClientError(e) && n < 2,
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

  return { first, rows, hasMore, moreActive, loadMore, fresh, newCount, setNewCount };
}
