import "server-only";
import { diffReconstruction } from "@/engine/replay/diff";
import { reconstructTrace } from "@/engine/replay/reconstruct";
import { engineApprovalIds, markMissingApprovals, outcomeOf } from "@/engine/replay/trace-outcome";
import type { RecordedEvent } from "@/engine/events/recorded";
import { prisma } from "@/lib/db";
import { loadRecordedEvents } from "./load-recorded-events";
import { REPLAY_EVENT_LIMIT, type TraceDiffResponse } from "./schemas";

/**
 * Replay diff and the trace's outcome (engine/replay) over its first REPLAY_EVENT_LIMIT events; null when unknown.
 * Approvals the engine's plans reference but the server does not hold are marked missing before the diff is made.
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
  const ids = engineApprovalIds(rec);
  const stored = ids.length ? new Set((await prisma.approval.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id)) : new Set<string>();
  return diffReconstruction(markMissingApprovals(rec, (id) => stored.has(id)));
}
