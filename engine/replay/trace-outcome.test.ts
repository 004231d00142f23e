import { describe, expect, it } from "vitest";
import { diffReconstruction } from "./diff";
import { reconstructTrace } from "./reconstruct";
import { decide, plan, run, trace } from "./test-events";
import { approvalIdsToCheck, markMissingApprovals, outcomeOf, riskLevel, traceOutcome } from "./trace-outcome";

describe("traceOutcome", () => {
  it("one blocked step among allowed, executed ones makes the trace a block (the 10k crawl's shape)", () => {
    const o = traceOutcome(trace("t", [
      plan("p", [{ index: 1, tool: "web.fetch" }]),
      decide(1, "web.fetch", "allow"), run(1, "web.fetch"),
      decide(2, "web.fetch", "block", { reasons: ["blocked: link-local address"] }),
      decide(3, "web.fetch", "allow"), run(3, "web.fetch"),
    ]));
    expect(o.decision).toBe("block");
    expect(o.verdict).toBe("blocked");
    expect(o.reason).toBe("blocked: link-local address");
  });

  it("a referenced approval the server does not hold reads missing, never pending", () => {
    const events = trace("t", [
      plan("p", [{ index: 1, tool: "send_email" }]),
      decide(1, "send_email", "require_approval", { approval: { id: "apr_gone", status: "pending" } }),
    ]);
    const rec = reconstructTrace(events);
    const ids = approvalIdsToCheck(rec, events);
    expect(ids).toEqual(["apr_gone"]);
    const o = outcomeOf(diffReconstruction(markMissingApprovals(rec, () => false, new Set(ids))));
    expect(o.approvals).toEqual([{ id: "apr_gone", status: "missing", step_key: "p#1" }]);
    expect(o.steps[0].label).toBe("Approval missing");
    expect(o.steps[0].explanation).toMatch(/referenced but not stored/);
    expect(o.decision).toBe("require_approval");
  });

  it("judges risk above, not at, the applied thresholds, and not at all without them", () => {
    expect(riskLevel(1.34, { approval: 1.2, halt: 2 })).toBe("approval");
    expect(riskLevel(1.2, { approval: 1.2, halt: 2 })).toBe("below");
    expect(riskLevel(2.1, { approval: 1.2, halt: 2 })).toBe("halt");
    expect(riskLevel(1.34, null)).toBeNull();
  });
});
