"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { EventRow } from "@/lib/events/schemas";
import type { TraceDetail, TraceEventsPage } from "@/lib/traces/schemas";
import { fetchTrace } from "./api";
import { EventInspector } from "./event-inspector";
import { PlanView } from "./plan-view";
import { STAGE_STYLE, PIPELINE } from "./stages";
import { Spinner } from "@/components/ui/spinner";
import { stepOutcomesBySeq, Timeline } from "./timeline";
import { fetchTraceOutcome } from "@/components/replay/api";
import { TraceSummary } from "./trace-summary";
import { useTraceEvents } from "./use-trace-events";
import { TraceGraphTab } from "@/components/trace-graph/trace-graph-tab";
import { TraceReplayTab } from "@/components/replay/trace-replay-tab";
import { ExportEvidenceButton } from "@/components/evidence/export-evidence-button";
import { useCan } from "@/components/providers";

/** Tabs of the trace detail, chosen by `?tab=`. */
const TABS = [
  { id: "timeline", label: "Timeline" },
  { id: "plan", label: "Plan" },
  { id: "graph", label: "Graph" },
  { id: "replay", label: "Replay diff" },
] as const;
type TabId = (typeof TABS)[number]["id"];
const isTab = (v: string | null): v is TabId => TABS.some((t) => t.id === v);

