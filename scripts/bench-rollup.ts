// npm run bench:rollup — what deriving the trace rollup from the engine's outcome costs at ingest: one 10,000-event
// trace (the demo crawl's shape: one plan, 2,500 decided steps, each decided and executed) stored in 1,000-event
// batches through storeEvents, against the DATABASE_URL test database. Prints per-batch figures; judges nothing.
// The rollup reads only the events chained since its last read (lib/ingest/trace-rollup.ts's cache); BENCH_COLD=1
// empties that cache before every batch, which is what each batch cost before it (and costs after a restart).
// Run: EMBEDDED_PG_PORT=54370 node scripts/with-db.mjs --test npx tsx --conditions=react-server scripts/bench-rollup.ts
import { performance } from "node:perf_hooks";
import type { RuntimeEvent } from "../engine/events/schema";
import { pgPool } from "../lib/pg-pool";
import { storeEvents } from "../lib/ingest/store-events";
import { clearOutcomeCache, traceOutcomeIn } from "../lib/ingest/trace-rollup";
import { resetDatabase } from "../tests/test-db";

const N = Number(process.env.BENCH_EVENTS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const TRACE = "tr_bench_rollup";
const COLD = process.env.BENCH_COLD === "1";

function ev(n: number): RuntimeEvent {
  const base = { id: `e${n}`, trace_id: TRACE, timestamp: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(), agent: { id: "research-assistant" }, schema_version: "1.0" };
  if (n === 0) return { ...base, type: "plan.submitted", stage: "plan", decision: "pending", plan: { id: "ev_b", steps: [{ index: 1, tool: "web.fetch" }] }, payload: { evaluation_id: "ev_b" } };
  const step = Math.ceil(n / 4);
  const k = n % 4;
  if (k === 1) return { ...base, type: "risk.scored", stage: "risk", step, tool: "web.fetch", decision: "allow", risk: { step_risk: 0.1, r_total: 0.1 }, payload: { thresholds: { approval: 1.5, halt: 2 }, evaluation_id: "ev_b" } };
  if (k === 2) return { ...base, type: "decision.made", stage: "decision", step, tool: "web.fetch", decision: step % 100 === 0 ? "block" : "allow", reasons: ["r"], token_jti: `ct_${step}`, payload: { evaluation_id: "ev_b" } };
  if (k === 3) return { ...base, type: "tool.executed", stage: "execution", step, tool: "web.fetch", decision: "observed", token_jti: `ct_${step}` };
  return { ...base, type: "tool.result", stage: "output", step, tool: "web.fetch", decision: "observed" };
}

await resetDatabase();
const events = Array.from({ length: N }, (_, i) => ev(i));
let total = 0;
for (let i = 0; i < N; i += BATCH) {
  const batch = events.slice(i, i + BATCH).map((event) => ({ event, raw: JSON.stringify(event), format: "native" as const }));
  if (COLD) clearOutcomeCache();
  const t0 = performance.now();
  await storeEvents(batch);
  const store = performance.now() - t0;
  total += store;
  const client = await pgPool().connect();
  const sql = { query: async (text: string, params: unknown[]) => ({ rows: (await client.query(text, params)).rows }) };
  const t1 = performance.now();
  await traceOutcomeIn(sql as never, TRACE); // what the rollup costs in the next batch with nothing new: the cached read + traceOutcome
  const warm = performance.now() - t1;
  clearOutcomeCache();
  const t2 = performance.now();
  await traceOutcomeIn(sql as never, TRACE); // the whole trace read and parsed again + traceOutcome
  const cold = performance.now() - t2;
  client.release();
  console.log(`batch ${i / BATCH + 1}: ${i + BATCH} events stored, storeEvents ${store.toFixed(0)} ms${COLD ? " (cold cache)" : ""}; rollup with the cache ≈ ${warm.toFixed(0)} ms, whole re-read ≈ ${cold.toFixed(0)} ms`);
}
const row = (await pgPool().query("SELECT final_decision, max_risk, risk_thresholds FROM traces WHERE id = $1", [TRACE])).rows[0];
console.log(`total storeEvents ${total.toFixed(0)} ms for ${N} events${COLD ? " (cold cache every batch)" : ""}; rollup ${JSON.stringify(row)}`);
await pgPool().end();
