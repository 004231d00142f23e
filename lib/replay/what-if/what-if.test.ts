process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { recordHumanAction } from "@/lib/audit/record-action";
import { prisma } from "@/lib/db";
import { parseInterceptorJsonl } from "@/engine/events/interceptor";
import { reconstructTrace } from "@/engine/replay/reconstruct";
import { traceOutcome } from "@/engine/replay/trace-outcome";
import { whatIfTrace, type Baseline } from "@/engine/replay/what-if";
import { compileTestBundle } from "@/engine/testing/engine-fixtures";
import { DEMO_LONG_TRACE, DEMO_WORKED_EXAMPLE_TRACE } from "@/lib/demo/demo-data";
import { storeEvents } from "@/lib/ingest/store-events";
import { loadRecordedEvents } from "@/lib/replay/load-recorded-events";
import { seedDatabase } from "@/lib/demo/seed-database";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { GET as exportRoute } from "@/app/api/v1/replay/what-if/[id]/export/route";
import { createWhatIfRun } from "./create-run";
import { CSV_COLUMNS, exportFlips } from "./export-flips";
import { getRun } from "./get-run";
import { runWhatIf } from "./run-what-if";
import { stricterDraftFiles } from "./stricter-draft";
import { WhatIfRunDetail } from "./schemas";

const url = assertTestDatabase();
const NOW = new Date();

let cookie = "";
let admin: { id: string; email: string; name: string };

function req(method: string, path: string, body?: unknown) {
  return new NextRequest(new URL(path, "http://localhost"), {
    method, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function traceHeads(): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string; event_count: number; head_hash: string; n: string }>(
      "SELECT t.id, t.event_count, t.head_hash, (SELECT count(*) FROM events e WHERE e.trace_id = t.id) AS n FROM traces t",
    );
    return new Map(rows.map((r) => [r.id, `${r.event_count}/${r.n}/${r.head_hash}`]));
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await resetDatabase();
  await prisma.$executeRawUnsafe("TRUNCATE what_if_flips, what_if_runs");
  await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "helper-password-1", now: NOW });
  const u = await prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  admin = { id: u.id, email: u.email, name: u.name };
  cookie = `${SESSION_COOKIE}=${(await createSession(u.id)).token}`;
}, 120_000);

