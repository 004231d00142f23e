import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedEvent } from "../events/recorded";
import { recorded } from "../testing/story-trace";
import {
  STORY_BUDGET, STORY_CHILDREN, STORY_CRAWL, STORY_EXFILTRATION, STORY_INJECTION, STORY_ORCHESTRATOR, STORY_UNAUTHORIZED, STORY_WORKED_EXAMPLE, stories,
} from "../testing/stories";
import { replayDiff, type StepDiff, type TraceReplayDiff } from "./diff";
import { decide, plan, run, trace } from "./test-events";

const steps = (d: TraceReplayDiff): StepDiff[] => d.plans.flatMap((p) => p.steps);
const kinds = (s: StepDiff) => s.mismatches.map((m) => `${m.severity}:${m.kind}`);

describe("replayDiff — mismatch kinds", () => {
  it("a blocked step that executed is critical and a violation", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "send_email" }]), decide(1, "send_email", "block"), run(1, "send_email")]));
    expect(kinds(steps(d)[0])).toEqual(["critical:blocked_step_executed"]);
    expect(steps(d)[0].result).toBe("violation");
    expect(d.verdict).toBe("violation");
  });

  it("a step executed with a token that was not granted for it is critical (executed without a grant)", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow", { token_jti: "j1" }), run(1, "a", { token_jti: "forged" })]));
    expect(kinds(steps(d)[0])).toContain("critical:executed_without_grant");
    expect(d.verdict).toBe("violation");
  });

  it("a step executed while its decision was still pending is critical (executed without a grant)", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "pending"), run(1, "a")]));
    expect(kinds(steps(d)[0])).toEqual(["critical:executed_without_grant"]);
  });

  it("an execution matching no decided step is a trace-level critical finding", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow"), run(1, "a"), run(null, "rm_rf")]));
    expect(d.trace_mismatches.map((m) => `${m.severity}:${m.kind}`)).toEqual(["critical:executed_without_grant"]);
    expect(d.unmatched_executions[0].tool).toBe("rm_rf");
    expect(d.verdict).toBe("violation");
  });

  it("the server's governance.unauthorized_execution flag is carried as a critical mismatch of its step", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow", { token_jti: "j1" }),
      { ...run(1, "a", { token_jti: "j1" }), id: "x1" },
      { type: "governance.unauthorized_execution", stage: "execution", decision: "block", parent_id: "x1", step: 1, tool: "a", reasons: ["token j1 was already used"] },
    ]));
    expect(kinds(steps(d)[0])).toEqual(["critical:unauthorized_execution_flagged"]);
    expect(steps(d)[0].result).toBe("violation");
  });

  it("an approval-required step executed without approval is high and a violation", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "pay" }]), decide(1, "pay", "require_approval", { approval: { id: "apr", status: "pending" } }), run(1, "pay"),
    ]));
    expect(kinds(steps(d)[0])).toEqual(["high:executed_without_approval"]);
    expect(steps(d)[0].result).toBe("violation");
  });

  it("a denied approval followed by an execution is critical", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "pay" }]), decide(1, "pay", "require_approval", { approval: { id: "apr", status: "pending" } }),
      { type: "approval.denied", stage: "approval", step: 1, tool: "pay", decision: "block", approval: { id: "apr", status: "denied", actor: "bob@example.com" } },
      run(1, "pay"),
    ]));
    expect(kinds(steps(d)[0])).toEqual(["critical:blocked_step_executed"]);
    expect(steps(d)[0].mismatches[0].message).toContain("denied by bob@example.com");
  });

  it("an execution before its approval was decided skipped the approval, even if the approval later expired", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "pay" }]), decide(1, "pay", "require_approval", { approval: { id: "apr", status: "pending" } }),
      run(1, "pay"),
      { type: "approval.expired", stage: "approval", step: 1, tool: "pay", decision: "block", approval: { id: "apr", status: "expired" } },
    ]));
    expect(kinds(steps(d)[0])).toEqual(["high:executed_without_approval"]);
    expect(steps(d)[0].mismatches[0].message).toContain("still pending (it was later expired)");
    expect(steps(d)[0].result).toBe("violation");
  });

  it("executed arguments other than the approved ones are high, with the differing keys", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "send_email", arguments: { to: "a@corp.example", subject: "Quote" } }]),
      decide(1, "send_email", "require_approval", { arguments: { to: "a@corp.example", subject: "Quote" }, approval: { id: "apr", status: "pending" } }),
      { type: "approval.granted", stage: "approval", step: 1, tool: "send_email", decision: "allow", approval: { id: "apr", status: "approved", actor: "ann@example.com" } },
      run(1, "send_email", { arguments: { subject: "Quote", to: "evil@elsewhere.example" } }),
    ]));
    const s = steps(d)[0];
    expect(kinds(s)).toEqual(["high:execution_differs"]);
    expect(s.mismatches[0].argument_diffs).toEqual([{ key: "to", decided: "a@corp.example", executed: "evil@elsewhere.example" }]);
    expect(s.result).toBe("violation");
  });

  it("compares against the engine's arguments_hash, so key order alone is not a difference", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "a" }]),
      decide(1, "a", "allow", { arguments: { x: 1, y: [1, 2] }, token_jti: "j" }),
      run(1, "a", { token_jti: "j", arguments: { y: [1, 2], x: 1 } }),
    ]));
    expect(steps(d)[0].mismatches).toEqual([]);
    expect(steps(d)[0].result).toBe("matched");
  });

  it("a different tool run under a step's token is high (execution differs)", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "db.read" }]), decide(1, "db.read", "allow", { token_jti: "j" }), run(1, "db.drop", { token_jti: "j" })]));
    expect(kinds(steps(d)[0])).toEqual(["high:execution_differs"]);
  });

  it("a budget violation is high: blocked when the step did not run, a violation when it did", () => {
    const over = { type: "budget.checked", stage: "budget" as const, step: 1, tool: "send_bulk", decision: "block" as const, budget: { status: "violated", violations: ["max_write_operations: 4012 > 150"] } };
    const held = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "send_bulk" }]), over, decide(1, "send_bulk", "block")]));
    expect(kinds(steps(held)[0])).toEqual(["high:budget_violation"]);
    expect(steps(held)[0].result).toBe("blocked");
    const ran = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "send_bulk" }]), { ...over, decision: "allow" }, decide(1, "send_bulk", "allow"), run(1, "send_bulk")]));
    expect(steps(ran)[0].result).toBe("violation");
  });

  it("a failed execution is medium, or info when a later attempt succeeded; the step still matched", () => {
    const d = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow"), run(1, "a", { failed: true, payload: { error: "HTTP 503" } })]));
    expect(kinds(steps(d)[0])).toEqual(["medium:execution_failed"]);
    expect(steps(d)[0].mismatches[0].message).toContain("HTTP 503");
    expect(steps(d)[0].result).toBe("matched");
    const retried = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow"), run(1, "a", { failed: true }), run(1, "a")]));
    expect(kinds(steps(retried)[0])).toEqual(["info:execution_failed"]);
  });
});

