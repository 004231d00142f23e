process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseInterceptorJsonl } from "@/engine/events/interceptor";
import { prisma } from "@/lib/db";
import { seedDatabase } from "@/lib/demo/seed-database";
import { DEMO_LONG_TRACE, DEMO_UNAUTHORIZED_TRACE, DEMO_WORKED_EXAMPLE_TRACE } from "@/lib/demo/demo-data";
import { ReportCollector } from "@/lib/evidence/report-model";
import { streamTraceEvents } from "@/lib/evidence/stream-events";
import { storeEvents } from "@/lib/ingest/store-events";
import { getTraceDiff, getTraceOutcome } from "@/lib/replay/get-trace-diff";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { loadTraceGraph } from "@/lib/traces/load-trace-graph";
import { TraceListQuery } from "@/lib/traces/schemas";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";

// One answer per trace: over every demo trace and every trace of the interceptor sample import, the list rollup (and
// its decision filter), the header, the diff, the graph, the Plan tab model and the evidence report agree.

assertTestDatabase();

const NOW = new Date("2026-11-21T12:00:00.000Z");
const SAMPLE = readFileSync(path.join(import.meta.dirname, "../../engine/events/fixtures/interceptor-sample.jsonl"), "utf8");

type Row = { approvals: Array<{ id: string; status: string }>; id: string; list: string | null; header: string | null; diff: string | null; verdict: string; graph: string | null; steps: string | null; graphVerdict: string | null; plan: string | null; report: string | null;
  /** the foreign label (imported | outside_executor) as the list row, the diff, the outcome and the report carry it */
  foreign: { list: string | null; diff: string | null; outcome: string | null; report: string | null };
};
const rows: Row[] = [];

/** The trace decision the Plan tab model implies: the most restrictive effective decision of the steps that count. */
function planDecision(steps: Array<{ effective: string; superseded: boolean; result: string }>): string | null {
  const order = ["block", "require_approval", "pending", "allow"];
  let best: string | null = null;
  for (const s of steps) {
    if (s.effective === "none" || s.superseded || s.result === "not_reached") continue;
    if (best === null || order.indexOf(s.effective) < order.indexOf(best)) best = s.effective;
  }
  return best;
}

describe("one answer per trace", () => {
  beforeAll(async () => {
    await resetDatabase();
    await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "correct horse battery", now: NOW });
    const lines = parseInterceptorJsonl(SAMPLE, "support-triage").flatMap((l) => (l.ok ? [{ event: l.event, raw: l.raw, format: "interceptor" as const }] : []));
    await storeEvents(lines);

    const traces = await prisma.trace.findMany({ select: { id: true, finalDecision: true, headSeq: true, foreignOrigin: true }, orderBy: { id: "asc" } });
    for (const t of traces) {
      if (t.id.startsWith("ops-")) continue;
      const [header, diff, graph, outcome] = await Promise.all([getTrace(t.id), getTraceDiff(t.id), loadTraceGraph(t.id, "aggregated"), getTraceOutcome(t.id)]);
      const report = new ReportCollector();
      for await (const e of streamTraceEvents([{ id: t.id, headSeq: t.headSeq }])) report.add(e);
      const group = graph!.groups.find((g) => g.trace_id === t.id)!;
      const reported = report.finish().traces.find((r) => r.id === t.id)!;
      rows.push({
        approvals: diff!.outcome.approvals, id: t.id, list: t.finalDecision, header: header!.final_decision, diff: diff!.outcome.decision, verdict: diff!.diff.verdict,
        graph: group.outcome.decision, steps: outcome!.outcome.decision, graphVerdict: group.outcome.verdict, plan: planDecision(diff!.outcome.steps),
        report: reported.final_decision,
        foreign: { list: t.foreignOrigin, diff: diff!.diff.foreign?.kind ?? null, outcome: outcome!.outcome.foreign?.kind ?? null, report: reported.foreign?.kind ?? null },
      });
    }
  }, 240_000);

  it("covers the demo traces and the interceptor sample", () => {
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.some((r) => r.id === DEMO_WORKED_EXAMPLE_TRACE)).toBe(true);
  });

  it("list rollup = header = diff outcome = graph = timeline outcome = Plan tab model = report, for every trace", () => {
    const disagree = rows.filter((r) => new Set([r.list, r.header, r.diff, r.graph, r.steps, r.plan, r.report]).size !== 1 || r.graphVerdict !== r.verdict);
    expect(disagree).toEqual([]);
  });

  it("the foreign label is the same in the list row, the diff, the outcome and the report; imported traces and the restart story carry it", () => {
    const f = (r: Row) => r.foreign;
    expect(rows.filter((r) => new Set(Object.values(f(r))).size !== 1).map((r) => `${r.id}: ${JSON.stringify(f(r))}`)).toEqual([]);
    const labelled = Object.fromEntries(rows.filter((r) => r.foreign.list).map((r) => [r.id, r.foreign.list]));
    expect(labelled[DEMO_UNAUTHORIZED_TRACE]).toBe("outside_executor");
    expect(Object.values(labelled).filter((k) => k === "imported").length).toBeGreaterThan(0);
    // an ordinary engine-decided trace carries no label
    expect(labelled[DEMO_WORKED_EXAMPLE_TRACE]).toBeUndefined();
  });

  it("the decision and the diff verdict say the same thing (blocked ⇒ block, matched ⇒ allow, enforced ⇒ block or allow)", () => {
    const compatible: Record<string, Array<string | null>> = {
      blocked: ["block"], matched: ["allow"], enforced: ["block", "allow"],
      review: ["require_approval", "pending", "allow", "block", null], violation: ["allow", "block", "require_approval", "pending", null],
    };
    expect(rows.filter((r) => !compatible[r.verdict].includes(r.list))).toEqual([]);
  });

  it("filtering the list by decision returns exactly the traces with that rollup", async () => {
    for (const decision of ["allow", "block", "require_approval", "none"] as const) {
      const listed = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await listTraces(TraceListQuery.parse({ decision, limit: 200, ...(cursor ? { cursor } : {}) }));
        for (const t of page.traces) listed.add(t.id);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect([...listed].filter((id) => !id.startsWith("ops-")).sort()).toEqual(rows.filter((r) => (r.list ?? "none") === decision).map((r) => r.id).sort());
    }
  });

  it("an approval shown as pending is one the server holds; a referenced approval it does not hold reads missing", async () => {
    const pending = rows.flatMap((r) => r.approvals.filter((a) => a.status === "pending").map((a) => a.id));
    const stored = new Set((await prisma.approval.findMany({ where: { id: { in: pending } }, select: { id: true } })).map((a) => a.id));
    const engineTraces = rows.filter((r) => r.id.startsWith("tr_"));
    expect(engineTraces.flatMap((r) => r.approvals.filter((a) => a.status === "pending" && !stored.has(a.id)).map((a) => `${r.id}: ${a.id}`))).toEqual([]);
  });

  it("prints each trace's answer (for the issue note)", () => {
    for (const r of rows) console.log(`${r.id.padEnd(48)} ${String(r.list).padEnd(17)} ${r.verdict}`);
  });

  it("the 10,000-event crawl, whose diff shows blocked steps, is a block in the list", () => {
    const crawl = rows.find((r) => r.id === DEMO_LONG_TRACE)!;
    expect(crawl.list).toBe("block");
  });
});
