import "server-only";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import type { RecordedEvent } from "@/engine/events/recorded";
import { buildExecutionGraph, type ExecutionGraph } from "@/engine/graph/build-graph";
import { replayDiff } from "@/engine/replay/diff";
import { streamTraceEvents, type TraceCut } from "./stream-events";

/**
 * graph.json and diff.json of an evidence package. Both analyses need a trace's events in memory, so they run
 * only when the package holds at most ANALYSIS_MAX_EVENTS events; above that the files say so instead (the
 * timeline, events.jsonl and the checkpoint are complete either way).
 *
 * graph.json is engine/graph's `buildExecutionGraph` (expanded mode, all traces of the package in one graph, as
 * the Graph tab draws linked traces); diff.json is engine/replay's `replayDiff` per trace.
 */

export const ANALYSIS_MAX_EVENTS = 20_000;

export type TaintPathWords = { words: string; outcome: string; trust: string };
export type AnalysisFiles = { "graph.json": string; "diff.json": string; note: string | null; taintPaths: TaintPathWords[] | null };

/** The execution graph over all the package's events (traces linked by parent_trace_id join into one graph). */
export function executionGraph(events: RecordedEvent[]): ExecutionGraph {
  return buildExecutionGraph(events, { mode: "expanded" });
}

/** The replay diff of each trace, keyed by trace id (traces in id order). */
export function replayDiffJson(byTrace: Map<string, RecordedEvent[]>): unknown {
  const traces: Record<string, unknown> = {};
  for (const id of [...byTrace.keys()].sort()) traces[id] = replayDiff(byTrace.get(id)!);
  return { status: "ok", traces };
}

export async function buildAnalysisFiles(traces: TraceCut[], signal?: AbortSignal): Promise<AnalysisFiles> {
  const total = traces.reduce((s, t) => s + t.headSeq, 0);
  if (total > ANALYSIS_MAX_EVENTS) {
    const tooLarge = (what: string) =>
      canonicalJson({ status: "too_large", event_count: total, limit: ANALYSIS_MAX_EVENTS, reason: `the ${what} is computed for packages of at most ${ANALYSIS_MAX_EVENTS} events; open the traces in Replay Audit for it` }) + "\n";
    return {
      "graph.json": tooLarge("execution graph"),
      "diff.json": tooLarge("replay diff"),
      note: `The package holds ${total} events, over the ${ANALYSIS_MAX_EVENTS} for which graph.json and diff.json are computed; they hold a note instead.`,
      taintPaths: null,
    };
  }
  const all: RecordedEvent[] = [];
  const byTrace = new Map<string, RecordedEvent[]>();
  for await (const e of streamTraceEvents(traces, { signal })) {
    const r: RecordedEvent = { trace_id: e.trace_id, seq: e.seq, hash: e.hash, event: e.event };
    all.push(r);
    let list = byTrace.get(e.trace_id);
    if (!list) byTrace.set(e.trace_id, (list = []));
    list.push(r);
  }
  const graph = executionGraph(all);
  return {
    "graph.json": canonicalJson({ status: "ok", ...graph }) + "\n",
    "diff.json": canonicalJson(replayDiffJson(byTrace)) + "\n",
    note: null,
    taintPaths: graph.taint_paths.map((p) => ({ words: p.words, outcome: p.outcome, trust: p.trust })),
  };
}
