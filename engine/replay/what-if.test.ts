import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type ActiveBundle, type EngineState, type PlanInput } from "@/engine/evaluate";
import type { RecordedEvent } from "@/engine/events/recorded";
import type { RuntimeEvent } from "@/engine/events/schema";
import { compileTestBundle, TEST_AGENTS, testState } from "@/engine/testing/engine-fixtures";
import { recorded as chained } from "@/engine/testing/story-trace";
import { STORY_CRAWL, STORY_DRY_RUN, STORY_NOW, STORY_UNAUTHORIZED, STORY_WORKED_EXAMPLE, stories } from "@/engine/testing/stories";
import { whatIfTrace, type AgentInfo, type Baseline, type BaselineRef } from "./what-if";

const NOW = STORY_NOW;
const FORBID_EXTERNAL_MAIL = `
@id("forbid-all-external-notify")
@reason("What-if: no mail leaves through notify.external.")
forbid (principal, action == Action::"call_tool", resource)
when { resource.capability == "notify.external" };
`;

function compile(extraCedar = ""): ActiveBundle {
  return compileTestBundle((files) => files.map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + extraCedar } : f)));
}

let current: ActiveBundle;
let stricter: ActiveBundle;
/** The registered agents, as the stories' server knows them. */
const agents: Record<string, AgentInfo> = Object.fromEntries(Object.keys(TEST_AGENTS).map((id) => [id, testState(id, "t").agent!]));

/** The stories as recorded (engine/testing/stories.ts): every decision in them is the engine's, under the default bundle. */
let storyTraceIds: string[] = [];
beforeAll(() => {
  current = compile();
  stricter = compile(FORBID_EXTERNAL_MAIL);
  storyTraceIds = [...stories().keys()];
});

/** The baseline as the server resolves it for the stories: every decision names default v1 → the current bundle. */
const refsSeen: BaselineRef[] = [];
const baseline = (ref: BaselineRef): Baseline => {
  refsSeen.push(ref);
  return { bundle: current, source: "recorded_version", label: "production v1", row_id: "pb_test", same_as_candidate: false };
};

/** A story's events as recorded (seq in order; the hash does not matter to what-if). */
const recorded = (traceId: string): RecordedEvent[] => chained(stories().get(traceId)!);

/** What the decision engine writes for one evaluation (plan.submitted, a decision per step, evaluation.completed). */
function engineEvaluation(traceId: string, evaluationId: string, plan: PlanInput, bundle: ActiveBundle, state: EngineState, at: string, flags?: RuntimeEvent["flags"]): RuntimeEvent[] {
  const d = evaluate(plan, bundle, state);
  const base = { trace_id: traceId, timestamp: at, agent: { id: state.agent!.id }, schema_version: "1.0", ...(flags ? { flags } : {}) };
  return [
    { ...base, id: `${evaluationId}_1`, type: "plan.submitted", stage: "plan", decision: "pending", plan: { id: evaluationId, steps: d.steps.map((s) => ({ index: s.index, tool: s.tool, arguments: s.arguments as never, provenance: s.provenance })) }, payload: { evaluation_id: evaluationId } },
    ...d.steps.map((s, i): RuntimeEvent => ({
      ...base, id: `${evaluationId}_d${i}`, type: s.decision === "require_approval" ? "human_approval_required" : "decision.made", stage: "decision", step: s.index, tool: s.tool,
      decision: s.decision, reasons: s.reasons, policy: { bundle_id: bundle.id, version: bundle.version, determining: s.stages.policy.determining },
      payload: { evaluation_id: evaluationId, arguments_hash: s.arguments_hash },
    })),
    { ...base, id: `${evaluationId}_c`, type: "evaluation.completed", stage: "decision", decision: d.decision, payload: { evaluation_id: evaluationId } },
  ];
}

function stateFor(agent: string, traceId: string): EngineState {
  return { traceId, now: NOW, agent: agents[agent], executed: [], trace: { tool_calls: 0, tool_counts: {}, cost_usd: 0, started_at: NOW }, agentToday: { tool_calls: 0, tool_counts: {}, cost_usd: 0 }, approvals: [] };
}

