import { canonicalJson } from "../crypto/canonical-json";
import { sha256Hex } from "../crypto/hash-chain";
import type { RecordedEvent } from "../events/recorded";
import { effectiveTrust, type RuntimeEvent } from "../events/schema";
import { EVENT, INTERCEPTOR_EVENT as ICP, isInterceptorEvent, LEGACY_EXECUTOR } from "../events/decision-events";
import type { ReplayStage } from "./constants";
import type {
  Advisory, ApprovalStatus, BudgetViolation, EventRef, Execution, Flag, ForeignOrigin, ReplayPlan, ReplayProvenance, ReplayStep, RiskBreakdown,
  RiskThresholds, StepApproval, StepDecision,
} from "./schemas";

/**
 * Rebuilds what happened in one trace, step by step, from its recorded events (chain order). Every plan the trace
 * holds stays a plan of its own and every step of every plan a step of its own — a re-submitted plan, an agent's
 * proposal and the engine's evaluation are never merged (the reference interceptor's replay collapses a trace into
 * its first plan and last decision). The matching rules are in README.md; replay diff, what-if and the evidence
 * ZIP read this structure, so its shape is a contract: add fields, do not rename them.
 */

// The step, decision, approval, execution and plan types are z.infer of the schemas in schemas.ts (one home per
// schema); they and REPLAY_STAGES (constants.ts) are re-exported here, where the code that builds them lives.
export { REPLAY_STAGES, type ReplayStage } from "./constants";
export type {
  Advisory, ApprovalStatus, BudgetViolation, EventRef, Execution, Flag, ForeignOrigin, Grant, ReplayPlan, ReplayProvenance, ReplayStep, RiskBreakdown,
  RiskThresholds, StageVerdict, StepApproval, StepDecision,
} from "./schemas";

/**
 * Why a trace holds events the engine did not write (`ForeignOrigin`, schemas.ts). Every view says so beside the
 * trace's answer, and what-if explains a recorded decision the engine does not reproduce there by it.
 */
export const FOREIGN_REASON: Record<ForeignOrigin["kind"], string> = {
  imported: "Imported from the reference interceptor's log: its decisions were made by the interceptor, not by Replay Audit's engine.",
  outside_executor: "An executor outside Replay Audit ran a step without a capability token: that execution was reported by the executor, not granted by the engine.",
};

/** `reconstructTrace`'s answer. Not on the wire itself (the replay diff carries its parts), so it stays a type made of the schemas' types. */
export type Reconstruction = {
  trace_id: string | null;
  event_count: number;
  plans: ReplayPlan[];
  /** executions that match no step of any plan */
  unmatched_executions: Execution[];
  /** governance.unauthorized_execution flags that could not be tied to a step */
  unauthorized: Flag[];
  /** budget violations recorded without a step */
  budget_violations: BudgetViolation[];
  advisories: Advisory[];
  /** the first event the engine did not write, and why the trace holds it; null for a trace of the engine's own */
  foreign: ForeignOrigin | null;
};

const VERDICT_VALUES = new Set(["allow", "block", "require_approval", "pending"]);
// the engine's types (events/decision-events.ts) plus the spellings of imported and older logs
const EXEC_OK = new Set<string>([EVENT.toolExecuted, ICP.toolExecuted]);
const EXEC_FAIL = new Set<string>([EVENT.toolFailed, ICP.toolFailed]);
const SKIPPED = new Set<string>([EVENT.toolSkipped, ICP.toolSkipped]);
const APPROVAL_REQUIRED = new Set<string>([EVENT.approvalRequired, ICP.approvalRequired]);
const APPROVAL_REQUEST = new Set<string>([EVENT.approvalRequested, ...APPROVAL_REQUIRED]);
const APPROVAL_OUTCOME: Record<string, ApprovalStatus> = {
  [EVENT.approvalGranted]: "approved", "approval.approved": "approved", [EVENT.approvalDenied]: "denied", "approval.rejected": "denied", [EVENT.approvalExpired]: "expired",
};
const UNAUTHORIZED = EVENT.unauthorizedExecution;
const IMPLICIT_PLAN = "(no plan)";