describe("replayDiff — governance results", () => {
  it("matched, blocked (and the steps after a block not reached), review for pending approvals, enforced for denials", () => {
    const d = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "a" }, { index: 2, tool: "b" }, { index: 3, tool: "c" }]),
      decide(1, "a", "allow"), run(1, "a"), decide(2, "b", "block"),
    ]));
    expect(steps(d).map((s) => s.result)).toEqual(["matched", "blocked", "not_reached"]);
    expect(d.verdict).toBe("blocked");

    const pending = replayDiff(trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "require_approval", { approval: { id: "apr", status: "pending" } })]));
    expect(steps(pending)[0].result).toBe("review");
    expect(pending.verdict).toBe("review");

    const denied = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "require_approval", { approval: { id: "apr", status: "pending" } }),
      { type: "approval.denied", stage: "approval", step: 1, tool: "a", decision: "block", approval: { id: "apr", status: "denied", actor: "bob@example.com" } },
    ]));
    expect(steps(denied)[0].result).toBe("enforced");
    expect(denied.verdict).toBe("enforced");
  });

  it("an approval granted but never used is review; approved then re-submitted and executed is enforced → matched", () => {
    const unused = replayDiff(trace("t", [
      plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "require_approval", { approval: { id: "apr", status: "pending" } }),
      { type: "approval.granted", stage: "approval", step: 1, tool: "a", decision: "allow", approval: { id: "apr", status: "approved", actor: "ann" } },
    ]));
    expect(steps(unused)[0].result).toBe("review");
    expect(steps(unused)[0].explanation).toContain("unused");

    const flow = replayDiff(trace("t", [
      plan("p1", [{ index: 1, tool: "a" }]), decide(1, "a", "require_approval", { approval: { id: "apr", status: "pending" } }),
      { type: "approval.granted", stage: "approval", step: 1, tool: "a", decision: "allow", approval: { id: "apr", status: "approved", actor: "ann" } },
      plan("p2", [{ index: 1, tool: "a" }]), decide(1, "a", "allow", { token_jti: "j", payload: { approved_by: "apr" } }),
      run(1, "a", { token_jti: "j" }),
    ]));
    expect(steps(flow).map((s) => s.result)).toEqual(["enforced", "matched"]);
    expect(flow.verdict).toBe("enforced");
    expect(flow.plans).toHaveLength(2);
  });

  it("explain and dry-run results never count as decisions", () => {
    const d = replayDiff(trace("t", [
      { ...plan("p", [{ index: 1, tool: "a" }]), flags: ["dry_run"] },
      { ...decide(1, "a", "block"), flags: ["dry_run"] },
    ]));
    expect(d.counts.steps).toBe(0);
    expect(d.advisories).toHaveLength(1);
    expect(d.verdict).toBe("review");
    expect(d.verdict_reason).toContain("dry-run");
  });

  it("is deterministic: the same events give the same JSON", () => {
    const evs = trace("t", [plan("p", [{ index: 1, tool: "a" }]), decide(1, "a", "allow"), run(1, "a")]);
    expect(JSON.stringify(replayDiff(evs))).toBe(JSON.stringify(replayDiff(structuredClone(evs))));
  });
});

