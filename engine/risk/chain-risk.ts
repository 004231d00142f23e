import type { Access, Thresholds } from "@/engine/policy/bundle";
import { effectiveTrust, type Provenance } from "@/engine/events/schema";

/**
 * Chain risk (spec §8): R_total = Σ R_step × E × T × B over the trace's executed steps and the submitted plan.
 * Deterministic: the same inputs give the same numbers. Each step risk is rounded to 2 decimals (half up), as the
 * spec's table does (0.5 × 1.0 × 0.5 × 1.1 = 0.275 → 0.28), and R_total is the sum of the rounded step risks, so the
 * worked example comes to exactly 0.10 + 0.96 + 0.28 = 1.34.
 */

/** A step already executed in this trace, as the engine saw it when it granted the step. */
export type ExecutedStep = { tool: string; capability: string; access: Access; step_risk: number; untrusted: boolean; guard_signal: boolean };

/** A submitted plan step after the capability gate (capability null = not granted; it still counts for projection). */
export type PlannedStep = {
  index: number;
  tool: string;
  capability: string | null;
  access: Access | null;
  r_step: number;
  provenance: Provenance[];
  guard_signal: boolean;
  /** plan-aware facts (engine/context): private data was read before this step; this step sends data out */
  private_read_before?: boolean;
  egress?: boolean;
};

/** Budget usage before the plan, as fractions are computed against these limits (undefined = no limit). */
export type BudgetState = {
  limits: { tool_calls?: number; write_operations?: number; cost_usd?: number; execution_time_s?: number };
  used: { tool_calls: number; write_operations: number; cost_usd: number; execution_time_s: number };
};

export type StepRisk = {
  index: number;
  r_step: number;
  e: number;
  t: number;
  b: number;
  step_risk: number;
  /** running projected total after this step */
  r_total: number;
  escalation: string[];
  trust: string;
  budget_use: number;
};

export type Gate =
  | { kind: "none" }
  | { kind: "approval"; step_index: number; reason: string }
  | { kind: "halt"; step_index: number; reason: string };

export type ChainRisk = { r_executed: number; r_total: number; steps: StepRisk[]; gate: Gate; thresholds: Thresholds };

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round2 = (x: number) => Math.round(x * 100 + 1e-9) / 100; // half up, immune to 0.27499999… float noise

/** T: 2.0 when any source is external or unverified (unknown labels count as unverified), 0.5 when every source is
 * trusted or internal, 1.0 (neutral) when the step carries no provenance. */
export function trustModifier(provenance: Provenance[]): { t: number; why: string } {
  if (provenance.length === 0) return { t: 1.0, why: "no provenance: neutral" };
  const levels = provenance.map((p) => effectiveTrust(p.trust_level));
  const bad = levels.find((l) => l === "external" || l === "unverified");
  if (bad) return { t: 2.0, why: `${bad} source` };
  return { t: 0.5, why: "trusted/internal sources only" };
}

export function isUntrusted(provenance: Provenance[]): boolean {
  return provenance.some((p) => {
    const l = effectiveTrust(p.trust_level);
    return l === "external" || l === "unverified";
  });
}

const EXEC_TOOL = /(^|[._-])(shell|exec|sudo|run_command|bash|powershell|cmd)([._-]|$)/i;

/**
 * E, the escalation multiplier, from the steps before this one (executed, then earlier plan steps). Rules, the
 * largest applying wins, capped at 3.0:
 *  - read_then_outbound   1.2  an outbound step after any read
 *  - repeated_outbound    1.0 + 0.25 × k for the k-th outbound step (k ≥ 2): bulk sending escalates
 *  - untrusted_then_act   2.0  a write/outbound step after a step whose untrusted input raised a guard signal,
 *                              or carrying such input itself
 *  - read_then_exec       2.5  a shell/exec-like tool after any read
 *  - sensitive_read_then_egress 1.5  a send, share, publish, payment or invite after a read of private data
 *                              (sensitivity label other than public; plan-aware facts)
 */
