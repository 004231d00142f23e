import { describe, expect, it } from "vitest";
import { budgetStress, chainRisk, escalation, trustModifier, type PlannedStep } from "./chain-risk";

const internal = [{ source_type: "tool_result", trust_level: "internal" }];
const external = [{ source_type: "retrieval_chunk", trust_level: "external" }];
const noBudget = { limits: {}, used: { tool_calls: 0, write_operations: 0, cost_usd: 0, execution_time_s: 0 } };

function step(index: number, tool: string, access: "read" | "write" | "outbound", r_step: number, provenance = internal, guard_signal = false): PlannedStep {
  return { index, tool, capability: tool, access, r_step, provenance, guard_signal };
}

describe("the spec's worked example (v0.1 §8)", () => {
  const result = chainRisk({
    executed: [],
    plan: [step(1, "db.read", "read", 0.2), step(2, "send_email", "outbound", 0.4, external), step(3, "db.write", "write", 0.5)],
    budget: { limits: { write_operations: 10 }, used: { tool_calls: 0, write_operations: 0, cost_usd: 0, execution_time_s: 0 } },
    thresholds: { approval: 1.2, halt: 2.0 },
  });

  it("scores each step exactly as the table", () => {
    expect(result.steps.map((s) => [s.r_step, s.e, s.t, s.b, s.step_risk])).toEqual([
      [0.2, 1.0, 0.5, 1.0, 0.1],
      [0.4, 1.2, 2.0, 1.0, 0.96],
      [0.5, 1.0, 0.5, 1.1, 0.28],
    ]);
  });

  it("sums to R_total 1.34 and puts the approval gate on step 2", () => {
    expect(result.r_total).toBe(1.34);
    expect(result.gate).toMatchObject({ kind: "approval", step_index: 2 });
  });

  it("needs no second approval within the approved projection", () => {
    const again = chainRisk({
      executed: [
        { tool: "db.read", capability: "crm.read", access: "read", step_risk: 0.1, untrusted: false, guard_signal: false },
        { tool: "send_email", capability: "notify.external", access: "outbound", step_risk: 0.96, untrusted: true, guard_signal: false },
      ],
      plan: [step(3, "db.write", "write", 0.5)],
      budget: { limits: { write_operations: 10 }, used: { tool_calls: 2, write_operations: 1, cost_usd: 0, execution_time_s: 0 } },
      thresholds: { approval: 1.2, halt: 2.0 },
      approvedProjection: 1.34,
    });
    expect(again.r_total).toBe(1.34);
    expect(again.gate.kind).toBe("none");
  });
});

describe("modifiers", () => {
  it("T: untrusted beats trusted, unknown labels are untrusted, none is neutral", () => {
    expect(trustModifier([]).t).toBe(1.0);
    expect(trustModifier(internal).t).toBe(0.5);
    expect(trustModifier([...internal, ...external]).t).toBe(2.0);
    expect(trustModifier([{ source_type: "memory", trust_level: "partner" }]).t).toBe(2.0);
  });

  it("E: escalation rules, capped at 3.0", () => {
    const read = { tool: "db.read", access: "read" as const, guard_signal: false };
    const send = { tool: "send_email", access: "outbound" as const, guard_signal: false };
    expect(escalation(send, []).e).toBe(1.0);
    expect(escalation(send, [read]).e).toBe(1.2);
    expect(escalation(send, [read, send, send, send]).e).toBe(2.0); // 4th outbound: 1 + 0.25 × 4
    expect(escalation(send, Array(20).fill(send)).e).toBe(3.0);
    expect(escalation({ tool: "shell.exec", access: "write", guard_signal: false }, [read]).e).toBe(2.5);
    expect(escalation({ tool: "db.write", access: "write", guard_signal: false }, [{ ...read, guard_signal: true }]).e).toBe(2.0);
  });

  it("B: 1.0 to 2.0 with the largest budget fraction used", () => {
    const limits = { tool_calls: 10, cost_usd: 2 };
    expect(budgetStress({ limits, used: { tool_calls: 0, write_operations: 0, cost_usd: 0, execution_time_s: 0 } }, { tool_calls: 0, write_operations: 0 }).b).toBe(1.0);
    expect(budgetStress({ limits, used: { tool_calls: 5, write_operations: 0, cost_usd: 0.5, execution_time_s: 0 } }, { tool_calls: 2, write_operations: 0 }).b).toBe(1.7);
    expect(budgetStress({ limits, used: { tool_calls: 50, write_operations: 0, cost_usd: 0, execution_time_s: 0 } }, { tool_calls: 0, write_operations: 0 }).b).toBe(2.0);
  });
});

describe("gates", () => {
  it("halts from the step where the running total crosses the halt threshold", () => {
    const r = chainRisk({
      executed: [],
      plan: [step(1, "db.read", "read", 0.2), step(2, "shell.exec", "write", 0.9, external), step(3, "send_email", "outbound", 0.4, external)],
      budget: noBudget,
      thresholds: { approval: 1.5, halt: 2.0 },
    });
    expect(r.gate).toMatchObject({ kind: "halt", step_index: 2 });
  });

  it("stays open below the thresholds", () => {
    const r = chainRisk({ executed: [], plan: [step(1, "db.read", "read", 0.2)], budget: noBudget, thresholds: { approval: 1.5, halt: 2.0 } });
    expect(r.gate.kind).toBe("none");
    expect(r.r_total).toBe(0.1);
  });

  it("the earliest step wins a tie for the approval gate", () => {
    const r = chainRisk({
      executed: [],
      plan: [step(1, "send_email", "outbound", 0.4, external), step(2, "send_email", "outbound", 0.32, external)],
      budget: noBudget,
      thresholds: { approval: 1.0, halt: 5.0 },
    });
    // step 1: 0.4×1×2 = 0.8; step 2: 0.32×1.5×2 = 0.96 → step 2 riskiest
    expect(r.gate).toMatchObject({ kind: "approval", step_index: 2 });
    const tie = chainRisk({ executed: [], plan: [step(1, "db.read", "read", 0.6, external), step(2, "db.read", "read", 0.6, external)], budget: noBudget, thresholds: { approval: 1.0, halt: 5.0 } });
    expect(tie.gate).toMatchObject({ kind: "approval", step_index: 1 });
  });
});
