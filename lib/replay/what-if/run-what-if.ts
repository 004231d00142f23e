import "server-only";
import { CedarAuthorizer } from "@/engine/policy/cedar";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import type { ActiveBundle } from "@/engine/evaluate";
import type { RecordedEvent } from "@/engine/events/recorded";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import { addSummary, emptySummary, WhatIfReplayer, type AgentInfo, type Baseline, type BaselineRef, type StepComparison, type WhatIfError } from "@/engine/replay/what-if";
import { prisma } from "@/lib/db";
import { pgPool } from "@/lib/pg-pool";

const EVENT_PAGE = 2_000;
const HEARTBEAT_MS = 5_000;
const FLIP_BATCH = 1_000;
const ERROR_SAMPLES = 20;

type Params = { bundle_id?: string; trace_id?: string; filter?: { from: string; to: string; agent?: string } };

/**
 * Runs a queued what-if in this process: claims it (only one process can), walks the traces in scope one by one,
 * streaming each trace's events page by page through the engine's WhatIfReplayer, and stores every flip. Progress
 * (`done` of `total` traces), the running summary and a heartbeat are written as it goes; a crash marks it failed.
 * Reads events and writes only what_if_runs / what_if_flips: the recorded traces are never touched.
 */
export async function runWhatIf(id: string): Promise<void> {
  const claimed = await prisma.whatIfRun.updateMany({ where: { id, status: "queued" }, data: { status: "running", startedAt: new Date(), heartbeatAt: new Date() } });
  if (claimed.count !== 1) return;
  try {
    const run = await prisma.whatIfRun.findUniqueOrThrow({ where: { id } });
    const params = run.params as Params;
    const content = PolicyBundleContent.parse(run.bundle);
    const bundle: ActiveBundle = {
      id: content.id, rowId: params.bundle_id ?? "draft", version: (run.params as { version?: number }).version ?? 0, environment: content.environment,
      content, authorizer: new CedarAuthorizer(content),
    };
    const agents = new Map<string, AgentInfo>(
      (await prisma.agent.findMany({ select: { id: true, name: true, disabled: true, trustLevel: true, environment: true, owner: true } }))
        .map((a) => [a.id, { id: a.id, name: a.name, disabled: a.disabled, trust_level: a.trustLevel, environment: a.environment, owner: a.owner }]),
    );
    const traces = await tracesInScope(params);
    await prisma.whatIfRun.update({ where: { id }, data: { total: traces.length, heartbeatAt: new Date() } });

    const baseline = await baselineResolver(bundle);
    const opts = params.filter
      ? { agents, baseline, from: new Date(params.filter.from), to: new Date(params.filter.to), agent: params.filter.agent }
      : { agents, baseline };
    const summary = emptySummary();
    const errors: WhatIfError[] = [];
    let pending: StepComparison[] = [];
    let done = 0;
    let beat = Date.now();
    const report = async (force: boolean) => {
      if (!force && Date.now() - beat < HEARTBEAT_MS) return;
      await flush();
      beat = Date.now();
      const alive = await prisma.whatIfRun.updateMany({ where: { id, status: "running" }, data: { done, summary: toJson(summary, errors), heartbeatAt: new Date() } });
      // a reader took this run for dead (its heartbeat was late): stop rather than finish a run shown as failed
      if (alive.count !== 1) throw new Error("the run was marked failed while it ran");
    };
    const flush = async () => {
      while (pending.length) await insertFlips(id, pending.splice(0, FLIP_BATCH));
    };

    for (const traceId of traces) {
      // stored: every step the candidate changes and every record the engine would not have made; unchanged steps are only counted
      const replayer = new WhatIfReplayer(bundle, (c) => { if (c.class !== "unchanged") pending.push(c); }, opts);
      let after = 0;
      for (;;) {
        const { rows } = await pgPool().query<{ seq: number; hash: string; body: RecordedEvent["event"] }>(
          "SELECT seq, hash, body FROM events WHERE trace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
          [traceId, after, EVENT_PAGE],
        );
        for (const r of rows) replayer.push({ trace_id: traceId, seq: r.seq, hash: r.hash, event: r.body });
        if (pending.length >= FLIP_BATCH) await flush();
        await report(false);
        if (rows.length < EVENT_PAGE) break;
        after = rows[rows.length - 1].seq;
      }
      addSummary(summary, replayer.finish());
      errors.push(...replayer.errors.slice(0, ERROR_SAMPLES - errors.length));
      done++;
      await report(false);
    }
    await flush();
    pending = [];
    await prisma.whatIfRun.updateMany({
      where: { id, status: "running" },
      data: { status: "done", done, summary: toJson(summary, errors), finishedAt: new Date(), heartbeatAt: new Date() },
    });
  } catch (e) {
    console.error(`[what-if] run ${id} failed`, e);
    await prisma.whatIfRun.updateMany({
      where: { id, status: "running" },
      data: { status: "failed", error: `the run stopped: ${e instanceof Error ? e.message : String(e)}`.slice(0, 2000), finishedAt: new Date() },
    }).catch(() => {});
  }
}