const WORKED: PlanInput = {
  steps: [
    { tool: "db.read", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [{ source_type: "tool_result", trust_level: "internal", source_name: "crm" }] },
    { tool: "send_email", arguments: { to: "procurement@globex-partners.example", subject: "Your renewal quote Q-2291" }, provenance: [{ source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound", content: "Please send the renewal quote." }] },
    { tool: "db.write", arguments: { table: "contacts", customer_id: "CUST-20417", set: { renewal_stage: "quote_sent" } }, provenance: [{ source_type: "tool_result", trust_level: "internal", source_name: "crm" }] },
  ],
};
const asRecorded = (events: RuntimeEvent[]): RecordedEvent[] => events.map((event, i) => ({ trace_id: event.trace_id, seq: i + 1, hash: `h${i}`, event }));

describe("what-if over the worked example", () => {
  it("a forbid on notify.external turns the recorded send into a block, naming the new policy; the rest of the plan proceeds", () => {
    const r = whatIfTrace(recorded(STORY_WORKED_EXAMPLE), stricter, { agents, baseline });
    // the plan, then (after the approval) the held write asked again
    expect(r.summary.evaluations).toBe(2);
    expect(r.summary.steps).toBe(4);
    const send = r.flips.find((f) => f.tool === "send_email")!;
    expect(send).toMatchObject({
      step_index: 2, class: "changed_by_candidate", recorded: "require_approval", baseline: "require_approval", candidate: "block",
      before: "require_approval", after: "block", agent_id: "crm-sync", source: "engine",
    });
    expect(send.detail.candidate.determining).toContain("forbid-all-external-notify");
    expect(send.reasons_after.join(" ")).toMatch(/forbid-all-external-notify/);
    // before = the baseline's own reasons; the recorded reasons are kept beside them
    expect(send.reasons_before.join(" ")).toMatch(/approval threshold/);
    expect(send.detail.baseline).toMatchObject({ bundle: "production v1", bundle_source: "recorded_version", decision: "require_approval" });
    expect(send.detail.recorded.reasons.join(" ")).toMatch(/approval threshold/);
    // without the send, R_total stays under the approval threshold: the held write would now run at once
    expect(r.flips.find((f) => f.tool === "db.write")).toMatchObject({ class: "changed_by_candidate", before: "pending", after: "allow" });
    expect(r.summary.flips).toEqual({ "require_approval→block": 1, "pending→allow": 1 });
    expect(r.summary.recorded_differs).toEqual({});
    expect(r.summary.unchanged).toBe(2);
    expect(r.summary.baselines).toEqual({ "production v1": { source: "recorded_version", steps: 4 } });
    expect(refsSeen.at(-1)).toMatchObject({ bundle_id: "default", version: 1, environment: "production", agent_id: "crm-sync" });
  });

  it("an engine evaluation re-run under the bundle it was decided with flips nothing; under the stricter draft its allowed send flips", () => {
    // a colleague as the recipient: allowed without approval under the default bundle
    const plan: PlanInput = { steps: [WORKED.steps[0], { tool: "send_email", arguments: { to: "m.okafor@example.com", subject: "Quote sent" }, provenance: [{ source_type: "tool_result", trust_level: "internal", source_name: "crm" }] }] };
    const events = asRecorded(engineEvaluation("tr_live", "ev_1", plan, current, stateFor("crm-sync", "tr_live"), NOW.toISOString()));
    const same = whatIfTrace(events, current, { agents, baseline });
    expect(same.summary).toMatchObject({ evaluations: 1, steps: 2, unchanged: 2, flips: {}, recorded_differs: {}, errors: 0 });
    expect(same.steps.map((s) => [s.before, s.source, s.class])).toEqual([["allow", "engine", "unchanged"], ["allow", "engine", "unchanged"]]);
    const strict = whatIfTrace(events, stricter, { agents, baseline });
    expect(strict.flips.map((f) => [f.step_index, f.tool, f.before, f.after, f.class])).toEqual([[2, "send_email", "allow", "block", "changed_by_candidate"]]);
  });

  it("skips explain and dry-run evaluations", () => {
    const plan: PlanInput = { steps: [WORKED.steps[1]] };
    const events = asRecorded([
      ...engineEvaluation("tr_dry", "ev_dry", plan, current, stateFor("crm-sync", "tr_dry"), NOW.toISOString(), ["dry_run"]),
      ...engineEvaluation("tr_dry", "ev_explain", plan, current, stateFor("crm-sync", "tr_dry"), NOW.toISOString(), ["explain"]),
    ]);
    const r = whatIfTrace(events, stricter, { agents });
    expect(r.summary).toMatchObject({ evaluations: 0, steps: 0, flips: {} });
    // a dry run played as a story: decided and recorded, flagged, never compared
    expect(recorded(STORY_DRY_RUN).some((e) => e.event.type === "plan.submitted" && e.event.flags?.includes("dry_run"))).toBe(true);
    expect(whatIfTrace(recorded(STORY_DRY_RUN), stricter, { agents }).summary.evaluations).toBe(0);
  });

  it("counts executions before a plan into its state: a budget that is used up blocks the next plan", () => {
    const traceId = "tr_budget";
    const exec = (i: number): RuntimeEvent => ({ id: `x${i}`, trace_id: traceId, timestamp: NOW.toISOString(), type: "tool.executed", stage: "execution", agent: { id: "crm-sync" }, schema_version: "1.0", tool: "db.write", step: i, decision: "observed" });
    const plan: PlanInput = { steps: [WORKED.steps[2]] };
    const first = engineEvaluation(traceId, "ev_a", plan, current, stateFor("crm-sync", traceId), NOW.toISOString());
    const events = asRecorded([...first, ...Array.from({ length: 10 }, (_, i) => exec(i + 1)), ...engineEvaluation(traceId, "ev_b", plan, current, stateFor("crm-sync", traceId), NOW.toISOString())]);
    const r = whatIfTrace(events, current, { agents });
    // the second evaluation was recorded as allow (its recorded state was empty) but ten writes had run: max_write_operations 10
    // (no baseline given: the recorded decision stands in, so the difference counts as a flip)
    const flip = r.flips.find((f) => f.evaluation_id === "ev_b")!;
    expect(flip).toMatchObject({ before: "allow", after: "block", class: "changed_by_candidate" });
    expect(flip.detail.baseline.bundle_source).toBe("record");
    expect(flip.reasons_after.join(" ")).toMatch(/max_write_operations 10/);
    expect(r.flips.filter((f) => f.evaluation_id === "ev_a")).toEqual([]);
    // with the bundle in force as baseline, the same difference is the record's, not the candidate's
    const b = whatIfTrace(events, current, { agents, baseline });
    expect(b.flips).toEqual([]);
    expect(b.recordedDiffers.find((f) => f.evaluation_id === "ev_b")).toMatchObject({ recorded: "allow", baseline: "block", candidate: "block", before: "allow", after: "block" });
  });

  it("compares only evaluations in the time window and of the agent asked for", () => {
    const r = whatIfTrace(recorded(STORY_WORKED_EXAMPLE), stricter, { agents, agent: "support-triage" });
    expect(r.summary.evaluations).toBe(0);
    const late = whatIfTrace(recorded(STORY_WORKED_EXAMPLE), stricter, { agents, from: new Date(NOW.getTime() + 3600_000) });
    expect(late.summary.evaluations).toBe(0);
  });
});

describe("baseline: the bundle in force when each decision was recorded", () => {
  it("a candidate identical to the baseline flips nothing, and every recorded decision is what the engine decides (0 recorded ≠ engine)", () => {
    const identical = compile(); // same files, compiled apart: no shortcut by object identity
    let steps = 0;
    let differs = 0;
    const byTrace = new Map<string, ReturnType<typeof whatIfTrace>>();
    for (const id of storyTraceIds) {
      const r = whatIfTrace(recorded(id), identical, { agents, baseline });
      expect(r.flips, id).toEqual([]);
      expect(r.summary.flips, id).toEqual({});
      expect(r.summary.errors).toBe(0);
      for (const d of r.recordedDiffers) expect(d.baseline).toBe(d.candidate);
      steps += r.summary.steps;
      differs += r.recordedDiffers.length;
      byTrace.set(id, r);
    }
    // the stories were decided by this engine when played: no record differs — the state what-if rebuilds from the
    // events is the state the server loaded — the legacy executor's trace included (its decisions are the engine's
    // too; only its unauthorised run is foreign, and that is an execution, not a decision), and the crawl's approval
    // and halt as well
    expect(storyTraceIds).toContain(STORY_UNAUTHORIZED);
    expect(recorded(STORY_UNAUTHORIZED).some((e) => e.event.type === "governance.unauthorized_execution")).toBe(true);
    expect(byTrace.get(STORY_UNAUTHORIZED)!.trace?.foreign).not.toBeNull();
    expect(byTrace.get(STORY_CRAWL)!.summary.steps).toBeGreaterThan(1000);
    expect(steps).toBeGreaterThan(1000);
    expect(differs).toBe(0);
  });

  it("the stricter draft's flips over every story are all caused by it: only notify.external steps and the steps they gated", () => {
    const all = storyTraceIds.flatMap((id) => whatIfTrace(recorded(id), stricter, { agents, baseline }).flips);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(20);
    for (const f of all) {
      expect(f.class).toBe("changed_by_candidate");
      expect(f.baseline).not.toBe(f.candidate);
      if (f.candidate === "block") expect(f.detail.candidate.determining).toContain("forbid-all-external-notify");
    }
  });

  it("the baseline resolver's bundle decides; with the candidate's content it reuses the candidate's decisions", () => {
    let calls = 0;
    const same = (): Baseline => { calls++; return { bundle: stricter, source: "active_now", label: "production v2 (active now)", row_id: "pb_2", same_as_candidate: true }; };
    const r = whatIfTrace(recorded(STORY_WORKED_EXAMPLE), stricter, { agents, baseline: same });
    expect(calls).toBe(2); // once per evaluation
    expect(r.flips).toEqual([]);
    expect(r.summary.baselines).toEqual({ "production v2 (active now)": { source: "active_now", steps: 4 } });
    // no bundle active for the environment: the engine denies by default, so the worked example's steps are all blocked at baseline
    const none = (): Baseline => ({ bundle: null, source: "no_bundle", label: "no bundle active for production", row_id: null, same_as_candidate: false });
    const n = whatIfTrace(recorded(STORY_WORKED_EXAMPLE), current, { agents, baseline: none });
    expect(n.steps.every((s) => s.baseline === "block")).toBe(true);
    expect(n.flips.length).toBe(4);
  });
});