describe("what-if over the seeded traces", () => {
  let runId = "";
  let flipCount = 0;

  it("a stricter draft over every seeded trace lists flips and writes nothing into the recorded traces", async () => {
    const before = await traceHeads();
    const body = { draft: { files: stricterDraftFiles() }, filter: { from: new Date(NOW.getTime() - 7 * 86_400_000).toISOString(), to: new Date(NOW.getTime() + 60_000).toISOString() } };
    const t0 = performance.now();
    // what the route does, minus next/server's after(): store, record the human action, run
    const run = await createWhatIfRun(body, admin.email, (tx, r) => recordHumanAction(tx, admin, "what_if.started", { run_id: r.id }));
    expect(run.inline).toBe(false);
    await runWhatIf(run.id);
    const ms = performance.now() - t0;
    runId = run.id;

    const detail = WhatIfRunDetail.parse(await getRun(run.id, { limit: 500 }));
    const r = detail.run;
    console.log(`what-if over ${r.total} traces (${[...before.keys()].length} in db): ${ms.toFixed(0)} ms; ${JSON.stringify({ ...r.summary, error_samples: undefined })}`);
    expect(r.status).toBe("done");
    expect(r.total).toBe([...before.keys()].filter((id) => !id.startsWith("ops-")).length);
    expect(r.done).toBe(r.total);
    expect(r.summary.errors).toBe(0);
    expect(r.bundle.label).toMatch(/^draft [0-9a-f]{12}$/);

    // the worked example's send to an outside address, waiting for approval, would now be blocked by the draft's forbid
    const send = detail.flips.find((f) => f.trace_id === DEMO_WORKED_EXAMPLE_TRACE && f.tool === "send_email")!;
    expect(send).toMatchObject({ class: "changed_by_candidate", before: "require_approval", after: "block", kind: "require_approval→block" });
    expect(send.recorded.decision).toBe("require_approval");
    expect(send.baseline).toMatchObject({ decision: "require_approval", bundle: "production v1", bundle_source: "recorded_version" });
    expect(send.candidate.determining).toContain("forbid-outbound-email");
    expect(send.candidate.reasons.join(" ")).toMatch(/forbid-outbound-email/);
    expect(r.summary.flips["require_approval→block"]).toBeGreaterThanOrEqual(1);
    expect(r.summary.classified).toBe(true);
    // every seeded decision names default v1: each resolves to the stored version of its agent's environment
    expect(Object.values(r.summary.baselines).every((b) => b.source === "recorded_version")).toBe(true);

    // the candidate's flips are few and all its own: notify.external steps it blocks and the steps they gated
    const caused = await getRun(run.id, { limit: 500, class: "changed_by_candidate" });
    const causedCount = Object.values(r.summary.flips).reduce((a, b) => a + b, 0);
    expect(caused.flips.length).toBe(causedCount);
    expect(causedCount).toBeGreaterThan(0);
    expect(causedCount).toBeLessThan(20);
    for (const f of caused.flips) {
      expect(f.baseline!.decision).not.toBe(f.candidate.decision);
      expect([f.before, f.after]).toEqual([f.baseline!.decision, f.candidate.decision]);
    }
    // every notify.external step in scope the candidate still allows would be a miss
    const stillAllowedMail = await prisma.whatIfFlip.count({ where: { runId: run.id, tool: { in: ["send_email", "email.forward"] }, detail: { path: ["candidate", "decision"], not: "block" } } });
    expect(stillAllowedMail).toBe(0);
    // every demo decision was made by this engine when seeded: no record differs from what it decides
    const differs = Object.values(r.summary.recorded_differs).reduce((a, b) => a + b, 0);
    expect(differs).toBe(0);
    expect((await getRun(run.id, { limit: 20, class: "recorded_differs" })).flips).toEqual([]);

    // the trace's recorded decision beside each flip is the one the trace list shows (the rollup, from traceOutcome)
    const finals = new Map((await prisma.trace.findMany({ select: { id: true, finalDecision: true } })).map((t) => [t.id, t.finalDecision]));
    for (const f of detail.flips) expect(f.trace?.recorded, f.trace_id).toBe(finals.get(f.trace_id) ?? null);
    expect(detail.flips.find((f) => f.trace_id === DEMO_WORKED_EXAMPLE_TRACE && f.tool === "send_email")!.trace).toMatchObject({ recorded: "allow", baseline: "allow", candidate: "block", foreign: null });
    expect(r.summary.traces.compared).toBe(r.total);

    flipCount = await prisma.whatIfFlip.count({ where: { runId: run.id } });
    expect(flipCount).toBe(causedCount + differs);
    expect(r.summary.steps).toBe(r.summary.unchanged + flipCount);

    // nothing written into any recorded trace; only the day's ops trace holds the new human action
    const after = await traceHeads();
    for (const [id, head] of before) if (!id.startsWith("ops-")) expect(after.get(id), id).toBe(head);
    const ops = [...after.keys()].filter((id) => id.startsWith("ops-"));
    expect(ops.length).toBe(1);
    expect(Number(after.get(ops[0])!.split("/")[0])).toBe(Number(before.get(ops[0])?.split("/")[0] ?? 0) + 1);
  }, 120_000);

  it("pages flips by cursor without gaps or repeats, and filters by flip kind", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10_000; i++) {
      const page = await getRun(runId, { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.flips.map((f) => `${f.trace_id}|${f.evaluation_id}|${f.step_index}`));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen.length).toBe(flipCount);
    expect(new Set(seen).size).toBe(flipCount);
    const blocked = await getRun(runId, { limit: 500, class: "changed_by_candidate", before: "require_approval", after: "block" });
    expect(blocked.flips.length).toBeGreaterThan(0);
    expect(blocked.flips.every((f) => f.kind === "require_approval→block" && f.class === "changed_by_candidate")).toBe(true);
  });

  it("exports every classified step as CSV (recorded, baseline, candidate, class columns) and JSON, each export recorded as the user's action", async () => {
    const exportsBefore = await prisma.event.count({ where: { type: "human.what_if.exported" } });
    const csv = await (await exportFlips(runId, { format: "csv" }, admin)).text();
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    for (const c of ["class", "recorded", "baseline", "candidate", "baseline_bundle", "reasons_recorded", "reasons_baseline", "reasons_candidate"]) expect(rows[0]).toContain(c);
    expect(rows.length).toBe(flipCount + 1);
    expect(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
    const send = rows.find((r) => r[col("trace_id")] === DEMO_WORKED_EXAMPLE_TRACE && r[col("tool")] === "send_email")!;
    expect([send[col("class")], send[col("recorded")], send[col("baseline")], send[col("candidate")], send[col("baseline_bundle")]])
      .toEqual(["changed_by_candidate", "require_approval", "require_approval", "block", "production v1"]);
    expect(new Set(rows.slice(1).map((r) => r[col("class")]))).toEqual(new Set(["changed_by_candidate"]));

    const res = await exportRoute(req("GET", `/api/v1/replay/what-if/${runId}/export?format=json&class=changed_by_candidate`), params({ id: runId }));
    expect(res.headers.get("content-disposition")).toContain(`what-if-${runId}-changed_by_candidate.json`);
    const json = await res.json();
    expect(json.run.id).toBe(runId);
    expect(json.flips.length).toBe(Object.values(json.run.summary.flips as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(json.flips.every((f: { class: string; recorded: object; baseline: object; candidate: object }) => f.class === "changed_by_candidate" && f.recorded && f.baseline && f.candidate)).toBe(true);

    const recordedExports = await prisma.event.findMany({ where: { type: "human.what_if.exported" }, orderBy: { timestamp: "asc" } });
    expect(recordedExports.length).toBe(exportsBefore + 2);
    const last = recordedExports.at(-1)!.body as { payload: { actor: { email: string }; details: Record<string, unknown> } };
    expect(last.payload.actor.email).toBe("admin@example.com");
    expect(last.payload.details).toMatchObject({ run_id: runId, format: "json", class: "changed_by_candidate", rows: json.flips.length });
  });
});

describe("a candidate identical to the bundle in force", () => {
  const range = () => ({ from: new Date(NOW.getTime() - 7 * 86_400_000).toISOString(), to: new Date(NOW.getTime() + 60_000).toISOString() });

  it("flips nothing over every seeded trace, and reports 0 recorded ≠ engine: the demo was decided by this engine", async () => {
    const active = await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } });
    const stored = await createWhatIfRun({ bundle_id: active.bundleId, filter: range() }, admin.email);
    await runWhatIf(stored.id);
    // the same content uploaded as a draft: no shortcut by row id
    const draft = await createWhatIfRun({ draft: { files: defaultBundleFiles() }, filter: range() }, admin.email);
    await runWhatIf(draft.id);
    for (const id of [stored.id, draft.id]) {
      const { run } = await getRun(id, { limit: 1 });
      expect(run.status).toBe("done");
      expect(run.summary.flips).toEqual({});
      expect(await prisma.whatIfFlip.count({ where: { runId: id, detail: { path: ["class"], equals: "changed_by_candidate" } } })).toBe(0);
      // the legacy executor's trace included: its decisions are the engine's; only its unauthorised run is foreign
      expect(run.summary.recorded_differs).toEqual({});
      expect(await prisma.whatIfFlip.count({ where: { runId: id } })).toBe(0);
      expect(run.summary.errors).toBe(0);
      // per trace too: every trace's own answer is reproduced; the one foreign trace is the restart story
      expect(run.summary.traces).toEqual({ compared: run.total, unchanged: run.total, changed_by_candidate: 0, recorded_differs: 0, foreign: 1 });
      expect(run.summary.recorded_differs_foreign).toBe(0);
    }
  }, 120_000);

  it("each trace's recorded decision in what-if is the trace's outcome, as the list shows it — the 10k crawl included", async () => {
    const current = compileTestBundle();
    const baseline = (): Baseline => ({ bundle: current, source: "recorded_version", label: "production v1", row_id: "pb_test", same_as_candidate: false });
    const agents = new Map((await prisma.agent.findMany()).map((a) => [a.id, { id: a.id, name: a.name, disabled: a.disabled, trust_level: a.trustLevel, environment: a.environment, owner: a.owner }]));
    const traces = await prisma.trace.findMany({ where: { NOT: { id: { startsWith: "ops-" } } }, select: { id: true, finalDecision: true, eventCount: true } });
    let checked = 0;
    for (const t of traces) {
      const { events } = (await loadRecordedEvents(t.id, t.eventCount))!;
      const outcome = traceOutcome(events);
      const r = whatIfTrace(events, current, { agents, baseline });
      expect(r.trace!.recorded, t.id).toEqual({ decision: t.finalDecision, verdict: outcome.verdict, reason: outcome.reason });
      expect(r.trace!.foreign, t.id).toEqual(outcome.foreign);
      // and step by step: the decision event each comparison names is the one the outcome's step was decided by
      const recordedBySeq = new Map<number, string | null>();
      for (const s of reconstructTrace(events).plans.flatMap((p) => p.steps)) for (const d of [...s.earlier_decisions, ...(s.decision ? [s.decision] : [])]) recordedBySeq.set(d.seq, s.decision?.value ?? null);
      for (const s of r.steps) expect(s.recorded, `${t.id} step ${s.step_index}`).toBe(recordedBySeq.get(s.detail.recorded_seq));
      checked++;
    }
    expect(checked).toBe(traces.length);
    const crawl = traces.find((t) => t.id === DEMO_LONG_TRACE)!;
    expect(crawl.finalDecision).toBe("block");
    const { events } = (await loadRecordedEvents(DEMO_LONG_TRACE, crawl.eventCount))!;
    const r = whatIfTrace(events, current, { agents, baseline });
    expect(r.trace).toMatchObject({ recorded: { decision: "block", verdict: "blocked" }, baseline: "block", candidate: "block", class: "unchanged" });
    expect(r.steps.length).toBeGreaterThan(1000);
  }, 120_000);
});

