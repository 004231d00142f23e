import type { Decision, StepDecision } from "../evaluate";
import { SCHEMA_VERSION, type RuntimeEvent } from "./schema";

/**
 * The decision-to-evidence contract: which events record one engine decision, with which types, stages and
 * verdicts. The writer (`decisionEvents`, used by POST /evaluate, /explain and dry runs) and every reader
 * (`replay/reconstruct.ts`, `replay/what-if.ts`, `graph/build-graph.ts`, the interceptor mapping, the demo data)
 * use these constants, so a renamed type breaks the build instead of silently dropping a stage from a view.
 */
export const EVENT = {
  planSubmitted: "plan.submitted",
  capabilityChecked: "capability.checked",
  guardScanned: "guard.scanned",
  policyEvaluated: "policy.evaluated",
  budgetChecked: "budget.checked",
  riskScored: "risk.scored",
  decisionMade: "decision.made",
  approvalRequired: "human_approval_required",
  approvalRequested: "approval.requested",
  approvalGranted: "approval.granted",
  approvalDenied: "approval.denied",
  approvalExpired: "approval.expired",
  capabilityGranted: "capability.granted",
  evaluationCompleted: "evaluation.completed",
  decisionExplained: "decision.explained",
  toolExecuted: "tool.executed",
  toolFailed: "tool.failed",
  toolSkipped: "tool.skipped",
  unauthorizedExecution: "governance.unauthorized_execution",
} as const;
export type EngineEventType = (typeof EVENT)[keyof typeof EVENT];

/**
 * The reference AISecOps Interceptor's own event types that the readers treat as decisions, approvals or runs
 * (`interceptor.ts` maps its lines to these; `reconstruct.ts` reads them). They are foreign vocabulary: the
 * engine never writes them.
 */
export const INTERCEPTOR_EVENT = {
  toolAllowed: "tool_allowed",
  toolBlocked: "tool_blocked",
  approvalRequired: "approval_required",
  mcpPolicyDecision: "mcp_policy_decision",
  toolExecuted: "tool_executed",
  toolFailed: "tool_failed",
  toolSkipped: "tool_skipped",
} as const;

/** The schema_version prefix of every event mapped from the reference interceptor's logs (`interceptor.ts`). */
export const INTERCEPTOR_SCHEMA_PREFIX = "interceptor/";

/** Whether an event was mapped from the reference interceptor's logs rather than written by Replay Audit. */
export const isInterceptorEvent = (e: Pick<RuntimeEvent, "schema_version">): boolean => e.schema_version.startsWith(INTERCEPTOR_SCHEMA_PREFIX);

/**
 * The payload key an executor outside Replay Audit sets on its own execution report (it ran the step without the
 * engine's capability token). A trace holding one is foreign (`replay/reconstruct.ts` `foreignOrigin`).
 */
export const LEGACY_EXECUTOR = "legacy_executor";

/** The stage each engine event is written in (the event schema's `stage`). */
export const STAGE_OF = {
  [EVENT.planSubmitted]: "plan",
  [EVENT.capabilityChecked]: "capability",
  [EVENT.guardScanned]: "context",
  [EVENT.policyEvaluated]: "policy",
  [EVENT.budgetChecked]: "budget",
  [EVENT.riskScored]: "risk",
  [EVENT.decisionMade]: "decision",
  [EVENT.approvalRequired]: "decision",
  [EVENT.approvalRequested]: "approval",
  [EVENT.evaluationCompleted]: "decision",
  [EVENT.decisionExplained]: "decision",
} as const satisfies Partial<Record<EngineEventType, RuntimeEvent["stage"]>>;

/**
 * The reports an instrumented agent sends around the engine's decisions: its input, the context it loaded or
 * retrieved, messages from other agents, each tool run and its output. The engine never writes these; the demo
 * writes them, the readers key on `EVENT.toolExecuted` / `toolFailed`, and all share these spellings.
 */
export const AGENT_EVENT = {
  inputReceived: "input.received",
  contextLoaded: "context.loaded",
  contextRetrieved: "context.retrieved",
  messageReceived: "agent.message_received",
  toolExecuted: EVENT.toolExecuted,
  toolFailed: EVENT.toolFailed,
  outputReturned: "output.returned",
} as const;
export type AgentEventType = (typeof AGENT_EVENT)[keyof typeof AGENT_EVENT];

