import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { unauthorizedExecutionEvent } from "../decisions/unauthorized-execution";
import { evaluate, type ActiveBundle, type EngineState, type PlanInput } from "../evaluate";
import { decisionEvents, EVENT, LEGACY_EXECUTOR } from "../events/decision-events";
import { parseInterceptorJsonl } from "../events/interceptor";
import type { RecordedEvent } from "../events/recorded";
import { SCHEMA_VERSION, type RuntimeEvent } from "../events/schema";
import { compileTestBundle, TEST_AGENTS, TEST_NOW as NOW, testState } from "../testing/engine-fixtures";
import { replayDiff } from "./diff";
import { FOREIGN_REASON } from "./reconstruct";
import { traceOutcome } from "./trace-outcome";
import { whatIfTrace, type AgentInfo, type Baseline } from "./what-if";

// What-if's recorded side of a trace is the trace's outcome (the list, header and diff show the same), and a trace
// that stands for a foreign or legacy log says so. Small traces the engine writes itself; no demo data.

const FORBID_EXTERNAL_MAIL = `
@id("forbid-all-external-notify")
@reason("What-if: no mail leaves through notify.external.")
forbid (principal, action == Action::"call_tool", resource)
when { resource.capability == "notify.external" };
`;

let current: ActiveBundle;
let stricter: ActiveBundle;
beforeAll(() => {
  current = compileTestBundle();
  stricter = compileTestBundle((files) => files.map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + FORBID_EXTERNAL_MAIL } : f)));
});

const agents: Record<string, AgentInfo> = Object.fromEntries(Object.keys(TEST_AGENTS).map((id) => [id, testState(id, "t").agent!]));
const baseline = (): Baseline => ({ bundle: current, source: "recorded_version", label: "production v1", row_id: "pb_test", same_as_candidate: false });
const internal = (name: string) => ({ source_type: "tool_result", trust_level: "internal", source_name: name });
const asRecorded = (events: RuntimeEvent[]): RecordedEvent[] => events.map((event, i) => ({ trace_id: event.trace_id, seq: i + 1, hash: `h${i + 1}`, event }));

/** One evaluation as the decision API records it (the engine's own writer), against a fresh state of the trace. */
function evaluation(traceId: string, evaluationId: string, agent: string, plan: PlanInput, over: Partial<EngineState> = {}): RuntimeEvent[] {
  const d = evaluate(plan, current, testState(agent, traceId, over));
  const approvals = new Map(d.steps.filter((s) => s.decision === "require_approval").map((s) => [s.index, { id: `apr_${evaluationId}_${s.index}`, status: "pending" }]));
  return decisionEvents({ agentId: agent, traceId, evaluationId, timestamp: NOW.toISOString(), intent: null, decision: d, mode: "evaluate", effects: { approvals, grants: new Map() } });
}

function agentEvent(traceId: string, n: number, e: Partial<RuntimeEvent> & Pick<RuntimeEvent, "type" | "stage">): RuntimeEvent {
  return { id: `${traceId}_a${n}`, trace_id: traceId, timestamp: NOW.toISOString(), agent: { id: "crm-sync" }, schema_version: SCHEMA_VERSION, ...e } as RuntimeEvent;
}

const READ: PlanInput = { steps: [{ tool: "db.read", arguments: { table: "contacts", customer_id: "CUST-1" }, provenance: [internal("crm")] }] };
const SHELL: PlanInput = { steps: [{ tool: "shell.exec", arguments: { cmd: "id" }, provenance: [internal("k8s")] }] };

describe("what-if's recorded decision of a trace is the trace's outcome", () => {
  it("a trace whose last step allows but which holds a block is a block, in what-if as in the list", () => {
    const traceId = "tr_last_allows";
    const events = asRecorded([
      ...evaluation(traceId, "ev_1", "crm-sync", READ),
      ...evaluation(traceId, "ev_2", "crm-sync", SHELL),
      ...evaluation(traceId, "ev_3", "crm-sync", READ),
    ]);
    const outcome = traceOutcome(events);
    expect(outcome.decision).toBe("block");
    const r = whatIfTrace(events, current, { agents, baseline });
    expect(r.steps.at(-1)!.recorded).toBe("allow");
    expect(r.trace).toMatchObject({ recorded: { decision: outcome.decision, verdict: outcome.verdict, reason: outcome.reason }, baseline: "block", candidate: "block", class: "unchanged", foreign: null, steps: 3 });
    // each step's recorded decision is the outcome's step, in the same order
    expect(r.steps.map((s) => s.recorded)).toEqual(outcome.steps.map((s) => s.recorded));
    expect(r.steps.every((s) => s.detail.trace.recorded === outcome.decision)).toBe(true);
  });

  it("a step an agent decided twice reads as its outcome reads it (the last decision), not as the first", () => {
    const traceId = "tr_decided_twice";
    const step = { step: 1, tool: "db.read", arguments: READ.steps[0].arguments as never };
    const events = asRecorded([
      agentEvent(traceId, 1, { type: "plan.proposed", stage: "plan", plan: { id: "p1", steps: [{ index: 1, tool: "db.read", arguments: READ.steps[0].arguments as never, provenance: READ.steps[0].provenance }] } }),
      agentEvent(traceId, 2, { type: EVENT.decisionMade, stage: "decision", decision: "allow", ...step, reasons: ["first look"] }),
      agentEvent(traceId, 3, { type: EVENT.decisionMade, stage: "decision", decision: "block", ...step, reasons: ["decided again: blocked"] }),
    ]);
    const outcome = traceOutcome(events);
    expect(outcome.steps.map((s) => s.recorded)).toEqual(["block"]);
    const r = whatIfTrace(events, current, { agents, baseline });
    expect(r.steps.length).toBeGreaterThan(0);
    for (const s of r.steps) {
      expect(s.recorded).toBe("block");
      expect(s.detail.recorded.reasons).toEqual(["decided again: blocked"]);
    }
    expect(r.trace!.recorded.decision).toBe("block");
    // the engine allows the read: the record is not the engine's, under the baseline as under the candidate
    expect(r.trace).toMatchObject({ baseline: "allow", candidate: "allow", class: "recorded_differs" });
  });

  it("the trace's candidate decision is the outcome's rule over the candidate's step decisions", () => {
    const traceId = "tr_colleague_mail";
    const plan: PlanInput = { steps: [READ.steps[0], { tool: "send_email", arguments: { to: "m.okafor@example.com", subject: "Quote sent" }, provenance: [internal("crm")] }] };
    const events = asRecorded(evaluation(traceId, "ev_1", "crm-sync", plan));
    expect(traceOutcome(events).decision).toBe("allow");
    const r = whatIfTrace(events, stricter, { agents, baseline });
    expect(r.trace).toMatchObject({ recorded: { decision: "allow" }, baseline: "allow", candidate: "block", class: "changed_by_candidate" });
    expect(r.summary.traces).toEqual({ compared: 1, unchanged: 0, changed_by_candidate: 1, recorded_differs: 0, foreign: 0 });
  });
});

