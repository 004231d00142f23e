"use client";
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import type { EventRow } from "@/lib/events/schemas";
import type { TraceEventsPage } from "@/lib/traces/schemas";
import { fetchTraceEvents } from "./api";

import { PAGE_SIZE } from "./page-size";
const LIVE_MS = 3_000;

/**
 * A trace's events in chain order, loaded page by page (keyset cursor = last seq) as the reader scrolls.
 * Once the last page is loaded, the tail is polled every 3 s and new events are appended to the same list,
 * so a live trace grows without refetching what is already on screen.
 */
export function useTraceEvents(traceId: string, stages: string[], initial: TraceEventsPage | null) {
  const qc = useQueryClient();
  const stageKey = stages.join(",");
  const key = useMemo(() => ["trace-events", traceId, stageKey] as const, [traceId, stageKey]);

  const q = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 0,
    queryFn: ({ pageParam }) => fetchTraceEvents(traceId, { cursor: pageParam, limit: PAGE_SIZE, stages }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    initialData: !stageKey && initial ? { pages: [initial], pageParams: [0] } : undefined,
    staleTime: Infinity, // pages of a chain never change; new events arrive through the tail poll
    refetchOnWindowFocus: false,
  });

  const events = useMemo(() => q.data?.pages.flatMap((p) => p.events) ?? [], [q.data]);
  const lastSeq = events.length ? events[events.length - 1].seq : 0;
  const atEnd = q.isSuccess && !q.hasNextPage;

  const tail = useQuery({
    queryKey: ["trace-events-tail", traceId, stageKey, lastSeq],
    queryFn: () => fetchTraceEvents(traceId, { cursor: lastSeq, limit: PAGE_SIZE, stages }),
    enabled: atEnd && !q.isFetchingNextPage,
    refetchInterval: LIVE_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });

  useEffect(() => {
    const page = tail.data;
    if (!page || page.events.length === 0) return;
    qc.setQueryData<InfiniteData<TraceEventsPage, number>>(key, (old) => {
      if (!old) return old;
      const known = old.pages[old.pages.length - 1]?.events.at(-1)?.seq ?? 0;
      const fresh = page.events.filter((e) => e.seq > known);
      if (!fresh.length) return old;
      return { pages: [...old.pages, { events: fresh, next_cursor: page.next_cursor }], pageParams: [...old.pageParams, known] };
    });
  }, [tail.data, qc, key]);

  return {
    events: events as EventRow[],
    isLoading: q.isPending,
    error: q.error ?? null,
    hasNextPage: q.hasNextPage,
    isFetchingNextPage: q.isFetchingNextPage,
    fetchNextPage: q.fetchNextPage,
    live: atEnd,
    liveError: tail.error ?? null,
    refetch: q.refetch,
  };
}