/** The stage each agent report is written in. */
export const AGENT_STAGE_OF = {
  [AGENT_EVENT.inputReceived]: "input",
  [AGENT_EVENT.contextLoaded]: "context",
  [AGENT_EVENT.contextRetrieved]: "context",
  [AGENT_EVENT.messageReceived]: "context",
  [AGENT_EVENT.toolExecuted]: "execution",
  [AGENT_EVENT.toolFailed]: "execution",
  [AGENT_EVENT.outputReturned]: "output",
} as const satisfies Record<AgentEventType, RuntimeEvent["stage"]>;

/** The per-step stage events in the order the engine writes them (capability → guard → policy → budget → risk). */
export const STAGE_EVENTS = [EVENT.capabilityChecked, EVENT.guardScanned, EVENT.policyEvaluated, EVENT.budgetChecked, EVENT.riskScored] as const;

export type DecisionMode = "evaluate" | "dry_run" | "explain";

/** What the server made real for a step: the token it granted, the approval it opened. */
export type DecisionEffects = {
  grants: ReadonlyMap<number, { jti: string }>;
  approvals: ReadonlyMap<number, { id: string; status: string }>;
};

export type DecisionEventsInput = {
  agentId: string;
  traceId: string;
  evaluationId: string;
  /** ISO time written on every event: the caller's clock, never the engine's */
  timestamp: string;
  intent: string | null;
  context?: RuntimeEvent["payload"] | null;
  decision: Decision;
  mode: DecisionMode;
  effects?: DecisionEffects;
};

/**
 * The exact events that record one engine decision, in chain order: plan.submitted, then per step its five stage
 * events and its decision (human_approval_required when it waits for a person, followed by approval.requested),
 * and last evaluation.completed with the plan's outcome. Explain writes one decision.explained; a dry run writes
 * the same events as evaluate, flagged. `replay/reconstruct.ts` reads exactly these back (round-trip test in
 * `decision-events.test.ts`).
 */
