import { isInterceptorEvent } from "../events/decision-events";
import type { RecordedEvent } from "../events/recorded";
import { diffReconstruction } from "./diff";
import { allSteps, reconstructTrace, type Reconstruction } from "./reconstruct";
import type { ApprovalStatus, EffectiveDecision, RiskThresholds, StepOutcome, TraceReplayDiff } from "./schemas";
import type { StepOutcomeSummary, TraceDecision, TraceOutcome } from "./trace-outcome-schema";

/**
 * One answer per trace. Every view — the list rollup (and its filters), the header, the timeline's step headers,
 * the Plan tab, the Replay diff, the graph's outcome nodes, what-if's baseline and the evidence report — shows the
 * fields of this object, computed from the engine's reconstruction, so no two screens can disagree. The rules are
 * in README.md ("Trace outcome"). Its types are z.infer of trace-outcome-schema.ts (one home per schema).
 */
export type { StepOutcomeSummary, TraceDecision, TraceOutcome } from "./trace-outcome-schema";

const RESTRICTIVE: Record<TraceDecision, number> = { block: 0, require_approval: 1, pending: 2, allow: 3 };

/** The trace outcome from recorded events in chain order. */
export function traceOutcome(events: RecordedEvent[]): TraceOutcome {
  return outcomeOf(diffReconstruction(reconstructTrace(events)));
}

/** The trace outcome from a diff already made (the diff route and the evidence export share one). */
export function outcomeOf(diff: TraceReplayDiff): TraceOutcome {
  const stepDiffs = diff.plans.flatMap((p) => p.steps);
  const steps: StepOutcomeSummary[] = stepDiffs.map((sd) => {
    const s = sd.step;
    const recorded = s.decision?.value ?? null;
    return {
      key: s.key, plan_key: s.plan_key, index: s.index, tool: s.tool, recorded, effective: sd.effective_decision,
      approval: s.approval ? { id: s.approval.id, status: s.approval.status, actor: s.approval.actor } : null,
      outcome: sd.outcome, result: sd.result, superseded: !!s.superseded_by, label: stepLabel(recorded, sd.effective_decision, s.approval?.status ?? null, sd.outcome),
      explanation: sd.explanation,
    };
  });

  let decider: (typeof stepDiffs)[number] | null = null;
  for (const sd of stepDiffs) {
    const eff = sd.effective_decision;
    if (eff === "none" || sd.step.superseded_by || sd.result === "not_reached") continue;
    if (!decider || RESTRICTIVE[eff] < RESTRICTIVE[decider.effective_decision as TraceDecision]) decider = sd;
  }
  const decision = decider ? (decider.effective_decision as TraceDecision) : null;
  const d = decider?.step.decision ?? null;
  // a verdict people changed (approved, denied, expired) is explained by what they did; the engine's own by its reason
  const reason = !decider ? null
    : decider.step.decision?.value !== decision ? `Step ${decider.step.index} (${decider.step.tool}): ${decider.explanation}`
    : d?.reasons[0] ?? `Step ${decider.step.index} (${decider.step.tool}): ${decider.explanation}`;

  let maxRisk: number | null = null;
  let thresholds: RiskThresholds | null = null;
  for (const sd of stepDiffs) {
    const s = sd.step;
    for (const st of s.stages) {
      if (st.thresholds) thresholds = st.thresholds;
      const v = st.risk?.r_total ?? st.risk?.step_risk ?? null;
      if (v !== null && (maxRisk === null || v > maxRisk)) maxRisk = v;
    }
    const v = s.decision?.risk?.r_total ?? s.decision?.risk?.step_risk ?? null;
    if (v !== null && (maxRisk === null || v > maxRisk)) maxRisk = v;
  }
  const risk_level = riskLevel(maxRisk, thresholds);

  const seen = new Set<string>();
  const approvals: TraceOutcome["approvals"] = [];
  for (const sd of stepDiffs) {
    const a = sd.step.approval;
    if (!a || seen.has(a.id)) continue;
    seen.add(a.id);
    approvals.push({ id: a.id, status: a.status, step_key: sd.step.key });
  }

  return {
    verdict: diff.verdict, verdict_reason: diff.verdict_reason, decision, reason, decision_seq: d?.seq ?? 0,
    max_risk: maxRisk, thresholds, risk_level, approvals, foreign: diff.foreign, steps,
  };
}

