import { describe, expect, it } from "vitest";
import { allSteps, hashArguments, reconstructTrace } from "./reconstruct";
import { decide, plan, run, trace } from "./test-events";

describe("reconstructTrace", () => {
  it("keeps every plan and every step of every plan apart (never collapses a multi-step trace)", () => {
    const rec = reconstructTrace(trace("t1", [
      plan("p1", [{ index: 1, tool: "db.read" }, { index: 2, tool: "send_email" }]),
      decide(1, "db.read", "allow"),
      decide(2, "send_email", "block"),
      plan("p2", [{ index: 1, tool: "db.read" }, { index: 2, tool: "http.get" }, { index: 3, tool: "db.write" }]),
      decide(1, "db.read", "allow"),
      decide(2, "http.get", "allow"),
      decide(3, "db.write", "require_approval"),
    ]));
    expect(rec.plans.map((p) => p.key)).toEqual(["p1", "p2"]);
    expect(rec.plans[0].steps.map((s) => [s.index, s.tool, s.decision?.value])).toEqual([[1, "db.read", "allow"], [2, "send_email", "block"]]);
    expect(rec.plans[1].steps.map((s) => [s.index, s.tool, s.decision?.value])).toEqual([[1, "db.read", "allow"], [2, "http.get", "allow"], [3, "db.write", "require_approval"]]);
    expect(allSteps(rec)).toHaveLength(5);
  });

  it("keys engine plans by evaluation id and ties stage events to them through parent links and evaluation_id", () => {
    const rec = reconstructTrace(trace("t2", [
      { id: "ev1_1", type: "plan.submitted", stage: "plan", decision: "pending", plan: { id: "ev1", steps: [{ index: 1, tool: "db.read", arguments: { id: 1 } }] }, payload: { evaluation_id: "ev1" } },
      { id: "ev1_2", type: "capability.checked", stage: "capability", step: 1, tool: "db.read", decision: "allow", parent_id: "ev1_1", reasons: ["granted"] },
      { id: "ev1_3", type: "guard.scanned", stage: "context", step: 1, tool: "db.read", decision: "observed", parent_id: "ev1_2", payload: { score: 0.1, findings: [] } },
      { id: "ev1_4", type: "policy.evaluated", stage: "policy", step: 1, tool: "db.read", decision: "allow", parent_id: "ev1_3", policy: { determining: ["permit-read"] } },
      { id: "ev1_5", type: "budget.checked", stage: "budget", step: 1, tool: "db.read", decision: "allow", parent_id: "ev1_4", budget: { violations: [] } },
      { id: "ev1_6", type: "risk.scored", stage: "risk", step: 1, tool: "db.read", decision: "allow", parent_id: "ev1_5", risk: { r_step: 0.2, e: 1, t: 0.5, b: 1, step_risk: 0.1, r_total: 0.1 } },
      { id: "ev1_7", type: "decision.made", stage: "decision", step: 1, tool: "db.read", decision: "allow", parent_id: "ev1_6", arguments: { id: 1 }, token_jti: "ct_1", payload: { evaluation_id: "ev1", arguments_hash: "abc" } },
      { id: "ev1_8", type: "evaluation.completed", stage: "decision", decision: "allow", parent_id: "ev1_1", payload: { evaluation_id: "ev1" } },
      run(1, "db.read", { token_jti: "ct_1", arguments: { id: 1 } }),
    ]));
    const [p] = rec.plans;
    expect(p.key).toBe("ev1");
    expect(p.source).toBe("engine");
    expect(p.outcome?.decision).toBe("allow");
    const [s] = p.steps;
    expect(s.stages.map((x) => x.stage)).toEqual(["capability", "guard", "policy", "budget", "risk"]);
    expect(s.stages[1].score).toBe(0.1);
    expect(s.stages[2].determining).toEqual(["permit-read"]);
    expect(s.stages[4].risk).toMatchObject({ r_step: 0.2, step_risk: 0.1 });
    expect(s.decision).toMatchObject({ value: "allow", arguments_hash: "abc", seq: 7 });
    expect(s.grants).toEqual([expect.objectContaining({ token_jti: "ct_1", source: "decision" })]);
    expect(s.executions).toEqual([expect.objectContaining({ matched_by: "token_jti", arguments_hash: hashArguments({ id: 1 }) })]);
  });

  it("matches executions by token_jti first, then by step index and tool within the latest plan that has it", () => {
    const rec = reconstructTrace(trace("t3", [
      plan("p1", [{ index: 1, tool: "a" }, { index: 2, tool: "b" }]),
      decide(1, "a", "allow", { token_jti: "j1" }),
      decide(2, "b", "allow", { token_jti: "j2" }),
      plan("p2", [{ index: 1, tool: "a" }]),
      decide(1, "a", "allow", { token_jti: "j3" }),
      run(2, "a", { token_jti: "j1" }), // token says p1 step 1, even though the report says step 2
      run(1, "a"), // no token: latest plan with an unexecuted step 1 "a" = p2
      run(9, "zzz"), // nothing fits
    ]));
    expect(rec.plans[0].steps[0].executions.map((x) => x.matched_by)).toEqual(["token_jti"]);
    expect(rec.plans[1].steps[0].executions.map((x) => x.matched_by)).toEqual(["step_tool"]);
    expect(rec.unmatched_executions.map((x) => x.tool)).toEqual(["zzz"]);
  });

  it("ties approvals by id (requested, decided by a person, reused by a re-submitted plan) and grants from capability.granted", () => {
    const rec = reconstructTrace(trace("t4", [
      plan("p1", [{ index: 2, tool: "send_email", arguments: { to: "x@example.com" } }]),
      decide(2, "send_email", "require_approval", { approval: { id: "apr_1", status: "pending" } }),
      { type: "approval.requested", stage: "approval", step: 2, tool: "send_email", decision: "pending", approval: { id: "apr_1", status: "pending" } },
      { type: "approval.granted", stage: "approval", step: 2, tool: "send_email", decision: "allow", approval: { id: "apr_1", status: "approved", actor: "ann@example.com", note: "ok" } },
      { type: "capability.granted", stage: "decision", step: 2, tool: "send_email", decision: "allow", approval: { id: "apr_1", status: "approved" }, token_jti: "j9" },
      run(2, "send_email", { token_jti: "j9", arguments: { to: "x@example.com" } }),
    ]));
    const s = rec.plans[0].steps[0];
    expect(s.approval).toMatchObject({ id: "apr_1", status: "approved", actor: "ann@example.com", note: "ok" });
    expect(s.approval?.requested?.seq).toBe(2);
    expect(s.approval?.decided?.seq).toBe(4);
    expect(s.grants.map((g) => [g.token_jti, g.source])).toEqual([["j9", "capability.granted"]]);
    expect(s.executions[0].matched_by).toBe("token_jti");
  });

  it("marks a step superseded when a later plan re-evaluates it, and keeps both", () => {
    const rec = reconstructTrace(trace("t5", [
      plan("p1", [{ index: 1, tool: "a" }]),
      decide(1, "a", "require_approval", { approval: { id: "apr_9", status: "pending" } }),
      plan("p2", [{ index: 1, tool: "a" }]),
      decide(1, "a", "allow", { payload: { approved_by: "apr_9" } }),
    ]));
    expect(rec.plans[0].steps[0].superseded_by).toBe("p2#1");
    expect(rec.plans[1].steps[0].decision?.approved_by).toBe("apr_9");
    expect(rec.plans[1].steps[0].approval?.id).toBe("apr_9");
  });

  it("lists explain and dry-run results as advisories, never as decisions or plans", () => {
    const rec = reconstructTrace(trace("t6", [
      { ...plan("p1", [{ index: 1, tool: "a" }]), flags: ["dry_run"] },
      { ...decide(1, "a", "allow"), flags: ["dry_run"] },
      { type: "decision.explained", stage: "decision", decision: "explain", flags: ["explain"], payload: { would_decide: "block" } },
    ]));
    expect(rec.plans).toEqual([]);
    expect(rec.advisories.map((a) => [a.kind, a.decision])).toEqual([["dry_run", "allow"], ["explain", "block"]]);
  });

  it("creates unplanned steps for decisions the plan does not list, and an implicit plan when there is none", () => {
    const rec = reconstructTrace(trace("t7", [decide(1, "web.fetch", "allow"), run(1, "web.fetch"), decide(2, "web.fetch", "block")]));
    expect(rec.plans).toHaveLength(1);
    expect(rec.plans[0].source).toBe("implicit");
    expect(rec.plans[0].steps.map((s) => [s.index, s.planned, s.decision?.value, s.executions.length])).toEqual([[1, false, "allow", 1], [2, false, "block", 0]]);
  });

  it("records budget violations on the step, or on the trace when the event names no step", () => {
    const rec = reconstructTrace(trace("t8", [
      plan("p1", [{ index: 1, tool: "a" }]),
      { type: "budget.checked", stage: "budget", step: 1, tool: "a", decision: "block", budget: { status: "violated", violations: ["max_cost_usd: 6 > 5"] } },
      { type: "budget.checked", stage: "budget", budget: { status: "violated" } },
    ]));
    expect(rec.plans[0].steps[0].budget_violations[0].violations).toEqual(["max_cost_usd: 6 > 5"]);
    expect(rec.budget_violations[0].violations).toEqual(["budget violated"]);
  });
});
