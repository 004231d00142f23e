// npm run bench:evaluate — (1) in process: engine evaluate() of the spec's 3-step plan against one bare pre-parsed
// Cedar authorization on the same policies; (2) POST /api/v1/evaluate p50/p99 with 32 concurrent clients against a
// production server on its own database. Prints figures; judges nothing.
// Env: BENCH_REQUESTS (3000), BENCH_CLIENTS (32), BENCH_PORT (3210).
import { performance } from "node:perf_hooks";
import pg from "pg";
import { cedarRequestFor, evaluate, type ActiveBundle, type EngineState } from "../engine/evaluate";
import type { Provenance } from "../engine/events/schema";
import { CedarAuthorizer, rawCedarAuthorizeForBench } from "../engine/policy/cedar";
import { defaultBundleFiles } from "../engine/policy/default-bundle/files";
import { loadBundle } from "../engine/policy/load-bundle";
import { API_KEY_PREFIX, randomToken, tokenHash } from "../lib/auth/secrets";
import { benchDatabase, benchServer, percentile, requireBuild } from "./bench-lib";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3210);

const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const inbound = { source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound", content: "Could you send the renewal quote? Thanks, Globex procurement" };
const PLAN = {
  intent: "Send renewal quote Q-2291 to Globex procurement and update the contact record",
  steps: [
    { tool: "db.read", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [internal] },
    { tool: "send_email", arguments: { to: "procurement@globex-partners.example", subject: "Your renewal quote" }, provenance: [internal, inbound] },
    { tool: "db.write", arguments: { table: "contacts", customer_id: "CUST-20417", set: { stage: "quote_sent" } }, provenance: [internal] },
  ],
};

function timeLoop(n: number, fn: () => void): number {
  for (let i = 0; i < Math.min(500, n); i++) fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1000) / n; // µs per call
}

function inProcess() {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error("default bundle invalid");
  const authorizer = new CedarAuthorizer(loaded.bundle);
  const bundle: ActiveBundle = { id: loaded.bundle.id, rowId: "pb_bench", version: 1, environment: "production", content: loaded.bundle, authorizer };
  const now = new Date();
  const state: EngineState = {
    traceId: "tr_bench", now, agent: { id: "crm-sync", name: "CRM Sync", disabled: false, trust_level: "internal", environment: "production", owner: "Revenue Operations" },
    executed: [], trace: { tool_calls: 0, tool_counts: {}, cost_usd: 0, started_at: now }, agentToday: { tool_calls: 0, tool_counts: {}, cost_usd: 0 }, approvals: [],
  };
  const evalUs = timeLoop(3000, () => evaluate(PLAN, bundle, state));
  const req = cedarRequestFor({
    agent: { id: "crm-sync", trust_level: "internal", environment: "production", owner: "Revenue Operations" },
    tool: "send_email", capability: "notify.external", access: "outbound", index: 2, arguments: PLAN.steps[1].arguments,
    provenance: PLAN.steps[1].provenance as Provenance[], guard: { flagged: false, score: 0 }, stepRisk: 0.96, rTotal: 1.34,
    internalDomains: loaded.bundle.internal_domains,
    // the plan-aware facts the engine gives this step (engine/context), so the bare call reads what the policies read
    facts: evaluate(PLAN, bundle, state).steps[1].facts!,
  });
  const cedarUs = timeLoop(9000, () => rawCedarAuthorizeForBench(authorizer, req));
  const authorizeUs = timeLoop(9000, () => authorizer.authorize(req));
  console.log(`in process: evaluate(3-step plan) ${evalUs.toFixed(0)} µs; one bare pre-parsed Cedar authorization ${cedarUs.toFixed(0)} µs; CedarAuthorizer.authorize (pruned set) ${authorizeUs.toFixed(0)} µs`);
  console.log(`  ratio evaluate / 1 authorization: ${(evalUs / cedarUs).toFixed(2)}  (target <= 3 with the plan-aware facts)`);
  console.log(`  ratio evaluate / 3 authorizations (one per step): ${(evalUs / (3 * cedarUs)).toFixed(2)}`);
}

async function overHttp() {
  requireBuild();
  const { url, stop } = await benchDatabase("replay_audit_bench_eval");
  process.env.DATABASE_URL = url;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const key = API_KEY_PREFIX + randomToken(32);
  await db.query(`INSERT INTO agents (id, name, owner, environment, trust_level) VALUES ('crm-sync', 'CRM Sync', 'Revenue Operations', 'production', 'internal')`);
  await db.query(`INSERT INTO api_keys (id, agent_id, name, prefix, hash) VALUES ('key_bench', 'crm-sync', 'bench', $1, $2)`, [key.slice(0, 12), tokenHash(key)]);
  const { seedDefaultPolicies } = await import("../lib/demo/seed-policies");
  await seedDefaultPolicies(["production"], "bench");
  const server = await benchServer(url, PORT);
  try {
    const body = JSON.stringify({ plan: PLAN, ...(process.env.BENCH_DRY_RUN ? { dry_run: true } : {}) });
    const post = async () => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/${process.env.BENCH_ROUTE ?? "evaluate"}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
      for (const m of (res.headers.get("server-timing") ?? "").matchAll(/(\w+);dur=([\d.]+)/g)) timing[m[1]] = (timing[m[1]] ?? 0) + Number(m[2]);
      const json = (await res.json()) as { decision?: string };
      if (res.status !== 200 || !["require_approval"].includes(json.decision ?? "")) throw new Error(`evaluate: HTTP ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      return performance.now() - t0;
    };
    const timing: Record<string, number> = {};
    for (let i = 0; i < 100; i++) await post(); // warm-up
    for (const k of Object.keys(timing)) delete timing[k];
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next++ < REQUESTS) times.push(await post());
    }));
    const secs = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    console.log(`POST /api/v1/evaluate, ${CLIENTS} concurrent clients, ${times.length} requests (3-step plan, 22 events written each): ` +
      `p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms (target p99 <= 20 ms), ${(times.length / secs).toFixed(0)} req/s`);
    console.log(`  server time per request (Server-Timing means): ${Object.entries(timing).map(([k, v]) => `${k} ${(v / times.length).toFixed(1)} ms`).join(", ")}`);
  } finally {
    server.stop();
    await db.end();
    await stop();
  }
}

inProcess();
if (!process.argv.includes("--in-process")) await overHttp();
process.exit(0);
