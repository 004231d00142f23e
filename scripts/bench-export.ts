// npm run bench:export — evidence export of one 100,000-event trace: events/s and peak RSS growth of the export,
// then the verifier's time on the ZIP. Creates its own database (replay_audit_bench_export) on BENCH_DATABASE_URL's
// server (default: the dev Postgres on 127.0.0.1:54329), fills it through the real ingest code (storeEvents), exports
// through lib/evidence/export-evidence.ts to a file, in a fresh child process (so the ingest's heap does not blur the
// export's RSS figure). Prints figures; judges nothing.
// Env: BENCH_EVENTS (100000), BENCH_BATCH (1000), BENCH_DATABASE_URL, BENCH_KEEP_ZIP=1 (keep the ZIP file).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, statSync, unlinkSync } from "node:fs";
import os from "node:os";
import v8 from "node:v8";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { benchDatabase, root } from "./bench-lib";

const N = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const TRACE = "tr_bench_export_100k";
const DB_NAME = "replay_audit_bench_export";

const TOOLS = ["crm.read", "send_email", "db.write", "web.fetch", "kb.search"];
const STAGES = [
  ["capability.checked", "capability"], ["guard.scanned", "context"], ["policy.evaluated", "policy"], ["budget.checked", "budget"],
  ["risk.scored", "risk"], ["decision.made", "decision"], ["tool.executed", "execution"],
] as const;