/** sha256 of the RFC 8785 form of a step's arguments, the same as the engine's arguments_hash. */
export function hashArguments(args: unknown): string {
  return sha256Hex(canonicalJson(args ?? null));
}

function ref(r: RecordedEvent): EventRef {
  return { seq: r.seq, event_id: r.event.id, type: r.event.type };
}

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function advisoryKind(e: RuntimeEvent): "explain" | "dry_run" | null {
  const f = e.flags ?? [];
  if (f.includes("dry_run") || e.decision === "dry_run") return "dry_run";
  if (f.includes("explain") || e.decision === "explain") return "explain";
  return null;
}

function thresholdsOf(v: unknown): RiskThresholds | null {
  const t = obj(v);
  const approval = num(t?.approval);
  const halt = num(t?.halt);
  return approval !== null && halt !== null ? { approval, halt } : null;
}

function riskOf(e: RuntimeEvent): RiskBreakdown | null {
  const r = e.risk;
  if (!r) return null;
  return {
    r_step: r.r_step ?? null, e: r.e ?? null, t: r.t ?? null, b: r.b ?? null, step_risk: r.step_risk ?? null, r_total: r.r_total ?? null, level: r.level ?? null,
  };
}

function provenanceOf(list: RuntimeEvent["provenance"]): ReplayProvenance[] {
  return (list ?? []).map((p) => ({
    source_type: p.source_type, trust_level: p.trust_level, effective_trust: effectiveTrust(p.trust_level),
    source_name: p.source_name ?? null, origin_uri: p.origin_uri ?? null, id: p.id ?? null,
  }));
}

function stageOf(e: RuntimeEvent): ReplayStage | null {
  if (e.stage === "capability") return "capability";
  if (e.stage === "policy") return "policy";
  if (e.stage === "budget") return "budget";
  if (e.stage === "risk") return "risk";
  if (e.type.startsWith("guard.") || e.type.startsWith("guard_")) return "guard";
  return null;
}

/**
 * The reference interceptor's enforcement events: what it let through or stopped. Imports before the capability
 * gate's `tool_blocked` and `mcp_policy_decision` were mapped to the decision stage stored them as capability /
 * policy stage events; they are still the step's decision.
 */
const INTERCEPTOR_ENFORCEMENT = new Set<string>([ICP.toolAllowed, ICP.toolBlocked, ICP.mcpPolicyDecision]);

/**
 * Whether an event records a step's decision: the engine's decision.made / human_approval_required, another
 * decision-stage event with a verdict, or an imported interceptor's enforcement event. What-if compares exactly these.
 */
export function isDecisionEvent(e: RuntimeEvent): boolean {
  if (e.type === EVENT.evaluationCompleted || e.type === EVENT.capabilityGranted || e.type === UNAUTHORIZED) return false;
  if (APPROVAL_REQUIRED.has(e.type)) return true;
  const verdict = !!e.decision && VERDICT_VALUES.has(e.decision);
  if (verdict && INTERCEPTOR_ENFORCEMENT.has(e.type) && isInterceptorEvent(e)) return true;
  return e.stage === "decision" && verdict;
}

function budgetViolations(e: RuntimeEvent): string[] {
  const b = e.budget;
  if (!b) return [];
  if (b.violations?.length) return [...b.violations];
  return b.status === "violated" ? ["budget violated"] : [];
}

function errorOf(e: RuntimeEvent): string | null {
  const p = obj(e.payload);
  const err = p?.error;
  if (typeof err === "string") return err;
  if (obj(err)) return str(obj(err)!.message) ?? JSON.stringify(err);
  return e.reasons?.[0] ?? null;
}

/** Approval status words as recorded → the four states; anything else is kept as `unknown` with its label. */
function approvalStatus(s: string | undefined | null): ApprovalStatus {
  const v = (s ?? "").toLowerCase();
  if (v === "pending" || v === "requested") return "pending";
  if (v === "approved" || v === "granted" || v === "allow") return "approved";
  if (v === "denied" || v === "rejected" || v === "block") return "denied";
  if (v === "expired") return "expired";
  return "unknown";
}