describe("replayDiff — stories (decided by the engine when played, engine/testing/stories.ts)", () => {
  const byTrace = new Map<string, RecordedEvent[]>();
  beforeAll(() => {
    for (const [id, events] of stories()) byTrace.set(id, recorded(events));
  });
  const diffOf = (id: string) => replayDiff(byTrace.get(id)!);

  it("kb injection: the forward at step 2 blocked and not run; the ticket read and the reply ran", () => {
    const d = diffOf(STORY_INJECTION);
    expect(steps(d).map((s) => [s.step.index, s.step.tool, s.result, s.outcome])).toEqual([
      [1, "zendesk.get_ticket", "matched", "executed"], [2, "email.forward", "blocked", "not_executed"], [3, "zendesk.reply", "matched", "executed"],
    ]);
    expect(steps(d)[1].step.provenance.map((p) => p.effective_trust)).toEqual(["unverified"]);
    expect(d.verdict).toBe("blocked");
    expect(d.counts.severities.critical).toBe(0);
  });

  it("secrets exfiltration: three steps matched, the upload blocked", () => {
    const d = diffOf(STORY_EXFILTRATION);
    expect(steps(d).map((s) => s.result)).toEqual(["matched", "matched", "matched", "blocked"]);
    expect(d.verdict).toBe("blocked");
  });

  it("mass mailing: the enrollments past the write budget are blocked and not executed", () => {
    const d = diffOf(STORY_BUDGET);
    const over = steps(d).filter((s) => s.step.decision?.reasons?.some((r) => /max_write_operations/.test(r)));
    expect(over.length).toBeGreaterThan(0);
    for (const s of over) expect([s.result, s.outcome]).toEqual(["blocked", "not_executed"]);
    expect(d.verdict).toBe("blocked");
  });

  it("worked example: read and the approved email executed; the held write allowed on the second ask and executed", () => {
    const d = diffOf(STORY_WORKED_EXAMPLE);
    expect(d.plans.map((p) => p.steps.map((s) => [s.step.index, s.step.tool, s.outcome]))).toEqual([
      [[1, "db.read", "executed"], [2, "send_email", "executed"], [3, "db.write", "not_executed"]],
      [[3, "db.write", "executed"]],
    ]);
    expect(steps(d).flatMap((s) => s.mismatches)).toEqual([]);
  });

  // how long the crawl takes is printed by npm run bench:replay, not asserted here
  it("benign traces match; the ~10,000-event crawl keeps every step (no collapse) and is blocked", () => {
    for (const id of [STORY_ORCHESTRATOR, ...STORY_CHILDREN]) expect(diffOf(id).verdict).toBe("matched");
    const d = diffOf(STORY_CRAWL);
    expect(d.counts.steps).toBeGreaterThan(1000);
    expect(d.counts.results.blocked).toBeGreaterThan(0);
    expect(d.verdict).toBe("blocked");
  });

  it("the legacy executor's restart, run while its approval was pending and without a token, is a violation", () => {
    const d = diffOf(STORY_UNAUTHORIZED);
    const restart = steps(d).find((s) => s.step.tool === "k8s.rollout_restart")!;
    expect(restart.result).toBe("violation");
    expect(kinds(restart)).toContain("critical:unauthorized_execution_flagged");
    expect(d.verdict).toBe("violation");
  });
});