/**
 * The trace's outcome had the engine decided the named steps otherwise (what-if: the baseline's or the candidate's
 * decision per step key), by the same rule as `traceOutcome`: approvals, executions and superseded steps as
 * recorded. `recorded` (the outcome as recorded) is returned as is when no step changes.
 */
export function outcomeWithDecisions(rec: Reconstruction, decisions: ReadonlyMap<string, TraceDecision>, recorded?: TraceOutcome): TraceOutcome {
  const changed = allSteps(rec).some((s) => s.decision && decisions.has(s.key) && decisions.get(s.key) !== s.decision.value);
  if (!changed && recorded) return recorded;
  const plans = rec.plans.map((p) => ({
    ...p,
    steps: p.steps.map((s) => {
      const v = decisions.get(s.key);
      return s.decision && v && v !== s.decision.value ? { ...s, decision: { ...s.decision, value: v } } : s;
    }),
  }));
  return outcomeOf(diffReconstruction({ ...rec, plans }));
}

/** Risk judged as the engine judges it (`chain-risk.ts`: above a threshold, not at it); null without thresholds. */
export function riskLevel(value: number | null, thresholds: RiskThresholds | null): "below" | "approval" | "halt" | null {
  if (value === null || !thresholds) return null;
  return value > thresholds.halt ? "halt" : value > thresholds.approval ? "approval" : "below";
}

/** A step header's words, after approvals and execution: approved then executed reads "Approved · executed". */
export function stepLabel(recorded: TraceDecision | null, effective: EffectiveDecision, approval: ApprovalStatus | null, outcome: StepOutcome): string {
  const ran = outcome === "executed" ? " · executed" : outcome === "failed" ? " · failed" : "";
  if (recorded === "require_approval" || approval) {
    if (approval === "approved" || (effective === "allow" && recorded === "require_approval")) return `Approved${ran}`;
    if (approval === "denied") return `Approval denied${ran}`;
    if (approval === "expired") return `Approval expired${ran}`;
    if (approval === "missing") return `Approval missing${ran}`;
    if (effective === "require_approval") return `Awaiting approval${ran}`;
  }
  if (effective === "allow") return `Allowed${ran}`;
  if (effective === "block") return `Blocked${ran}`;
  if (effective === "pending") return `Pending${ran}`;
  return ran ? `Not decided${ran}` : "Not decided";
}

/**
 * Marks approvals the trace references but the server does not hold as `missing` (never `pending`): a request whose
 * approval was never stored is shown as such. `isStored` answers from the approvals table for the ids
 * `approvalIdsToCheck` named. Returns the reconstruction it was given, changed in place, before it is diffed.
 */
export function markMissingApprovals(rec: Reconstruction, isStored: (id: string) => boolean, checked: ReadonlySet<string>): Reconstruction {
  for (const s of allSteps(rec)) {
    if (s.approval && s.approval.status === "pending" && checked.has(s.approval.id) && !isStored(s.approval.id)) s.approval.status = "missing";
  }
  return rec;
}

/**
 * The approval ids whose existence the server must vouch for: every approval a step references, except those an
 * imported reference-interceptor line requested (that log keeps its own approval store).
 */
export function approvalIdsToCheck(rec: Reconstruction, events: RecordedEvent[]): string[] {
  const bySeq = new Map(events.map((r) => [r.seq, r.event]));
  const ids = new Set<string>();
  for (const s of allSteps(rec)) {
    const a = s.approval;
    if (!a) continue;
    const requester = a.requested ? bySeq.get(a.requested.seq) : undefined;
    if (requester && isInterceptorEvent(requester)) continue;
    ids.add(a.id);
  }
  return [...ids];
}
