import { describe, expect, it } from "vitest";
import type { ActiveBundle } from "@/engine/evaluate";
import type { RecordedEvent } from "@/engine/events/recorded";
import { compareTraces } from "@/engine/replay/compare";
import { replayDiff, type StepDiff, type TraceReplayDiff } from "@/engine/replay/diff";
import { whatIfTrace, type AgentInfo, type Baseline } from "@/engine/replay/what-if";
import { compileTestBundle } from "@/engine/testing/engine-fixtures";
import {
  DEMO_BUDGET_TRACE, DEMO_CHILD_TRACES, DEMO_EXFILTRATION_TRACE, DEMO_INJECTION_TRACE, DEMO_LONG_TRACE, DEMO_ORCHESTRATOR_TRACE, DEMO_UNAUTHORIZED_TRACE,
  DEMO_WORKED_EXAMPLE_TRACE, demoData,
} from "@/lib/demo/demo-data";
import { DEMO_NOW, seededDemoEvents } from "@/tests/demo-events";

// The demo as seeded (decided by the engine through evaluatePlan, executions through ingest; tests/demo-events.ts),
// read by the engine's replay, diff, compare and what-if. How those read a trace is the engine's claim, tested over
// in-memory stories in engine/replay; here: the demo's traces say what the demo says they say.
const demo = await seededDemoEvents();
const traceIds = [...new Set(demo.map((e) => e.trace_id))];
const byTrace = new Map<string, RecordedEvent[]>();
for (const e of demo) {
  const list = byTrace.get(e.trace_id) ?? [];
  list.push({ trace_id: e.trace_id, seq: list.length + 1, hash: `h${list.length + 1}`, event: e });
  byTrace.set(e.trace_id, list);
}
const recorded = (id: string) => byTrace.get(id)!;

const steps = (d: TraceReplayDiff): StepDiff[] => d.plans.flatMap((p) => p.steps);

describe("replay diff over the demo", () => {
  const diffOf = (id: string) => replayDiff(recorded(id));

  it("kb injection: the forward at step 2 blocked and not run; the ticket read and the reply ran", () => {
    const d = diffOf(DEMO_INJECTION_TRACE);
    expect(steps(d).map((s) => [s.step.index, s.step.tool, s.result, s.outcome])).toEqual([
      [1, "zendesk.get_ticket", "matched", "executed"], [2, "email.forward", "blocked", "not_executed"], [3, "zendesk.reply", "matched", "executed"],
    ]);
    expect(d.verdict).toBe("blocked");
    expect(d.counts.severities.critical).toBe(0);
  });

  it("secrets exfiltration: three steps matched, the upload blocked; mass mailing: the enrollments past the write budget blocked", () => {
    expect(steps(diffOf(DEMO_EXFILTRATION_TRACE)).map((s) => s.result)).toEqual(["matched", "matched", "matched", "blocked"]);
    const over = steps(diffOf(DEMO_BUDGET_TRACE)).filter((s) => s.step.decision?.reasons?.some((r) => /max_write_operations/.test(r)));
    expect(over.length).toBeGreaterThan(0);
    for (const s of over) expect([s.result, s.outcome]).toEqual(["blocked", "not_executed"]);
  });

  it("worked example: read and the approved email executed; the held write allowed on the second ask and executed", () => {
    const d = diffOf(DEMO_WORKED_EXAMPLE_TRACE);
    expect(d.plans.map((p) => p.steps.map((s) => [s.step.index, s.step.tool, s.outcome]))).toEqual([
      [[1, "db.read", "executed"], [2, "send_email", "executed"], [3, "db.write", "not_executed"]],
      [[3, "db.write", "executed"]],
    ]);
    expect(steps(d).flatMap((s) => s.mismatches)).toEqual([]);
  });

  it("the quarter close matches; the ~10,000-event crawl keeps every step and is blocked", () => {
    for (const id of [DEMO_ORCHESTRATOR_TRACE, ...DEMO_CHILD_TRACES]) expect(diffOf(id).verdict).toBe("matched");
    const d = diffOf(DEMO_LONG_TRACE);
    expect(d.counts.steps).toBeGreaterThan(1000);
    expect(d.verdict).toBe("blocked");
  });

  it("compares the injection with a benign support run: replies aligned, the forward has no benign counterpart", () => {
    const benign = traceIds.find((id) => id.startsWith("tr_support_reply_timeout_"))!;
    const c = compareTraces(recorded(DEMO_INJECTION_TRACE), recorded(benign));
    expect(c.pairs.map((p) => [p.status, p.a?.tool ?? null, p.b?.tool ?? null])).toEqual([
      ["changed", "zendesk.get_ticket", "shipping.track"], ["only_a", "email.forward", null], ["changed", "zendesk.reply", "zendesk.reply"],
    ]);
    expect(c.a.verdict).toBe("blocked");
    expect(c.b.verdict).toBe("matched");
  });
});

