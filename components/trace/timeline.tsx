"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef } from "react";
import type { EventRow } from "@/lib/events/schemas";
import { Spinner } from "@/components/ui/spinner";
import { DecisionBadge } from "./decision-badge";
import { fmtRisk, riskTone, utcTime } from "@/components/ui/format";
import { ProvenanceBadges } from "./provenance-badge";
import { PIPELINE, stageStyle } from "./stages";

/**
 * Rows of the timeline: events in chain order, with a header row wherever the step changes, so a reviewer
 * reads each plan step's pass through the governance stages as one block without losing execution order.
 */
/** A step's outcome as the engine reads the whole trace: effective decision after approvals and its label. */
export type StepHeaderOutcome = { effective: string; label: string };

/** Event seq → its step's outcome. A seq that several steps list (the plan event) is left out: it opens no step header. */
export function stepOutcomesBySeq(steps: ReadonlyArray<{ key: string; effective: string; label: string; seqs: number[] }>): Map<number, StepHeaderOutcome> {
  const out = new Map<number, StepHeaderOutcome>();
  const shared = new Set<number>();
  for (const o of steps) {
    for (const seq of o.seqs) {
      if (out.has(seq) && out.get(seq) !== o) shared.add(seq);
      else out.set(seq, o);
    }
  }
  for (const seq of shared) out.delete(seq);
  return out;
}

/** A step header's outcome: that of the first of its events the engine tied to a step (context events it does not). */
function outcomeOfGroup(g: { seqs: number[] }, outcomes: ReadonlyMap<number, StepHeaderOutcome> | undefined): StepHeaderOutcome | undefined {
  if (!outcomes) return undefined;
  for (const seq of g.seqs) {
    const o = outcomes.get(seq);
    if (o) return o;
  }
  return undefined;
}

export type TimelineItem =
  | { kind: "group"; key: string; step: number | null; tool: string | null; toolFromAction: boolean; count: number; decision: string | null; firstSeq: number; seqs: number[] }
  | { kind: "event"; key: string; ev: EventRow };

const ROW_H = 34;
const GROUP_H = 30;
const VERDICTS = new Set(["allow", "block", "require_approval"]);
const ACTING_STAGES = new Set(["capability", "policy", "budget", "risk", "decision", "approval", "execution"]);

