import "server-only";
import { diffReconstruction } from "@/engine/replay/diff";
import { reconstructTrace } from "@/engine/replay/reconstruct";
import { approvalIdsToCheck, markMissingApprovals, outcomeOf } from "@/engine/replay/trace-outcome";
import type { RecordedEvent } from "@/engine/events/recorded";
import { prisma } from "@/lib/db";
import { traceNotFound } from "@/lib/traces/get-trace";
import { loadRecordedEvents } from "./load-recorded-events";
import { REPLAY_EVENT_LIMIT, type TraceDiffResponse, type TraceOutcomeResponse } from "./schemas";

/**
 * Replay diff and the trace's outcome (engine/replay) over its first REPLAY_EVENT_LIMIT events; null when unknown.
 * Approvals the trace references but the server does not hold are marked missing before the diff is made.
 */
export async function getTraceDiff(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<TraceDiffResponse | null> {
  const loaded = await loadRecordedEvents(traceId, limit);
  if (!loaded) return null;
  const diff = await diffWithStoredApprovals(loaded.events);
  return { trace_id: traceId, event_limit: limit, truncated: loaded.truncated, diff, outcome: outcomeOf(diff) };
}

/** The replay diff of recorded events, with referenced approvals checked against the approvals table. */
export async function diffWithStoredApprovals(events: RecordedEvent[]) {
  const rec = reconstructTrace(events);
  const ids = approvalIdsToCheck(rec, events);
  const stored = ids.length ? new Set((await prisma.approval.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id)) : new Set<string>();
  return diffReconstruction(markMissingApprovals(rec, (id) => stored.has(id), new Set(ids)));
}

/**
 * The trace's outcome with, per step, its label and event seqs: what the timeline's step headers need, without the
 * whole diff (the 10k crawl's diff is ~4 MB, this ~0.2 MB). Null when the trace is unknown.
 */
export async function getTraceOutcome(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<TraceOutcomeResponse | null> {
  const loaded = await loadRecordedEvents(traceId, limit);
  if (!loaded) return null;
  const diff = await diffWithStoredApprovals(loaded.events);
  const { steps, ...outcome } = outcomeOf(diff);
  const seqs = new Map(diff.plans.flatMap((p) => p.steps.map((s) => [s.step.key, s.step.event_seqs] as const)));
  return {
    trace_id: traceId, truncated: loaded.truncated, outcome,
    steps: steps.map((s) => ({ key: s.key, effective: s.effective, label: s.label, seqs: seqs.get(s.key) ?? [] })),
  };
}

/** Replay diff of one trace; a 404 naming the trace when it is unknown. */
export async function getTraceDiffOrThrow(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<TraceDiffResponse> {
  return (await getTraceDiff(traceId, limit)) ?? traceNotFound(traceId);
}