/** Reconstructs plans, steps, verdicts, approvals, grants and executions of one trace (see README.md). */
export function reconstructTrace(events: RecordedEvent[]): Reconstruction {
  const plans: ReplayPlan[] = [];
  const planByKey = new Map<string, ReplayPlan>();
  const planOfEvent = new Map<string, string>(); // event id → plan key (inherited along parent_id)
  const stepOfEvent = new Map<string, ReplayStep>(); // event id → step (inherited along parent_id for executions)
  const planByEvaluation = new Map<string, string>();
  const stepByJti = new Map<string, ReplayStep>();
  const stepByApproval = new Map<string, ReplayStep>();
  const approvalByStep = new Map<ReplayStep, StepApproval>();
  const executionById = new Map<string, { exec: Execution; step: ReplayStep | null }>();
  const unmatched: Execution[] = [];
  const flags: Flag[] = [];
  const traceBudget: BudgetViolation[] = [];
  const advisories: Advisory[] = [];
  let lastPlan: ReplayPlan | null = null;

  const newStep = (plan: ReplayPlan, index: number, tool: string, planned: boolean): ReplayStep => ({
    key: `${plan.key}#${index}`, plan_key: plan.key, index, planned, tool, intent: null, capability: null, arguments: undefined,
    provenance: [], stages: [], decision: null, earlier_decisions: [], approval: null, grants: [], executions: [], skipped: [],
    budget_violations: [], unauthorized: [], superseded_by: null, event_seqs: [],
  });

  const implicitPlan = (): ReplayPlan => {
    let p = planByKey.get(IMPLICIT_PLAN);
    if (!p) {
      p = {
        key: IMPLICIT_PLAN, seq: 0, event_id: "", type: "", plan_id: null, evaluation_id: null, source: "implicit", timestamp: null,
        intent: null, risk_level: null, steps: [], outcome: null,
      };
      planByKey.set(IMPLICIT_PLAN, p);
      plans.push(p);
    }
    return p;
  };

  /** The plan an event belongs to: evaluation id → parent chain → latest plan holding this step → latest plan. */
  const planFor = (e: RuntimeEvent): ReplayPlan => {
    const evalId = str(obj(e.payload)?.evaluation_id);
    if (evalId && planByEvaluation.has(evalId)) return planByKey.get(planByEvaluation.get(evalId)!)!;
    if (e.parent_id && planOfEvent.has(e.parent_id)) return planByKey.get(planOfEvent.get(e.parent_id)!)!;
    if (e.step != null) {
      for (let i = plans.length - 1; i >= 0; i--) {
        const p = plans[i];
        if (p.source !== "implicit" && p.steps.some((s) => s.index === e.step && (!e.tool || s.tool === e.tool))) return p;
      }
    }
    return lastPlan ?? implicitPlan();
  };

  /** The step of `plan` an event is about: by step index, else (no index) the first step with the event's tool. */
  const stepIn = (plan: ReplayPlan, e: RuntimeEvent, create: boolean): ReplayStep | null => {
    let s: ReplayStep | undefined;
    if (e.step != null) s = plan.steps.find((x) => x.index === e.step);
    else if (e.tool) s = plan.steps.find((x) => x.tool === e.tool && !x.decision) ?? plan.steps.find((x) => x.tool === e.tool);
    if (s || !create) return s ?? null;
    if (!e.tool && e.step == null) return null;
    const index = e.step ?? (plan.steps.reduce((m, x) => Math.max(m, x.index), 0) + 1);
    s = newStep(plan, index, e.tool ?? "(unknown tool)", false);
    plan.steps.push(s);
    return s;
  };

  const touch = (s: ReplayStep, r: RecordedEvent) => {
    s.event_seqs.push(r.seq);
    stepOfEvent.set(r.event.id, s);
    planOfEvent.set(r.event.id, s.plan_key);
  };

  const approvalFor = (s: ReplayStep, id: string): StepApproval => {
    let a = approvalByStep.get(s);
    if (!a || a.id !== id) {
      a = { id, status: "pending", raw_status: null, actor: null, note: null, requested_at: null, decided_at: null, requested: null, decided: null };
      approvalByStep.set(s, a);
      s.approval = a;
    }
    stepByApproval.set(id, s);
    return a;
  };

  for (const r of events) {
    const e = r.event;
    const kind = advisoryKind(e);

    // explain / dry-run: shown, never a decision, never a plan
    if (kind) {
      const p = obj(e.payload);
      // only what would have been decided is listed; the flagged plan and stage events are in the timeline
      if (e.stage !== "decision") continue;
      advisories.push({
        ...ref(r), kind, evaluation_id: str(p?.evaluation_id), decision: e.decision === "explain" || e.decision === "dry_run" ? str(p?.would_decide) ?? e.decision : (e.decision ?? null),
        step: e.step ?? null, tool: e.tool ?? null, reasons: e.reasons ?? [],
      });
      continue;
    }

    // a plan: one ReplayPlan per plan event, never merged
    if (e.stage === "plan" && e.plan && (e.plan.steps?.length ?? 0) > 0) {
      const evaluationId = str(obj(e.payload)?.evaluation_id);
      let key = evaluationId ?? e.plan.id ?? e.id;
      if (planByKey.has(key)) key = `${key}@${r.seq}`;
      const plan: ReplayPlan = {
        ...ref(r), key, plan_id: e.plan.id ?? null, evaluation_id: evaluationId, source: e.type === EVENT.planSubmitted ? "engine" : "agent",
        timestamp: e.timestamp, intent: e.plan.intent ?? null, risk_level: e.plan.risk_level ?? null, steps: [], outcome: null,
      };
      for (const ps of [...(e.plan.steps ?? [])].sort((a, b) => a.index - b.index)) {
        if (plan.steps.some((s) => s.index === ps.index)) continue; // duplicate index in one plan: the first wins
        const s = newStep(plan, ps.index, ps.tool, true);
        s.intent = ps.intent ?? null;
        s.capability = ps.capability ?? null;
        s.arguments = ps.arguments;
        s.provenance = provenanceOf(ps.provenance);
        s.event_seqs.push(r.seq);
        plan.steps.push(s);
      }
      // an earlier plan's steps that this plan evaluates again are superseded
      for (const prev of plans) {
        for (const s of prev.steps) {
          if (s.superseded_by) continue;
          const again = plan.steps.find((x) => x.index === s.index && x.tool === s.tool);
          if (again && !s.executions.length) s.superseded_by = again.key;
        }
      }
      plans.push(plan);
      planByKey.set(key, plan);
      planOfEvent.set(e.id, key);
      if (evaluationId) planByEvaluation.set(evaluationId, key);
      lastPlan = plan;
      continue;
    }

    if (e.type === EVENT.evaluationCompleted) {
      const plan = planFor(e);
      plan.outcome = { ...ref(r), decision: e.decision ?? null, reasons: e.reasons ?? [] };
      planOfEvent.set(e.id, plan.key);
      continue;
    }

    // executions: token_jti → parent_id → (step index + tool) in the latest plan that has it
    if (EXEC_OK.has(e.type) || EXEC_FAIL.has(e.type)) {
      const exec: Execution = {
        ...ref(r), timestamp: e.timestamp, outcome: EXEC_OK.has(e.type) ? "succeeded" : "failed", tool: e.tool ?? null, step: e.step ?? null,
        arguments: e.arguments, arguments_hash: e.arguments === undefined ? null : hashArguments(e.arguments), token_jti: e.token_jti ?? null,
        error: EXEC_FAIL.has(e.type) ? errorOf(e) : null, matched_by: null,
      };
      let step: ReplayStep | null = null;
      if (e.token_jti && stepByJti.has(e.token_jti)) {
        step = stepByJti.get(e.token_jti)!;
        exec.matched_by = "token_jti";
      } else if (e.parent_id && stepOfEvent.has(e.parent_id) && (!e.tool || stepOfEvent.get(e.parent_id)!.tool === e.tool)) {
        step = stepOfEvent.get(e.parent_id)!;
        exec.matched_by = "parent_id";
      } else if (e.tool) {
        step = matchByStepTool(plans, e);
        if (step) exec.matched_by = "step_tool";
      }
      if (step) {
        step.executions.push(exec);
        touch(step, r);
      } else unmatched.push(exec);
      executionById.set(e.id, { exec, step });
      continue;
    }

    if (e.type === UNAUTHORIZED) {
      const flag: Flag = { ...ref(r), reasons: e.reasons ?? [], step: e.step ?? null, tool: e.tool ?? null, token_jti: e.token_jti ?? null };
      const target = e.parent_id ? executionById.get(e.parent_id) : undefined;
      if (target?.step) {
        target.step.unauthorized.push(flag);
        touch(target.step, r);
      } else flags.push(flag);
      continue;
    }

    // approvals: tied by approval id to the step that requested it
    if (e.approval?.id && (APPROVAL_REQUEST.has(e.type) || APPROVAL_OUTCOME[e.type] || e.stage === "approval")) {
      let s = stepByApproval.get(e.approval.id) ?? null;
      if (!s) {
        const plan = planFor(e);
        s = stepIn(plan, e, true);
      }
      if (s) {
        const a = approvalFor(s, e.approval.id);
        const outcome = APPROVAL_OUTCOME[e.type];
        if (outcome) {
          a.status = outcome;
          a.decided = ref(r);
          a.decided_at = e.timestamp;
          a.actor = e.approval.actor ?? a.actor;
          a.note = e.approval.note ?? a.note;
        } else {
          if (!a.requested) {
            a.requested = ref(r);
            a.requested_at = e.timestamp;
          }
          if (!a.decided) {
            // a request that states no status is pending (the reference's approval_required lines say none)
            const st = e.approval.status == null && APPROVAL_REQUEST.has(e.type) ? "pending" : approvalStatus(e.approval.status);
            a.status = st;
            a.raw_status = st === "unknown" ? e.approval.status ?? null : null;
          }
        }
        if (isDecisionEvent(e)) recordDecision(s, r);
        touch(s, r);
        continue;
      }
    }

    if (e.type === EVENT.capabilityGranted) {
      const s = (e.approval?.id && stepByApproval.get(e.approval.id)) || stepIn(planFor(e), e, false);
      if (s) {
        if (e.token_jti) {
          s.grants.push({ ...ref(r), token_jti: e.token_jti, source: "capability.granted" });
          stepByJti.set(e.token_jti, s);
        }
        touch(s, r);
      }
      continue;
    }

    if (SKIPPED.has(e.type)) {
      const s = (e.parent_id && stepOfEvent.get(e.parent_id)) || stepIn(planFor(e), e, false);
      if (s) {
        s.skipped.push(ref(r));
        touch(s, r);
      }
      continue;
    }

    const bv = budgetViolations(e);
    const stage = stageOf(e);
    const deciding = isDecisionEvent(e);
    if (!stage && !deciding && !bv.length) continue;
    if (e.step == null && !e.tool) {
      if (bv.length) traceBudget.push({ ...ref(r), step: null, tool: null, violations: bv });
      continue;
    }
    const plan = planFor(e);
    const s = stepIn(plan, e, stage !== null || deciding);
    if (!s) {
      if (bv.length) traceBudget.push({ ...ref(r), step: e.step ?? null, tool: e.tool ?? null, violations: bv });
      continue;
    }
    touch(s, r);
    if (bv.length) s.budget_violations.push({ ...ref(r), step: s.index, tool: e.tool ?? s.tool, violations: bv });
    if (stage) {
      const p = obj(e.payload);
      s.stages.push({
        ...ref(r), stage, decision: e.decision ?? null, reasons: e.reasons ?? [], determining: e.policy?.determining ?? [], risk: riskOf(e),
        violations: stage === "budget" ? bv : [], score: num(p?.score) ?? num(obj(p?.guard)?.score), thresholds: thresholdsOf(p?.thresholds),
      });
      if (!s.provenance.length && e.provenance?.length) s.provenance = provenanceOf(e.provenance);
    }
    if (deciding) recordDecision(s, r);
  }

  function recordDecision(s: ReplayStep, r: RecordedEvent) {
    const e = r.event;
    const p = obj(e.payload);
    const value = (APPROVAL_REQUIRED.has(e.type) ? "require_approval" : e.decision) as StepDecision["value"];
    const args = e.arguments !== undefined ? e.arguments : s.arguments;
    const d: StepDecision = {
      ...ref(r), value, timestamp: e.timestamp, tool: e.tool ?? null, reasons: e.reasons ?? [], determining: e.policy?.determining ?? [],
      policy_bundle: e.policy?.bundle_id ?? null, policy_version: e.policy?.version ?? null, risk: riskOf(e), arguments: args,
      arguments_hash: str(p?.arguments_hash) ?? (args === undefined ? null : hashArguments(args)), approved_by: str(p?.approved_by),
    };
    if (s.decision) s.earlier_decisions.push(s.decision);
    s.decision = d;
    if (s.arguments === undefined && e.arguments !== undefined) s.arguments = e.arguments;
    if (!s.provenance.length && e.provenance?.length) s.provenance = provenanceOf(e.provenance);
    if (e.token_jti) {
      s.grants.push({ ...ref(r), token_jti: e.token_jti, source: "decision" });
      stepByJti.set(e.token_jti, s);
    }
    if (e.approval?.id) {
      const a = approvalFor(s, e.approval.id);
      if (!a.requested) {
        a.requested = ref(r);
        a.requested_at = e.timestamp;
      }
      // the decision says what it knew of the approval (an interceptor decision let through on an approved request)
      if (!a.decided && e.approval.status != null) {
        const st = approvalStatus(e.approval.status);
        a.status = st;
        a.raw_status = st === "unknown" ? e.approval.status : null;
      }
    }
    if (d.approved_by) {
      // the approval this decision rode on was requested by an earlier plan's step; show it here too
      const origin = stepByApproval.get(d.approved_by);
      const a = origin ? approvalByStep.get(origin) : undefined;
      if (a && origin !== s) s.approval = a;
    }
  }

  for (const p of plans) p.steps.sort((a, b) => a.index - b.index);
  const traceId = events[0]?.trace_id ?? null;
  return { trace_id: traceId, event_count: events.length, plans, unmatched_executions: unmatched, unauthorized: flags, budget_violations: traceBudget, advisories, foreign: foreignOrigin(events) };
}