export function buildItems(events: EventRow[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let group: Extract<TimelineItem, { kind: "group" }> | null = null;
  for (const ev of events) {
    const step = ev.event.step ?? null;
    if (!group || group.step !== step) {
      group = { kind: "group", key: `g${ev.seq}`, step, tool: null, toolFromAction: false, count: 0, decision: null, firstSeq: ev.seq, seqs: [] };
      items.push(group);
    }
    group.count++;
    group.seqs.push(ev.seq);
    // name the step by the tool it governs (decision/execution events), not a tool whose result fed into it
    if (ev.event.tool && (!group.tool || ACTING_STAGES.has(ev.event.stage) && !group.toolFromAction)) {
      group.tool = ev.event.tool;
      group.toolFromAction = ACTING_STAGES.has(ev.event.stage);
    }
    if (ev.event.decision && VERDICTS.has(ev.event.decision) && !ev.flags.includes("explain") && !ev.flags.includes("dry_run")) {
      group.decision = ev.event.decision;
    }
    items.push({ kind: "event", key: ev.id, ev });
  }
  return items;
}

// column template shared by the header and the rows
const COL_COUNT = 9;
const COLS = "grid grid-cols-[64px_98px_190px_minmax(120px,1.1fr)_minmax(90px,0.8fr)_150px_minmax(140px,1.6fr)_104px_minmax(150px,1.3fr)]";

export function Timeline({
  events,
  selectedId,
  onSelect,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  totalHint,
  stepOutcomes,
}: {
  /** the server's step outcomes by event seq (trace-outcome.ts): step headers show these, not the last event's word */
  stepOutcomes?: ReadonlyMap<number, StepHeaderOutcome>;
  events: EventRow[];
  selectedId: string | null;
  onSelect: (ev: EventRow) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  totalHint: number;
}) {
  const items = useMemo(() => buildItems(events), [events]);
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => parentRef.current,
    estimateSize: (i) => (items[i]?.kind === "group" ? GROUP_H : ROW_H),
    overscan: 16,
    useFlushSync: false, // let React batch scroll renders instead of flushing each scroll event synchronously
    getItemKey: (i) => items[i]?.key ?? "loader",
  });
  const virtualItems = v.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;

  // load the next page well before the reader reaches the end of what is loaded
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 80) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, items.length, fetchNextPage]);

  // keep the selected row in view when it is moved with the keyboard
  useEffect(() => {
    if (!selectedId) return;
    const i = items.findIndex((it) => it.kind === "event" && it.ev.id === selectedId);
    if (i >= 0) v.scrollToIndex(i, { align: "auto" });
  }, [selectedId]); // eslint-disable-line react-hooks/exhaustive-deps

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key !== "Enter" && e.key !== "j" && e.key !== "k") return;
    if (selectedId) return; // the open inspector moves the selection (window-level j/k)
    const evs = items.filter((it): it is Extract<TimelineItem, { kind: "event" }> => it.kind === "event");
    if (!evs.length) return;
    e.preventDefault();
    const first = v.getVirtualItems().map((vi) => items[vi.index]).find((it) => it?.kind === "event");
    onSelect(first && first.kind === "event" ? first.ev : evs[0].ev);
  }

  return (
    // One grid: the header row and the rendered rows. Rows are virtualised, so each carries its aria-rowindex and the
    // grid its row count (header + rows built so far), or -1 while more pages can still load.
    <div
      className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-md border border-slate-200 bg-white"
      role="grid"
      aria-label="Trace timeline"
      aria-rowcount={hasNextPage ? -1 : items.length + 1}
    >
      <div className={`${COLS} shrink-0 items-center gap-x-3 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-[11px] font-semibold uppercase tracking-wide text-slate-600`} role="row" aria-rowindex={1}>
        <span role="columnheader" className="text-right">Seq</span>
        <span role="columnheader">Time (UTC)</span>
        <span role="columnheader">Stage</span>
        <span role="columnheader">Type</span>
        <span role="columnheader">Tool</span>
        <span role="columnheader">Decision</span>
        <span role="columnheader">Reason</span>
        <span role="columnheader" className="text-right" title="step risk / running R_total">Risk / R_total</span>
        <span role="columnheader">Provenance</span>
      </div>
      <div
        ref={parentRef}
        className="min-h-0 flex-1 overflow-auto outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        tabIndex={0}
        onKeyDown={onKeyDown}
        role="rowgroup"
        aria-label={`Events, ${totalHint.toLocaleString("en-US")} in this view`}
        data-testid="timeline-scroll"
      >
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {virtualItems.map((vi) => {
            const it = items[vi.index];
            if (!it) {
              const style = { position: "absolute" as const, top: 0, left: 0, right: 0, height: vi.size, transform: `translateY(${vi.start}px)` };
              return (
                <div key="loader" style={style} role="row" aria-rowindex={vi.index + 2} className="flex items-center px-3 text-xs text-slate-500">
                  <span role="gridcell" aria-colspan={COL_COUNT} className="flex items-center gap-2"><Spinner /> Loading events after #{events.at(-1)?.seq ?? 0}…</span>
                </div>
              );
            }
            if (it.kind === "group") return <GroupRow key={it.key} g={it} start={vi.start} size={vi.size} rowIndex={vi.index + 2} outcome={it.step === null ? undefined : outcomeOfGroup(it, stepOutcomes)} />;
            return <EventRowView key={it.key} ev={it.ev} start={vi.start} size={vi.size} rowIndex={vi.index + 2} selected={it.ev.id === selectedId} onSelect={onSelect} />;
          })}
        </div>
      </div>
    </div>
  );
}

function rowStyle(start: number, size: number): React.CSSProperties {
  return { position: "absolute", top: 0, left: 0, right: 0, height: size, transform: `translateY(${start}px)` };
}

