import "server-only";
import type { RecordedEvent } from "@/engine/events/recorded";
import type { RuntimeEvent } from "@/engine/events/schema";
import { traceOutcome, type TraceOutcome } from "@/engine/replay/trace-outcome";
import type { Sql } from "./store-events";

/**
 * The engine's outcome of a trace over all its events as chained so far, read on the ingest transaction's own
 * connection (under the trace row's lock), so the rollup written beside the events is exactly what the trace
 * page, the diff and the report compute. Why a re-read rather than an incremental fold: see engine/replay/README.md.
 */
export async function traceOutcomeIn(sql: Sql, traceId: string): Promise<TraceOutcome> {
  const rows = await sql.query<{ seq: number; hash: string; body: string }>(
    "SELECT seq, hash, body::text AS body FROM events WHERE trace_id = $1 ORDER BY seq",
    [traceId],
  );
  const events: RecordedEvent[] = rows.rows.map((r) => ({ trace_id: traceId, seq: r.seq, hash: r.hash, event: JSON.parse(r.body) as RuntimeEvent }));
  return traceOutcome(events);
}

/** The trace row's columns that the list shows and filters on, from the engine's outcome. */
export function rollupOf(o: TraceOutcome): { final_decision: string | null; final_reason: string | null; final_seq: number; max_risk: number | null; risk_thresholds: TraceOutcome["thresholds"] } {
  return { final_decision: o.decision, final_reason: o.reason?.slice(0, 1000) ?? null, final_seq: o.decision_seq, max_risk: o.max_risk, risk_thresholds: o.thresholds };
}
