import "server-only";
import type { RecordedEvent } from "@/engine/events/recorded";
import type { RuntimeEvent } from "@/engine/events/schema";
import { pgPool } from "@/lib/pg-pool";
import { REPLAY_EVENT_LIMIT } from "./schemas";

export type LoadedTrace = { events: RecordedEvent[]; truncated: boolean };

/**
 * A trace's events in chain order as the engine's analyses take them, at most `limit` (the first ones: a replay
 * diff needs the plan before its executions). Null when the trace does not exist. One indexed query on
 * (trace_id, seq); bodies are read as text and parsed here (faster than the driver's jsonb decoding).
 */
export async function loadRecordedEvents(traceId: string, limit = REPLAY_EVENT_LIMIT): Promise<LoadedTrace | null> {
  const pool = pgPool();
  const [exists, rows] = await Promise.all([
    pool.query<{ n: number }>("SELECT event_count AS n FROM traces WHERE id = $1", [traceId]),
    pool.query<{ seq: number; hash: string; body: string }>(
      "SELECT seq, hash, body::text AS body FROM events WHERE trace_id = $1 ORDER BY seq LIMIT $2",
      [traceId, limit + 1],
    ),
  ]);
  if (!exists.rows.length && !rows.rows.length) return null;
  const truncated = rows.rows.length > limit;
  const events = (truncated ? rows.rows.slice(0, limit) : rows.rows).map((r) => ({
    trace_id: traceId, seq: r.seq, hash: r.hash, event: JSON.parse(r.body) as RuntimeEvent,
  }));
  return { events, truncated };
}