// rows are memoized on their position, so scrolling renders only the rows that come into view
const GroupRow = memo(function GroupRow({ g, start, size, rowIndex, outcome }: { g: Extract<TimelineItem, { kind: "group" }>; start: number; size: number; rowIndex: number; outcome?: StepHeaderOutcome }) {
  const style = rowStyle(start, size);
  return (
    <div style={style} className="flex border-b border-slate-200 bg-slate-100/80 px-3 text-xs text-slate-600" role="row" aria-rowindex={rowIndex} data-group-step={g.step ?? "none"}>
      <div role="gridcell" aria-colspan={COL_COUNT} className="flex min-w-0 flex-1 items-center gap-2">
        <span className="font-semibold text-slate-800">{g.step === null ? "Trace-level" : `Step ${g.step}`}</span>
        {g.tool && <code className="rounded bg-white px-1 py-px text-[11px] text-slate-700 ring-1 ring-slate-200">{g.tool}</code>}
        <span className="text-slate-600" aria-hidden>·</span>
        <span className="tabular-nums">{g.count} event{g.count === 1 ? "" : "s"} from #{g.firstSeq}</span>
        {outcome ? (
          <span className="ml-auto flex items-center gap-1.5" data-testid="step-outcome">
            <span className="text-slate-600">outcome</span>
            {outcome.effective !== "none" && <DecisionBadge decision={outcome.effective} />}
            <span className="text-slate-700">{outcome.label}</span>
          </span>
        ) : g.decision && (
          <span className="ml-auto flex items-center gap-1.5">
            <span className="text-slate-600">outcome</span>
            <DecisionBadge decision={g.decision} />
          </span>
        )}
      </div>
    </div>
  );
});

const EventRowView = memo(function EventRowView({
  ev, start, size, rowIndex, selected, onSelect,
}: { ev: EventRow; start: number; size: number; rowIndex: number; selected: boolean; onSelect: (ev: EventRow) => void }) {
  const style = rowStyle(start, size);
  const e = ev.event;
  const st = stageStyle(e.stage);
  const reason = e.reasons?.[0];
  return (
    <div
      style={style}
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      data-seq={ev.seq}
      onClick={() => onSelect(ev)}
      className={`${COLS} cursor-pointer items-center gap-x-3 border-b border-slate-100 px-3 text-[13px] ${
        selected ? "bg-indigo-50 outline outline-1 -outline-offset-1 outline-indigo-400" : "hover:bg-slate-50"
      }`}
    >
      <span role="gridcell" className="text-right font-mono text-xs tabular-nums text-slate-600">{ev.seq}</span>
      <span role="gridcell" className="font-mono text-xs tabular-nums text-slate-600" title={e.timestamp}>{utcTime(e.timestamp)}</span>
      <span role="gridcell" className="flex items-center gap-2" title={`stage: ${e.stage}`}>
        <StageLanes stage={e.stage} />
        <span className={`truncate text-xs font-medium ${st.text}`}>{e.stage}</span>
      </span>
      <span role="gridcell" className="truncate font-mono text-xs text-slate-800" title={e.type}>
        {e.type}
        {ev.flags.length > 0 && <span className="ml-1 rounded bg-slate-100 px-1 text-[10px] text-slate-600">{ev.flags.join(",")}</span>}
      </span>
      <span role="gridcell" className="truncate font-mono text-xs text-slate-700" title={e.tool ?? undefined}>{e.tool ?? <span className="text-slate-600">—</span>}</span>
      <span role="gridcell" className="min-w-0"><DecisionBadge decision={e.decision} /></span>
      <span role="gridcell" className="truncate text-xs text-slate-600" title={e.reasons?.join("\n")}>{reason ?? <span className="text-slate-600">—</span>}</span>
      <span role="gridcell" className="text-right font-mono text-xs tabular-nums">
        {e.risk ? (
          <>
            <span className={riskTone(e.risk.step_risk)}>{fmtRisk(e.risk.step_risk)}</span>
            <span className="text-slate-600"> / </span>
            <span className={riskTone(e.risk.r_total)}>{fmtRisk(e.risk.r_total)}</span>
          </>
        ) : (
          <span className="text-slate-600">—</span>
        )}
      </span>
      <span role="gridcell" className="min-w-0 overflow-hidden"><ProvenanceBadges list={e.provenance} max={1} /></span>
    </div>
  );
});

/** The pipeline as a row of lanes with the event's stage lit: where in the governance path this event sits. */
function StageLanes({ stage }: { stage: string }) {
  const st = stageStyle(stage);
  return (
    <span className="flex shrink-0 items-center gap-px" aria-hidden>
      {PIPELINE.map((s) => (
        <span key={s} className={`h-3.5 w-[7px] rounded-[1px] ${s === stage ? st.dot : "bg-slate-100"}`} />
      ))}
    </span>
  );
}