describe("what-if over the demo", () => {
  const FORBID_EXTERNAL_MAIL = `
@id("forbid-all-external-notify")
@reason("What-if: no mail leaves through notify.external.")
forbid (principal, action == Action::"call_tool", resource)
when { resource.capability == "notify.external" };
`;
  const compile = (extra = ""): ActiveBundle => compileTestBundle((files) => files.map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + extra } : f)));
  const current = compile();
  const stricter = compile(FORBID_EXTERNAL_MAIL);
  const agents: Record<string, AgentInfo> = Object.fromEntries(
    demoData(DEMO_NOW).agents.map((a) => [a.id, { id: a.id, name: a.name, disabled: false, trust_level: a.trustLevel, environment: a.environment, owner: a.owner }]),
  );
  // every seeded decision names default v1: the bundle in force when it was recorded is the current one
  const baseline = (): Baseline => ({ bundle: current, source: "recorded_version", label: "production v1", row_id: "pb_test", same_as_candidate: false });

  it("every demo decision is what the engine decides under the bundle it was recorded with: 0 flips, 0 recorded ≠ engine", () => {
    const identical = compile();
    let compared = 0;
    let differs = 0;
    for (const id of traceIds) {
      const r = whatIfTrace(recorded(id), identical, { agents, baseline });
      expect(r.flips, id).toEqual([]);
      expect(r.summary.errors, id).toBe(0);
      compared += r.summary.steps;
      differs += r.recordedDiffers.length;
    }
    // the legacy executor's trace included: its decisions are the engine's; only its unauthorised run is foreign
    expect(traceIds).toContain(DEMO_UNAUTHORIZED_TRACE);
    expect(compared).toBeGreaterThan(1000);
    expect(differs).toBe(0);
  });

  it("a forbid on notify.external flips the worked example's send to a block and lets the held write run; over the demo its flips are all its own", () => {
    const r = whatIfTrace(recorded(DEMO_WORKED_EXAMPLE_TRACE), stricter, { agents, baseline });
    expect(r.summary).toMatchObject({ evaluations: 2, steps: 4, flips: { "require_approval→block": 1, "pending→allow": 1 }, recorded_differs: {} });
    const all = traceIds.flatMap((id) => whatIfTrace(recorded(id), stricter, { agents, baseline }).flips);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(20);
    for (const f of all) {
      expect(f.class).toBe("changed_by_candidate");
      if (f.candidate === "block") expect(f.detail.candidate.determining).toContain("forbid-all-external-notify");
    }
  });

  it("the demo's dry runs are skipped", () => {
    const dry = [...new Set(demo.filter((e) => e.flags?.includes("dry_run") && e.type === "plan.submitted").map((e) => e.trace_id))];
    expect(dry.length).toBeGreaterThan(0);
    for (const id of dry) expect(whatIfTrace(recorded(id), stricter, { agents }).summary.evaluations, id).toBe(0);
  });
});