export function decisionEvents(input: DecisionEventsInput): RuntimeEvent[] {
  const { agentId, traceId, evaluationId, timestamp, decision, mode } = input;
  const grants = input.effects?.grants ?? new Map();
  const approvals = input.effects?.approvals ?? new Map();
  const flags: RuntimeEvent["flags"] = mode === "explain" ? ["explain"] : mode === "dry_run" ? ["dry_run"] : undefined;
  const policy = { bundle_id: decision.policy.bundle_id, version: decision.policy.version };
  const determiningAll = [...new Set(decision.steps.flatMap((s) => s.stages.policy.determining))];
  let n = 0;
  const base = (type: keyof typeof STAGE_OF, extra: Partial<RuntimeEvent>): RuntimeEvent => ({
    id: `${evaluationId}_${++n}`, trace_id: traceId, timestamp, type, stage: STAGE_OF[type], agent: { id: agentId }, schema_version: SCHEMA_VERSION,
    ...(flags ? { flags } : {}), ...extra,
  });
  if (mode === "explain") {
    return [base(EVENT.decisionExplained, {
      decision: "explain",
      reasons: decision.reason_chain,
      policy: { ...policy, determining: determiningAll },
      risk: { r_total: decision.r_total },
      plan: { intent: input.intent, steps: decision.steps.map((s) => ({ index: s.index, tool: s.tool, arguments: s.arguments as never, intent: s.intent })) },
      payload: { evaluation_id: evaluationId, would_decide: decision.decision, steps: decision.steps.map(stepPayload), budget: decision.budget, gate: decision.gate, thresholds: decision.thresholds },
    })];
  }
  const events: RuntimeEvent[] = [];
  const planEvent = base(EVENT.planSubmitted, {
    decision: "pending",
    plan: { id: evaluationId, intent: input.intent, steps: decision.steps.map((s) => ({ index: s.index, tool: s.tool, intent: s.intent, capability: s.capability, arguments: s.arguments as never, provenance: s.provenance })) },
    payload: { evaluation_id: evaluationId, context: input.context ?? null },
  });
  events.push(planEvent);
  for (const s of decision.steps) {
    // arguments and provenance are recorded once per step, on the step's decision event (and in plan.submitted)
    const common = { step: s.index, tool: s.tool };
    const cap = base(EVENT.capabilityChecked, { ...common, parent_id: planEvent.id, decision: verdictOf(s.stages.capability.verdict), reasons: [s.stages.capability.reason || s.stages.identity.reason] });
    const guard = base(EVENT.guardScanned, { ...common, parent_id: cap.id, decision: s.stages.guard.verdict === "fail" ? "block" : "observed", reasons: s.stages.guard.reason ? [s.stages.guard.reason] : undefined, payload: { score: s.stages.guard.score, findings: s.stages.guard.findings, ...(s.stages.guard.window ? { window: s.stages.guard.window } : {}) } });
    const pol = base(EVENT.policyEvaluated, { ...common, parent_id: guard.id, decision: verdictOf(s.stages.policy.verdict, s.stages.policy.require_approval), reasons: s.stages.policy.reason ? [s.stages.policy.reason] : undefined, policy: { ...policy, determining: s.stages.policy.determining } });
    const bud = base(EVENT.budgetChecked, { ...common, parent_id: pol.id, decision: verdictOf(s.stages.budget.verdict), reasons: s.stages.budget.reason ? [s.stages.budget.reason] : undefined, budget: { limits: decision.budget.limits, usage: decision.budget.trace, violations: s.stages.budget.limit ? [s.stages.budget.limit] : [] } });
    const r = s.stages.risk;
    const risk = base(EVENT.riskScored, {
      ...common, parent_id: bud.id, decision: r.verdict === "fail" ? (decision.gate.kind === "halt" ? "block" : "require_approval") : r.verdict === "pass" ? "allow" : "observed",
      reasons: r.reason ? [r.reason] : undefined,
      risk: r.step_risk !== undefined ? { r_step: r.r_step, e: r.e, t: r.t, b: r.b, step_risk: r.step_risk, r_total: r.r_total } : undefined,
      // the thresholds are recorded on every scored step, so a trace's risk is judged against what was applied
      payload: { ...(r.escalation ? { escalation: r.escalation, trust: r.trust ?? null } : {}), thresholds: decision.thresholds },
    });
    events.push(cap, guard, pol, bud, risk);
    const approval = approvals.get(s.index);
    const grant = grants.get(s.index);
    const dec = base(s.decision === "require_approval" ? EVENT.approvalRequired : EVENT.decisionMade, {
      ...common, arguments: s.arguments as never, parent_id: risk.id,
      provenance: s.provenance.length ? s.provenance : undefined,
      decision: s.decision,
      reasons: s.reasons, policy: { ...policy, determining: s.stages.policy.determining },
      risk: r.step_risk !== undefined ? { step_risk: r.step_risk, r_total: decision.r_total } : undefined,
      ...(approval ? { approval: { id: approval.id, status: approval.status } } : {}),
      ...(grant ? { token_jti: grant.jti } : {}),
      payload: { evaluation_id: evaluationId, arguments_hash: s.arguments_hash, ...(s.approved_by ? { approved_by: s.approved_by } : {}) },
    });
    events.push(dec);
    if (approval) {
      events.push(base(EVENT.approvalRequested, { ...common, parent_id: dec.id, decision: "pending", approval: { id: approval.id, status: approval.status }, reasons: s.reasons }));
    }
  }
  // last, the plan's overall outcome
  events.push(base(EVENT.evaluationCompleted, {
    parent_id: planEvent.id, decision: decision.decision, reasons: [decision.steps.flatMap((s) => s.decision === decision.decision ? s.reasons : [])[0] ?? decision.reason_chain.at(-1)!, ...decision.reason_chain],
    policy: { ...policy, determining: determiningAll },
    risk: { r_total: decision.r_total }, payload: { evaluation_id: evaluationId, gate: decision.gate, budget: decision.budget, thresholds: decision.thresholds },
  }));
  return events;
}

/** A stage verdict (pass / fail / skip) as the event's decision word. */
export function verdictOf(v: string, needsApproval = false): RuntimeEvent["decision"] {
  if (v === "fail") return "block";
  if (v === "pass") return needsApproval ? "require_approval" : "allow";
  return "observed";
}

/** A step's decision as explain records it in its payload. */
export function stepPayload(s: StepDecision) {
  return { index: s.index, tool: s.tool, capability: s.capability, decision: s.decision, reasons: s.reasons, stages: s.stages };
}