/** An evaluation-shaped event of about 0.8 KB: one step of the pipeline, with arguments, provenance, risk, policy. */
function event(n: number) {
  const [type, stage] = STAGES[n % STAGES.length];
  const step = Math.floor(n / STAGES.length);
  const tool = TOOLS[step % TOOLS.length];
  return {
    id: `${TRACE}-e${n}`, trace_id: TRACE, timestamp: new Date(Date.UTC(2026, 10, 1) + n * 200).toISOString(),
    type, stage, agent: { id: "research-assistant", environment: "sandbox" }, schema_version: "1.0",
    step, tool, parent_id: n > 0 ? `${TRACE}-e${n - 1}` : null,
    arguments: { url: `https://pricing.example/${step % 997}`, customer_id: `c-${step % 977}`, note: "benchmark event for the evidence export" },
    decision: stage === "decision" ? (step % 40 === 3 ? "block" : "allow") : stage === "execution" ? "observed" : "allow",
    reasons: [`step ${step}: ${tool} permitted by permit-research-web-read; chain risk within the threshold`],
    policy: stage === "policy" || stage === "decision" ? { bundle_id: "default", version: 1, determining: ["permit-research-web-read"] } : undefined,
    provenance: [{ source_type: "retrieval_chunk", trust_level: step % 3 ? "internal" : "external", source_name: `kb/article-${step % 50}`, origin_uri: `https://kb.example/articles/${step % 50}` }],
    risk: stage === "risk" ? { r_step: 0.2, e: 1, t: 0.5, b: 1, step_risk: 0.1, r_total: 0.1 * ((step % 12) + 1) } : undefined,
  };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  if (process.argv.includes("--export-only")) return exportOnly();
  process.env.BENCH_DATABASE_URL ??= "postgresql://postgres:postgres@127.0.0.1:54329/postgres";
  const db = await benchDatabase(DB_NAME);
  process.env.DATABASE_URL = db.url;
  process.env.SECRET_KEY ??= randomBytes(32).toString("base64"); // a throwaway sealing key: never the checkout's .data/secret.key
  console.log(`database ${db.url.replace(/:[^:@/]+@/, ":***@")}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  // 1. a 100k-event trace through the real ingest path
  const { storeEvents } = await import("../lib/ingest/store-events");
  const { pgPool } = await import("../lib/pg-pool");
  const t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const batch = [];
    for (let n = i; n < Math.min(N, i + BATCH); n++) {
      const e = event(n);
      batch.push({ event: JSON.parse(JSON.stringify(e)), raw: JSON.stringify(e), format: "native" as const });
    }
    await storeEvents(batch);
  }
  console.log(`ingest: ${N} events in ${((performance.now() - t0) / 1000).toFixed(1)} s (storeEvents, batches of ${BATCH})`);
  await pgPool().end();

  // 2. + 3. in a fresh process, so the ingest's heap neither inflates nor hides the export's memory
  const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", process.argv[1], "--export-only"], { stdio: "inherit", env: process.env });
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  await db.stop();
  if (code !== 0) process.exit(code ?? 1);
}

async function exportOnly() {
  const { startEvidenceExport } = await import("../lib/evidence/export-evidence");
  const { activeSigningKey, publicJwks } = await import("../lib/tokens/signing-keys");
  const { pgPool } = await import("../lib/pg-pool");
  const { prisma } = await import("../lib/db");
  const out = path.join(root, ".data", `bench-evidence-${process.pid}.zip`);
  mkdirSync(path.dirname(out), { recursive: true });

  // a running server has Prisma's query engine and the signing key loaded: warm them so the figure is the export's own
  await prisma.trace.count();
  await prisma.evidenceExport.findFirst({ select: { id: true } });
  await activeSigningKey("evidence_checkpoint");
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));

  const baseline = process.memoryUsage().rss;
  const spaces = () => Object.fromEntries(v8.getHeapSpaceStatistics().map((x) => [x.space_name, x.space_size]));
  const baseSpaces = spaces();
  let peak = baseline;
  let atPeak = { spaces: baseSpaces, external: process.memoryUsage().external };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) {
      peak = m.rss;
      atPeak = { spaces: spaces(), external: m.external };
    }
  }, 50);
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const exp = await startEvidenceExport({ trace_ids: [TRACE] }, { id: "bench", email: "bench@example.com", name: "Bench" });
  await pipeline(Readable.fromWeb(exp.body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(out));
  const record = await exp.recorded;
  const exportS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  const size = statSync(out).size;
  console.log(`export: ${record.tree_size} events, ${mb(size)} ZIP in ${exportS.toFixed(2)} s = ${Math.round(record.tree_size / exportS).toLocaleString("en-US")} events/s wall  (target >= 20,000)`);
  console.log(`  this process used ${cpuS.toFixed(2)} CPU s = ${Math.round(record.tree_size / cpuS).toLocaleString("en-US")} events per CPU second (Postgres' share not included); load average now ${os.loadavg()[0].toFixed(1)}`);
  console.log(`  RSS baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)}  (target <= 100 MB)`);
  const grew = (k: string) => mb((atPeak.spaces[k] ?? 0) - (baseSpaces[k] ?? 0));
  console.log(`  at the peak, V8 young generation ${mb(atPeak.spaces.new_space ?? 0)} (+${grew("new_space")}), old space +${grew("old_space")}, large objects +${grew("large_object_space")}; ` +
    `the young generation sizes itself to the allocation rate (cap: --max-semi-space-size), the old space is what the export keeps`);
  console.log(`  zip sha256 ${record.zip_sha256}, root ${record.root_hash}`);

  // 3. verify the ZIP with the offline verifier and the server's public keys
  const { verifyEvidencePackage } = await import("../engine/evidence/verify-package");
  const { keys } = await publicJwks("evidence_checkpoint");
  const vBase = process.memoryUsage().rss;
  let vPeak = vBase;
  const vs = setInterval(() => { vPeak = Math.max(vPeak, process.memoryUsage().rss); }, 50);
  t0 = performance.now();
  const r = await verifyEvidencePackage(out, { trustedKeys: keys });
  const vS = (performance.now() - t0) / 1000;
  clearInterval(vs);
  console.log(`verify: ${r.ok ? "OK" : `FAILED (${r.failures.length}: ${r.failures.slice(0, 3).map((f) => f.code).join(", ")})`} in ${vS.toFixed(2)} s = ${Math.round(record.tree_size / vS).toLocaleString("en-US")} events/s, RSS growth ${mb(vPeak - vBase)}`);

  if (process.env.BENCH_KEEP_ZIP === "1") console.log(`kept ${out}`);
  else unlinkSync(out);
  await pgPool().end();
  await prisma.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
