import "server-only";
import type { RecordedEvent } from "@/engine/events/recorded";
import type { RuntimeEvent } from "@/engine/events/schema";
import { traceOutcome, type TraceOutcome } from "@/engine/replay/trace-outcome";
import type { Sql } from "./store-events";

/**
 * The trace's events as this process last read them, parsed: the rollup reads only what was chained since.
 * Valid while the event at `seq` still has `hash`: a chained event's hash covers its content and every event before
 * it, so a matching hash proves the cached prefix is exactly what the table holds (a rolled-back batch, a reset
 * database or another server's appends all show up as a different or missing hash, and the trace is read whole).
 * Least recently used traces go first once the cache holds more than `CACHE_EVENTS` events.
 */
type Cached = { seq: number; hash: string; events: RecordedEvent[] };
const cache = new Map<string, Cached>();
const CACHE_EVENTS = 200_000;
let cachedEvents = 0;

function remember(traceId: string, events: RecordedEvent[]) {
  forget(traceId);
  const last = events.at(-1);
  if (!last || events.length > CACHE_EVENTS / 2) return;
  cache.set(traceId, { seq: last.seq, hash: last.hash, events });
  cachedEvents += events.length;
  for (const [id, c] of cache) {
    if (cachedEvents <= CACHE_EVENTS) break;
    cache.delete(id);
    cachedEvents -= c.events.length;
  }
}

function forget(traceId: string) {
  const c = cache.get(traceId);
  if (!c) return;
  cache.delete(traceId);
  cachedEvents -= c.events.length;
}

/** Empties the parsed-event cache (benchmarks measure the cold path with it). */
export function clearOutcomeCache() {
  cache.clear();
  cachedEvents = 0;
}

type Row = { seq: number; hash: string; body: string };
const recorded = (traceId: string, r: Row): RecordedEvent => ({ trace_id: traceId, seq: r.seq, hash: r.hash, event: JSON.parse(r.body) as RuntimeEvent });

/**
 * The engine's outcome of a trace over all its events as chained so far, read on the ingest transaction's own
 * connection (under the trace row's lock), so the rollup written beside the events is exactly what the trace
 * page, the diff and the report compute. Why a re-read rather than an incremental fold: see engine/replay/README.md;
 * the read is incremental (the cache above), the outcome is computed over the whole trace every time.
 */
export async function traceOutcomeIn(sql: Sql, traceId: string): Promise<TraceOutcome> {
  const c = cache.get(traceId);
  let events: RecordedEvent[] | null = null;
  if (c) {
    const rows = (await sql.query<Row>("SELECT seq, hash, body::text AS body FROM events WHERE trace_id = $1 AND seq >= $2 ORDER BY seq", [traceId, c.seq])).rows;
    if (rows[0]?.seq === c.seq && rows[0].hash === c.hash) events = c.events.concat(rows.slice(1).map((r) => recorded(traceId, r)));
  }
  if (!events) {
    const rows = (await sql.query<Row>("SELECT seq, hash, body::text AS body FROM events WHERE trace_id = $1 ORDER BY seq", [traceId])).rows;
    events = rows.map((r) => recorded(traceId, r));
  }
  remember(traceId, events);
  return traceOutcome(events);
}

/** The trace row's columns that the list shows and filters on, from the engine's outcome. */
export function rollupOf(o: TraceOutcome): {
  final_decision: string | null; final_reason: string | null; final_seq: number; max_risk: number | null; risk_thresholds: TraceOutcome["thresholds"];
  foreign_origin: string | null;
} {
  return {
    final_decision: o.decision, final_reason: o.reason?.slice(0, 1000) ?? null, final_seq: o.decision_seq, max_risk: o.max_risk,
    risk_thresholds: o.thresholds, foreign_origin: o.foreign?.kind ?? null,
  };
}
