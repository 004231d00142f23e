import "server-only";
import { replayDiff } from "@/engine/replay/diff";
import { traceNotFound } from "@/lib/traces/get-trace";
import { loadRecordedEvents } from "./load-recorded-events";
import { REPLAY_EVENT_LIMIT, type TraceDiffResponse } from "./schemas";

/** Replay diff of one trace (engine/replay/diff.ts) over its first REPLAY_EVENT_LIMIT events; null when unknown. */
export async function getTraceDiff(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<TraceDiffResponse | null> {
  const loaded = await loadRecordedEvents(traceId, limit);
  if (!loaded) return null;
  return { trace_id: traceId, event_limit: limit, truncated: loaded.truncated, diff: replayDiff(loaded.events) };
}

/** Replay diff of one trace; a 404 naming the trace when it is unknown. */
export async function getTraceDiffOrThrow(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<TraceDiffResponse> {
  return (await getTraceDiff(traceId, limit)) ?? traceNotFound(traceId);
}
