// npm run bench:ingest — ingest throughput against COPY, and trace-list latency at 10k vs 1M stored events.
// Starts its own embedded Postgres (.data/pg-bench) or uses BENCH_DATABASE_URL's server, and its own
// production server (`next start`, needs a build: `npm run build`). Prints figures; judges nothing.
// Env: BENCH_EVENTS (200000), BENCH_BATCH (500), BENCH_CLIENTS (8), BENCH_TOTAL (1000000), BENCH_PORT (3200).
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { API_KEY_PREFIX, randomToken, tokenHash } from "../lib/auth/secrets";
import { benchDatabase, benchServer, requireBuild } from "./bench-lib";

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const PER_TRACE = 200;
const base = `http://127.0.0.1:${PORT}`;

function event(trace: string, n: number, agent: string) {
  return {
    id: `${trace}-e${n}`, trace_id: trace, timestamp: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
    type: n % 4 === 0 ? "plan.proposed" : n % 4 === 1 ? "policy.evaluated" : n % 4 === 2 ? "decision.made" : "tool.executed",
    stage: ["plan", "policy", "decision", "execution"][n % 4], agent: { id: agent }, schema_version: "1.0",
    tool: ["crm.read", "send_email", "db.write", "web.fetch"][n % 4], arguments: { customer_id: `c-${n % 977}`, note: "benchmark event" },
    decision: n % 4 === 2 ? (n % 40 === 2 ? "block" : "allow") : undefined, reasons: ["capability granted; policy permit-read matched"],
    provenance: [{ source_type: "retrieval_chunk", trust_level: n % 3 ? "internal" : "external", source_name: `kb/article-${n % 50}` }],
    risk: { r_step: 0.2, e: 1, t: 0.5, b: 1, step_risk: 0.1, r_total: 0.1 * ((n % 12) + 1) },
  };
}

const serverTiming = { read: 0, parse: 0, store: 0, n: 0 };

async function post(key: string, batch: { body: string; count: number }) {
  const res = await fetch(`${base}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: batch.body });
  for (const m of (res.headers.get("server-timing") ?? "").matchAll(/(\w+);dur=([\d.]+)/g)) {
    if (m[1] in serverTiming) serverTiming[m[1] as "read"] += Number(m[2]);
  }
  serverTiming.n++;
  const body = (await res.json()) as { stored: number };
  if (res.status !== 207 || body.stored !== batch.count) throw new Error(`ingest: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
}

async function ingest(key: string, agent: string, prefix: string, count: number) {
  const batches: unknown[][] = [];
  let cur: unknown[] = [];
  for (let t = 0; t * PER_TRACE < count; t++) {
    for (let n = 0; n < PER_TRACE && t * PER_TRACE + n < count; n++) {
      cur.push(event(`${prefix}-t${t}`, n, agent));
      if (cur.length === BATCH) { batches.push(cur); cur = []; }
    }
  }
  if (cur.length) batches.push(cur);
  // serialised before the clock starts: the client's JSON work is not the server's throughput
  const bodies = batches.map((events) => ({ body: JSON.stringify({ events }), count: events.length }));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < bodies.length) await post(key, bodies[next++]);
  }));
  return (performance.now() - t0) / 1000;
}

/** CPU seconds used so far by the app server, by Postgres backends and by this process (Linux `ps`). */
function cpuSplit(serverPid: number | undefined): { server: number; postgres: number; client: number } {
  const r = spawnSync("ps", ["-eo", "pid=,ppid=,times=,comm="], { encoding: "utf8" });
  let server = 0, postgres = 0;
  for (const line of r.stdout.trim().split("\n")) {
    const [pid, ppid, secs, ...name] = line.trim().split(/\s+/);
    if (Number(pid) === serverPid || Number(ppid) === serverPid) server += Number(secs);
    else if (name.join(" ").startsWith("postgres")) postgres += Number(secs);
  }
  const u = process.cpuUsage();
  return { server, postgres, client: (u.user + u.system) / 1e6 };
}

async function listLatency(cookie: string, runs = 60): Promise<{ p50: number; p90: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/traces?limit=50`, { headers: { cookie } });
    if (!res.ok) throw new Error(`list: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i >= 5) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs * 0.5)], p90: times[Math.floor(runs * 0.9)] };
}

/** Fills the database up to `total` events with SQL (same shape of rows and rollups), much faster than HTTP. */
async function fillTo(db: pg.Client, total: number, agent: string) {
  const have = Number((await db.query("SELECT count(*) FROM events")).rows[0].count);
  const missing = total - have;
  if (missing <= 0) return;
  const traces = Math.ceil(missing / PER_TRACE);
  await db.query(`
    INSERT INTO traces (id, first_seen, last_seen, event_count, head_seq, head_hash, agents, tools, trust_levels, trust_summary,
                        final_decision, max_risk, search_text, budget_status)
    SELECT 'fill-t' || t, timestamp '2026-10-01' + t * interval '1 minute', timestamp '2026-10-01' + t * interval '1 minute' + interval '200 seconds',
           ${PER_TRACE}, ${PER_TRACE}, md5(t::text), ARRAY['${agent}'], ARRAY['crm.read','send_email'], ARRAY['internal'], '{"internal": 200}',
           CASE WHEN t % 10 = 0 THEN 'block' ELSE 'allow' END, (t % 20) / 10.0, 'crm.read send_email', 'within_budget'
      FROM generate_series(1, ${traces}) t`);
  await db.query(`
    INSERT INTO events (id, trace_id, seq, prev_hash, hash, agent_id, type, stage, decision, tool, risk, "timestamp", trust_levels, format, flags, body, raw)
    SELECT 'fill-t' || t || '-e' || s, 'fill-t' || t, s, md5((s - 1)::text), md5(s::text), '${agent}', 'tool.executed', 'execution', 'allow', 'crm.read', 0.1,
           timestamp '2026-10-01' + t * interval '1 minute' + s * interval '1 second', ARRAY['internal'], 'native', '{}',
           jsonb_build_object('id', 'fill-t' || t || '-e' || s, 'trace_id', 'fill-t' || t, 'type', 'tool.executed'),
           '{"id":"fill-t' || t || '-e' || s || '"}'
      FROM generate_series(1, ${traces}) t, generate_series(1, ${PER_TRACE}) s
     WHERE (t - 1) * ${PER_TRACE} + s <= ${missing}`);
  await db.query("ANALYZE");
}

