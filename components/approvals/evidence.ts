import type { ProvenanceLike } from "@/components/trace/provenance-badge";

/**
 * The evidence stored with an approval request (lib/approvals/create-approval.ts), read defensively: older rows or
 * a changed engine may leave fields out, and the queue must still render.
 */
export type GuardFinding = { detector: string; category: string; score: number; evidence: string; source_name: string | null };
export type Verdict = { verdict: string; reason: string };
export type Evidence = {
  agent: { id: string; name: string; owner: string; environment: string; trust_level: string } | null;
  plan_intent: string | null;
  evaluation_id?: string;
  step: {
    index: number; tool: string; intent: string | null; capability: string | null; access: string | null; arguments: unknown;
    provenance: Array<ProvenanceLike & { content?: string | null }>;
  };
  stages: {
    identity?: Verdict;
    capability?: Verdict;
    guard?: Verdict & { score: number; findings: GuardFinding[] };
    policy?: Verdict & { determining: string[]; require_approval: boolean };
    budget?: Verdict & { limit?: string };
    risk?: Verdict & { r_step?: number; e?: number; t?: number; b?: number; step_risk?: number; r_total?: number; escalation?: string[]; trust?: string; budget_use?: number };
  };
  reasons: string[];
  determining_policies: string[];
  r_total: number | null;
  r_executed: number | null;
  thresholds: { approval: number; halt: number } | null;
  gate: { kind: string; step_index?: number; reason?: string } | null;
  approver_roles?: string[];
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function readEvidence(raw: unknown, fallback: { step_index: number; tool: string; capability: string | null; arguments: unknown; agent_id: string; projected_risk: number }): Evidence {
  const e = obj(raw);
  const step = obj(e.step);
  const stages = obj(e.stages) as Evidence["stages"];
  const agent = obj(e.agent);
  const th = obj(e.thresholds);
  const gate = obj(e.gate);
  return {
    agent: agent.id ? { id: String(agent.id), name: str(agent.name) ?? String(agent.id), owner: str(agent.owner) ?? "", environment: str(agent.environment) ?? "", trust_level: str(agent.trust_level) ?? "unverified" }
      : { id: fallback.agent_id, name: fallback.agent_id, owner: "", environment: "", trust_level: "unverified" },
    plan_intent: str(e.plan_intent),
    evaluation_id: str(e.evaluation_id) ?? undefined,
    step: {
      index: num(step.index) ?? fallback.step_index,
      tool: str(step.tool) ?? fallback.tool,
      intent: str(step.intent),
      capability: str(step.capability) ?? fallback.capability,
      access: str(step.access),
      arguments: "arguments" in step ? step.arguments : fallback.arguments,
      provenance: Array.isArray(step.provenance) ? (step.provenance as Evidence["step"]["provenance"]) : [],
    },
    stages,
    reasons: strs(e.reasons),
    determining_policies: strs(e.determining_policies).length ? strs(e.determining_policies) : strs(obj(stages.policy).determining),
    r_total: num(e.r_total) ?? fallback.projected_risk,
    r_executed: num(e.r_executed),
    thresholds: num(th.approval) !== null && num(th.halt) !== null ? { approval: th.approval as number, halt: th.halt as number } : null,
    gate: gate.kind ? { kind: String(gate.kind), step_index: num(gate.step_index) ?? undefined, reason: str(gate.reason) ?? undefined } : null,
    approver_roles: strs(e.approver_roles),
  };
}

/** Risk numbers at two decimals, as the engine rounds them (the kit's fmtRisk). */
export { fmtRisk as fmt2 } from "@/components/ui/format";