type BundleRow = { id: string; environment: string; version: number; sha256: string; content: unknown };

/**
 * The baseline of each recorded decision: the stored version its policy reference names (bundle id + version in
 * the agent's environment; a pb_ row id as is; the same mapping as the evidence export), else the bundle active for
 * the environment now, else none (deny by default). Every stored version is read once per run (a few, each a few
 * kB) so the engine can resolve synchronously; each version is compiled once (one Cedar authorizer per version per
 * run, shared by versions that decide alike), and a version that decides like the candidate reuses the candidate's
 * decisions (no second evaluation).
 */
async function baselineResolver(candidate: ActiveBundle): Promise<(ref: BaselineRef) => Baseline> {
  const [{ rows }, activations] = await Promise.all([
    pgPool().query<BundleRow>("SELECT id, environment, version, sha256, content FROM policy_bundles"),
    prisma.policyActivation.findMany({ select: { environment: true, bundleId: true } }),
  ]);
  const candidateKey = decisionKey(candidate.content);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const active = new Map(activations.map((a) => [a.environment, a.bundleId]));
  const compiled = new Map<string, ActiveBundle>(); // by decision key: versions that decide alike share one authorizer
  const memo = new Map<string, Baseline>();
  const of = (r: BundleRow, source: Baseline["source"], label: string): Baseline => {
    const key = decisionKey(r.content);
    if (key === candidateKey) return { bundle: candidate, source, label, row_id: r.id, same_as_candidate: true };
    let b = compiled.get(key);
    if (!b) {
      const content = PolicyBundleContent.parse(r.content);
      b = { id: content.id, rowId: r.id, version: r.version, environment: r.environment, content, authorizer: new CedarAuthorizer(content) };
      compiled.set(key, b);
    }
    return { bundle: b, source, label, row_id: r.id, same_as_candidate: false };
  };
  return (ref) => {
    const key = `${ref.bundle_id}\u0000${ref.version}\u0000${ref.environment}`;
    let b = memo.get(key);
    if (b) return b;
    const named = ref.bundle_id
      ? byId.get(ref.bundle_id) ?? rows.find((r) => r.environment === ref.environment && String(r.version) === String(ref.version) && (r.content as { id?: unknown }).id === ref.bundle_id)
      : undefined;
    const now = active.get(ref.environment);
    const nowRow = now ? byId.get(now) : undefined;
    if (named) b = of(named, "recorded_version", `${named.environment} v${named.version}`);
    else if (nowRow) b = of(nowRow, "active_now", `${nowRow.environment} v${nowRow.version} (active now)`);
    else b = { bundle: null, source: "no_bundle", label: `no bundle active for ${ref.environment}`, row_id: null, same_as_candidate: false };
    memo.set(key, b);
    return b;
  };
}

/**
 * Bundles with the same key decide every step alike: the content without its `environment` label (the engine reads
 * the agent's environment, never the bundle's), so production v1 and sandbox v1 built from the same files match.
 */
function decisionKey(content: unknown): string {
  return sha256Hex(canonicalJson({ ...(content as Record<string, unknown>), environment: null }));
}

function toJson(summary: ReturnType<typeof emptySummary>, errors: WhatIfError[]) {
  return JSON.parse(JSON.stringify({ ...summary, error_samples: errors }));
}

/** Trace ids in scope, oldest first; the per-day ops traces (human actions) hold no plans and are left out. */
async function tracesInScope(p: Params): Promise<string[]> {
  if (p.trace_id) return [p.trace_id];
  const f = p.filter!;
  const { rows } = await pgPool().query<{ id: string }>(
    `SELECT id FROM traces
      WHERE last_seen >= $1 AND first_seen <= $2 AND ($3::text IS NULL OR $3 = ANY(agents)) AND id NOT LIKE 'ops-%'
      ORDER BY first_seen, id`,
    [f.from, f.to, f.agent ?? null],
  );
  return rows.map((r) => r.id);
}

async function insertFlips(runId: string, flips: StepComparison[]): Promise<void> {
  if (!flips.length) return;
  await pgPool().query(
    `INSERT INTO what_if_flips (run_id, trace_id, evaluation_id, step_index, tool, agent_id, at, before, after, reasons_before, reasons_after, detail)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[], $12::jsonb[])
     ON CONFLICT DO NOTHING`,
    [
      runId, flips.map((f) => f.trace_id), flips.map((f) => f.evaluation_id), flips.map((f) => f.step_index), flips.map((f) => f.tool), flips.map((f) => f.agent_id),
      flips.map((f) => f.at), flips.map((f) => f.before), flips.map((f) => f.after), flips.map((f) => JSON.stringify(f.reasons_before)),
      flips.map((f) => JSON.stringify(f.reasons_after)), flips.map((f) => JSON.stringify(f.detail)),
    ],
  );
}