async function main() {
  requireBuild();
  console.log(`bench:ingest — ${N} events, batches of ${BATCH}, ${CLIENTS} clients; list latency at 10k vs ${TOTAL} events`);
  const { url, stop } = await benchDatabase("replay_audit_bench");
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const agent = "bench-agent";
  const key = API_KEY_PREFIX + randomToken(32);
  const session = randomToken(32);
  await db.query(`INSERT INTO agents (id, name, owner, environment, trust_level) VALUES ($1, 'Bench agent', 'bench', 'bench', 'internal')`, [agent]);
  await db.query(`INSERT INTO api_keys (id, agent_id, name, prefix, hash) VALUES ('key_bench', $1, 'bench', $2, $3)`, [agent, key.slice(0, 12), tokenHash(key)]);
  await db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ('usr_bench', 'bench@example.com', 'Bench', 'viewer', 'x')`);
  await db.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, 'usr_bench', now() + interval '1 day')`, [tokenHash(session)]);
  const cookie = `ra_session=${session}`;

  let server: { process: { pid?: number }; stop: () => void } | null = null;
  const shutdown = async () => {
    server?.stop();
    server = null;
    await db.end().catch(() => {});
    await stop();
  };
  try {
    server = await benchServer(url, PORT);
    await ingest(key, agent, "warm", 2_000); // JIT and pool warm-up, counted in the 10k
    await ingest(key, agent, "small", 8_000);
    const small = await listLatency(cookie);
    console.log(`list first page @ 10k events:  p50 ${small.p50.toFixed(1)} ms  p90 ${small.p90.toFixed(1)} ms`);

    await db.query("TRUNCATE events, traces");
    Object.assign(serverTiming, { read: 0, parse: 0, store: 0, n: 0 });
    const cpu0 = cpuSplit(server?.process.pid);
    const secs = await ingest(key, agent, "load", N);
    const cpu1 = cpuSplit(server?.process.pid);
    const apiRate = N / secs;
    console.log(`API ingest: ${N} events in ${secs.toFixed(2)} s = ${Math.round(apiRate)} events/s committed`);
    console.log(`  CPU during ingest: app server ${(cpu1.server - cpu0.server).toFixed(1)} s, postgres ${(cpu1.postgres - cpu0.postgres).toFixed(1)} s, bench client ${(cpu1.client - cpu0.client).toFixed(1)} s (2 cores: ${(2 * secs).toFixed(1)} s available)`);
    const t = serverTiming;
    console.log(`  server time per batch (Server-Timing): read ${(t.read / t.n).toFixed(1)} ms, parse+validate ${(t.parse / t.n).toFixed(1)} ms, store ${(t.store / t.n).toFixed(1)} ms`);

    // the same rows, loaded with COPY into a table of the same shape and indexes
    await db.query("DROP TABLE IF EXISTS events_copy; CREATE TABLE events_copy (LIKE events INCLUDING ALL)");
    const dumpClient = new pg.Client({ connectionString: url });
    await dumpClient.connect();
    const chunks: Buffer[] = [];
    await pipeline(dumpClient.query(copyTo("COPY events TO STDOUT (FORMAT binary)")), async function* (src) { for await (const c of src) chunks.push(c as Buffer); });
    await dumpClient.end();
    const t0 = performance.now();
    const sink = db.query(copyFrom("COPY events_copy FROM STDIN (FORMAT binary)"));
    await pipeline(async function* () { for (const c of chunks) yield c; }, sink);
    const copySecs = (performance.now() - t0) / 1000;
    const copyRate = N / copySecs;
    console.log(`COPY of the same rows: ${copySecs.toFixed(2)} s = ${Math.round(copyRate)} rows/s`);
    console.log(`ratio API/COPY: ${(apiRate / copyRate).toFixed(2)}  (target >= 0.5)`);
    await db.query("DROP TABLE events_copy");

    await fillTo(db, TOTAL, agent);
    const big = await listLatency(cookie);
    console.log(`list first page @ ${TOTAL} events: p50 ${big.p50.toFixed(1)} ms  p90 ${big.p90.toFixed(1)} ms`);
    console.log(`ratio 1M/10k (p50): ${(big.p50 / small.p50).toFixed(2)}  (target <= 1.2)`);
  } finally {
    await shutdown();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