describe("an imported interceptor log in what-if", () => {
  it("its traces are labelled foreign, and every recorded ≠ engine on them is explained by the label", async () => {
    const sample = readFileSync(path.join(import.meta.dirname, "../../../engine/events/fixtures/interceptor-sample.jsonl"), "utf8");
    const lines = parseInterceptorJsonl(sample, "support-triage").flatMap((l) => (l.ok ? [{ event: l.event, raw: l.raw, format: "interceptor" as const }] : []));
    await storeEvents(lines);
    const ids = [...new Set(lines.map((l) => l.event.trace_id))];
    let explained = 0;
    for (const traceId of ids) {
      const run = await createWhatIfRun({ bundle_id: (await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } })).bundleId, trace_id: traceId }, admin.email);
      await runWhatIf(run.id);
      const { run: done, flips } = await getRun(run.id, { limit: 500 });
      expect(done.status).toBe("done");
      expect(done.summary.traces.foreign, traceId).toBe(1);
      const differs = Object.values(done.summary.recorded_differs).reduce((a, b) => a + b, 0);
      expect(done.summary.recorded_differs_foreign, traceId).toBe(differs);
      for (const f of flips) expect(f.trace?.foreign, traceId).toMatchObject({ kind: "imported", reason: expect.stringMatching(/^Imported from the reference interceptor's log/) });
      explained += differs;
    }
    expect(explained).toBeGreaterThan(0);
  }, 120_000);
});