export function escalation(
  step: { tool: string; access: Access | null; guard_signal: boolean; private_read_before?: boolean; egress?: boolean },
  before: Array<{ tool: string; access: Access | null; guard_signal: boolean }>,
): { e: number; rules: string[] } {
  const rules: Array<[string, number]> = [];
  const readBefore = before.some((s) => s.access === "read");
  const acts = step.access === "write" || step.access === "outbound";
  if (step.access === "outbound" && readBefore) rules.push(["read_then_outbound", 1.2]);
  if (step.access === "outbound") {
    const k = before.filter((s) => s.access === "outbound").length + 1;
    if (k >= 2) rules.push([`repeated_outbound(${k})`, 1.0 + 0.25 * k]);
  }
  if (acts && (step.guard_signal || before.some((s) => s.guard_signal))) rules.push(["untrusted_then_act", 2.0]);
  if (EXEC_TOOL.test(step.tool) && readBefore) rules.push(["read_then_exec", 2.5]);
  if (step.egress && step.private_read_before) rules.push(["sensitive_read_then_egress", 1.5]);
  if (rules.length === 0) return { e: 1.0, rules: [] };
  const e = Math.min(3.0, Math.max(...rules.map(([, v]) => v)));
  return { e: round4(e), rules: rules.map(([n, v]) => `${n}=${round4(Math.min(3, v))}`) };
}

/** B: 1.0 → 2.0 linearly with the largest fraction of any budget already used before the step (2-decimal steps). */
export function budgetStress(state: BudgetState, plannedBefore: { tool_calls: number; write_operations: number }): { b: number; use: number } {
  const { limits, used } = state;
  const fractions: number[] = [0];
  if (limits.tool_calls) fractions.push((used.tool_calls + plannedBefore.tool_calls) / limits.tool_calls);
  if (limits.write_operations) fractions.push((used.write_operations + plannedBefore.write_operations) / limits.write_operations);
  if (limits.cost_usd) fractions.push(used.cost_usd / limits.cost_usd);
  if (limits.execution_time_s) fractions.push(used.execution_time_s / limits.execution_time_s);
  const use = Math.min(1, Math.max(...fractions));
  return { b: round2(1 + use), use: round4(use) };
}

/**
 * Scores every step and places the gate (DESIGN.md "Where the gate falls"): projected R_total above the halt
 * threshold blocks from the step where the running total crosses it; above the approval threshold puts the
 * approval gate on the riskiest step of the plan (the earliest on a tie); `approvedProjection` is the largest
 * projection a person already approved in this trace — a plan within it needs no second approval.
 */
export function chainRisk(input: {
  executed: ExecutedStep[];
  plan: PlannedStep[];
  budget: BudgetState;
  thresholds: Thresholds;
  approvedProjection?: number | null;
}): ChainRisk {
  const { executed, plan, budget, thresholds } = input;
  const r_executed = round4(executed.reduce((s, x) => s + x.step_risk, 0));
  const history: Array<{ tool: string; access: Access | null; guard_signal: boolean }> = executed.map((x) => ({ tool: x.tool, access: x.access, guard_signal: x.guard_signal }));
  let running = r_executed;
  const planned = { tool_calls: 0, write_operations: 0 };
  const steps: StepRisk[] = [];
  for (const step of plan) {
    const { t, why } = trustModifier(step.provenance);
    const { e, rules } = escalation(step, history);
    const { b, use } = budgetStress(budget, planned);
    const step_risk = round2(step.r_step * e * t * b);
    running = round4(running + step_risk);
    steps.push({ index: step.index, r_step: step.r_step, e, t, b, step_risk, r_total: running, escalation: rules, trust: why, budget_use: use });
    history.push({ tool: step.tool, access: step.access, guard_signal: step.guard_signal });
    planned.tool_calls++;
    if (step.access === "write" || step.access === "outbound") planned.write_operations++;
  }
  const r_total = running;
  let gate: Gate = { kind: "none" };
  if (r_total > thresholds.halt) {
    const crossing = steps.find((s) => s.r_total > thresholds.halt)!;
    gate = { kind: "halt", step_index: crossing.index, reason: `projected R_total ${fmt(r_total)} exceeds the halt threshold ${fmt(thresholds.halt)}; the running total crosses it at step ${crossing.index}` };
  } else if (r_total > thresholds.approval && !(input.approvedProjection != null && r_total <= input.approvedProjection + 1e-9)) {
    let riskiest = steps[0];
    for (const s of steps) if (s.step_risk > riskiest.step_risk) riskiest = s;
    if (riskiest) {
      gate = { kind: "approval", step_index: riskiest.index, reason: `projected R_total ${fmt(r_total)} exceeds the approval threshold ${fmt(thresholds.approval)}; step ${riskiest.index} carries the most risk (${fmt(riskiest.step_risk)})` };
    }
  }
  return { r_executed, r_total, steps, gate, thresholds };
}

export function fmt(x: number): string {
  return Number.isInteger(x * 100) ? x.toFixed(2) : String(round4(x));
}