describe("foreign traces are labelled, and what-if explains their differences by it", () => {
  const SAMPLE = readFileSync(path.join(import.meta.dirname, "../events/fixtures/interceptor-sample.jsonl"), "utf8");
  const imported = () => {
    const events = parseInterceptorJsonl(SAMPLE, "support-triage").flatMap((l) => (l.ok ? [l.event] : []));
    return [...new Set(events.map((e) => e.trace_id))].map((id) => asRecorded(events.filter((e) => e.trace_id === id)));
  };

  it("every trace of an interceptor import is labelled imported, in the reconstruction, the diff and the outcome", () => {
    const traces = imported();
    expect(traces.length).toBeGreaterThan(1);
    for (const events of traces) {
      const o = traceOutcome(events);
      expect(o.foreign, events[0].trace_id).toMatchObject({ kind: "imported", reason: FOREIGN_REASON.imported, seq: 1 });
      expect(o.foreign!.reason).toMatch(/^Imported from the reference interceptor's log/);
      expect(replayDiff(events).foreign).toEqual(o.foreign);
    }
  });

  it("what-if compares the interceptor's decisions with the engine's and counts each difference as explained by the label", () => {
    let explained = 0;
    for (const events of imported()) {
      const r = whatIfTrace(events, current, { agents, baseline });
      expect(r.trace!.foreign?.kind).toBe("imported");
      expect(r.trace!.recorded.decision).toBe(traceOutcome(events).decision);
      for (const s of r.recordedDiffers) expect(s.detail.trace.foreign?.kind).toBe("imported");
      expect(r.summary.recorded_differs_foreign).toBe(Object.values(r.summary.recorded_differs).reduce((a, b) => a + b, 0));
      explained += r.summary.recorded_differs_foreign;
    }
    expect(explained).toBeGreaterThan(0);
  });

  const restart = (mark: "legacy" | "flag") => {
    const traceId = `tr_restart_${mark}`;
    const plan: PlanInput = { steps: [{ tool: "k8s.rollout_restart", arguments: { deployment: "ledger-sync", namespace: "prod" }, provenance: [internal("pagerduty")] }] };
    const decided = evaluation(traceId, "ev_1", "devops-runner", plan);
    expect(decided.some((e) => e.type === EVENT.approvalRequired)).toBe(true);
    const ran: RuntimeEvent = {
      id: `${traceId}_x`, trace_id: traceId, timestamp: NOW.toISOString(), type: EVENT.toolExecuted, stage: "execution", agent: { id: "devops-runner" }, schema_version: SCHEMA_VERSION,
      step: 1, tool: "k8s.rollout_restart", decision: "observed", payload: mark === "legacy" ? { [LEGACY_EXECUTOR]: "ran without waiting for the approval" } : {},
    };
    const flag = unauthorizedExecutionEvent(ran, "k8s.rollout_restart ran without a capability token", `${traceId}_flag`, NOW.toISOString());
    return asRecorded([...decided, ran, ...(mark === "flag" ? [flag] : [])]);
  };

  for (const mark of ["legacy", "flag"] as const) {
    it(`an execution ${mark === "legacy" ? "its executor marked legacy_executor" : "the server flagged as unauthorized"} labels the trace: an executor outside Replay Audit ran a step without a token`, () => {
      const events = restart(mark);
      const o = traceOutcome(events);
      expect(o.foreign).toMatchObject({ kind: "outside_executor", reason: FOREIGN_REASON.outside_executor });
      expect(o.foreign!.reason).toMatch(/executor outside Replay Audit ran a step without a capability token/);
      expect(events.find((e) => e.seq === o.foreign!.seq)!.event.type).toBe(mark === "legacy" ? EVENT.toolExecuted : EVENT.unauthorizedExecution);
      expect(whatIfTrace(events, current, { agents, baseline }).trace!.foreign).toEqual(o.foreign);
    });
  }

  it("a trace the engine wrote alone is not foreign", () => {
    const events = asRecorded([...evaluation("tr_own", "ev_1", "crm-sync", READ)]);
    expect(traceOutcome(events).foreign).toBeNull();
    expect(replayDiff(events).foreign).toBeNull();
    expect(whatIfTrace(events, current, { agents, baseline }).summary.traces.foreign).toBe(0);
  });
});