/**
 * Whether a trace stands for a foreign or legacy log, from its events: a line mapped from the reference
 * interceptor's format (`schema_version` interceptor/…) makes it imported; else an execution the executor marked
 * `payload.legacy_executor`, or the server's `governance.unauthorized_execution` flag, makes it a trace where an
 * executor outside Replay Audit ran a step without a capability token.
 */
export function foreignOrigin(events: RecordedEvent[]): ForeignOrigin | null {
  let outside: RecordedEvent | null = null;
  for (const r of events) {
    if (isInterceptorEvent(r.event)) return { ...ref(r), kind: "imported", reason: FOREIGN_REASON.imported };
    if (!outside && (r.event.type === UNAUTHORIZED || obj(r.event.payload)?.[LEGACY_EXECUTOR] !== undefined)) outside = r;
  }
  return outside ? { ...ref(outside), kind: "outside_executor", reason: FOREIGN_REASON.outside_executor } : null;
}

/**
 * Execution without a token and without a parent link: the step with the same index and tool in the most recent
 * plan (before the execution) that has one not yet executed, else the most recent plan with that step at all.
 * Without a step index, the first step with the same tool that has no execution yet, searching newest plan first.
 */
function matchByStepTool(plans: ReplayPlan[], e: RuntimeEvent): ReplayStep | null {
  const fits = (s: ReplayStep) => s.tool === e.tool && (e.step == null || s.index === e.step);
  for (let i = plans.length - 1; i >= 0; i--) {
    const s = plans[i].steps.find((x) => fits(x) && x.executions.length === 0);
    if (s) return s;
  }
  if (e.step == null) return null;
  for (let i = plans.length - 1; i >= 0; i--) {
    const s = plans[i].steps.find(fits);
    if (s) return s;
  }
  return null;
}

/** Every step of every plan, in plan order then step index. */
export function allSteps(rec: Reconstruction): ReplayStep[] {
  return rec.plans.flatMap((p) => p.steps);
}