export function TraceDetailClient({ initialTrace, initialEvents }: { initialTrace: TraceDetail; initialEvents: TraceEventsPage }) {
  const id = initialTrace.id;
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const tabParam = search.get("tab");
  const tab: TabId = isTab(tabParam) ? tabParam : "timeline";
  const stages = useMemo(
    () => (search.get("stage") ?? "").split(",").filter((s) => (PIPELINE as readonly string[]).includes(s) || s === "admin"),
    [search],
  );

  const setParam = useCallback(
    (k: string, v: string | null) => {
      const p = new URLSearchParams(search.toString());
      if (v) p.set(k, v);
      else p.delete(k);
      const qs = p.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname, search],
  );

  const canReplay = useCan("replay:run");
  const trace = useQuery({ queryKey: ["trace", id], queryFn: () => fetchTrace(id), initialData: initialTrace, refetchInterval: 3_000 });
  const t = trace.data ?? initialTrace;
  const evs = useTraceEvents(id, stages, initialEvents);

  const [selected, setSelected] = useState<EventRow | null>(null);
  // step headers show the engine's outcome of each step, refreshed when the trace grows
  const outcomeQ = useQuery({ queryKey: ["traces", id, "outcome", t.head_seq], queryFn: ({ signal }) => fetchTraceOutcome(id, signal), staleTime: 10_000 });
  const stepOutcomes = useMemo(() => (outcomeQ.data ? stepOutcomesBySeq(outcomeQ.data.steps) : undefined), [outcomeQ.data]);
  const step = useCallback(
    (dir: 1 | -1) => {
      setSelected((cur) => {
        if (!cur) return cur;
        const i = evs.events.findIndex((e) => e.id === cur.id);
        if (i < 0) return cur;
        return evs.events[Math.min(evs.events.length - 1, Math.max(0, i + dir))];
      });
    },
    [evs.events],
  );
  const close = useCallback(() => setSelected(null), []);

  function toggleStage(s: string) {
    const next = stages.includes(s) ? stages.filter((x) => x !== s) : [...stages, s];
    setParam("stage", next.length ? PIPELINE.concat("admin").filter((x) => next.includes(x)).join(",") : null);
  }

  const filteredTotal = stages.length ? stages.reduce((n, s) => n + (t.stage_counts[s] ?? 0), 0) : t.event_count;

  return (
    <div className="flex h-[calc(100vh-3rem-3rem)] min-h-[640px] flex-col gap-3">
      <nav className="flex items-center gap-1.5 text-xs text-slate-500" aria-label="Breadcrumb">
        <Link href="/traces" className="hover:text-indigo-700 hover:underline">Traces</Link>
        <span>/</span>
        <span className="truncate font-mono text-slate-700">{id}</span>
        {trace.error && <span className="ml-auto text-amber-700">Live refresh failed: {trace.error.message}; showing the last loaded state</span>}
        <span className={`flex items-center gap-2 ${trace.error ? "" : "ml-auto"}`}>
          {canReplay && (
            <Link href={`/replay?trace=${encodeURIComponent(id)}`} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50"
              title="Re-decide this trace's recorded plans under another policy version or a draft (nothing is written into the trace)">
              What-if…
            </Link>
          )}
          <ExportEvidenceButton traceIds={[id]} />
        </span>
      </nav>

      <TraceSummary t={t} live={!trace.error} foreign={outcomeQ.data?.outcome.foreign} />

      <div className="flex items-end gap-4 border-b border-slate-200">
        <div role="tablist" className="flex gap-1">
          {TABS.map((x) => (
            <button
              key={x.id}
              role="tab"
              aria-selected={tab === x.id}
              onClick={() => setParam("tab", x.id === "timeline" ? null : x.id)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === x.id ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {x.label}
            </button>
          ))}
        </div>
        {tab === "timeline" && (
          <div className="ml-auto pb-2 text-xs text-slate-500" data-testid="loaded-count">
            {evs.events.length.toLocaleString("en-US")} of {filteredTotal.toLocaleString("en-US")} events loaded
            {evs.isFetchingNextPage && <span className="ml-2 inline-flex items-center gap-1"><Spinner /> loading</span>}
            {evs.live && <span className="ml-2 text-emerald-700">· at head, watching for new events</span>}
          </div>
        )}
      </div>

      {tab === "timeline" ? (
        <>
          <div className="flex flex-wrap items-center gap-1.5" aria-label="Filter by stage">
            <span className="mr-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">Stages</span>
            <button
              onClick={() => setParam("stage", null)}
              aria-pressed={stages.length === 0}
              className={`rounded-full px-2.5 py-0.5 text-xs ring-1 ring-inset ${stages.length === 0 ? "bg-slate-800 text-white ring-slate-800" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"}`}
            >
              All <span className="tabular-nums opacity-70">{t.event_count.toLocaleString("en-US")}</span>
            </button>
            {[...PIPELINE, ...(t.stage_counts.admin ? (["admin"] as const) : [])].map((s) => {
              const on = stages.includes(s);
              const n = t.stage_counts[s] ?? 0;
              const st = STAGE_STYLE[s];
              return (
                <button
                  key={s}
                  onClick={() => toggleStage(s)}
                  aria-pressed={on}
                  disabled={n === 0 && !on}
                  className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs ring-1 ring-inset disabled:cursor-not-allowed disabled:opacity-40 ${
                    on ? `${st.chip} ring-2 font-semibold` : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
                  }`}
                >
                  <span className={`h-2 w-2 rounded-full ${st.dot}`} aria-hidden />
                  {s}
                  <span className="tabular-nums text-slate-500">{n.toLocaleString("en-US")}</span>
                </button>
              );
            })}
          </div>
          {evs.error ? (
            <div className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
              Could not load events: {evs.error.message}{" "}
              <button onClick={() => evs.refetch()} className="ml-2 underline">Retry</button>
            </div>
          ) : evs.isLoading ? (
            <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-white p-6 text-sm text-slate-500"><Spinner /> Loading events…</div>
          ) : evs.events.length === 0 ? (
            <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
              {stages.length ? "No events in the selected stages." : "This trace has no events yet. New events appear here within 3 seconds."}
            </div>
          ) : (
            <Timeline
              events={evs.events}
              selectedId={selected?.id ?? null}
              onSelect={setSelected}
              hasNextPage={evs.hasNextPage}
              isFetchingNextPage={evs.isFetchingNextPage}
              fetchNextPage={evs.fetchNextPage}
              totalHint={filteredTotal}
              stepOutcomes={stepOutcomes}
            />
          )}
        </>
      ) : tab === "plan" ? (
        <PlanView traceId={id} onOpenEvent={setSelected} />
      ) : tab === "graph" ? (
        <TraceGraphTab traceId={id} onOpenEvent={setSelected} />
      ) : (
        <TraceReplayTab traceId={id} onOpenEvent={setSelected} />
      )}

      {selected && <EventInspector ev={selected} onClose={close} onStep={step} />}
    </div>
  );
}
