"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { EMPTY_FILTERS, filtersFromParams, filtersToQuery, type TraceFilters } from "./trace-filters";

/** The list's filters, mirrored in the URL (shareable, back/forward) without a reload. */
export function useUrlFilters() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [filters, setFilters] = useState<TraceFilters>(() => filtersFromParams(searchParams));
  const qs = filtersToQuery(filters);

  // View state → URL. URLs we asked for are remembered so their echo is not read back
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

  return { filters, qs, update, clear };
}
