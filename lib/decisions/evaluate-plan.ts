import "server-only";
import { evaluate, noBundleDecision, type Decision, type StepDecision } from "@/engine/evaluate";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { ApiError } from "@/lib/api/errors";
import { storeEvents } from "@/lib/ingest/store-events";
import { activeBundle } from "@/lib/policies/active-bundle";
import { isUntrusted } from "@/engine/risk/chain-risk";
import { createApprovalRequest } from "@/lib/approvals/create-approval";
import { newId, type DecisionClock } from "./clock";
import { grantStep } from "./grant-step";
import { loadEngineState } from "./load-state";
import type { EvaluateBody, EvaluateResponse } from "./schemas";

export type Mode = "evaluate" | "dry_run" | "explain";

/**
 * POST /evaluate, /explain and dry runs: loads what the server knows, asks the engine, and makes the decision real —
 * approval requests for gated steps, a signed capability token for each step allowed now — while writing every
 * stage into the trace's hash chain. Explain writes one event and grants nothing; a dry run writes every event
 * marked dry_run and grants nothing. `clock` (the demo seed's) fixes the time and the ids; agents' requests omit it.
 */
export async function evaluatePlan(agentId: string, body: EvaluateBody, mode: Mode, timings?: Record<string, number>, clock?: DecisionClock): Promise<EvaluateResponse> {
  const now = clock?.now ?? new Date();
  let t = performance.now();
  const lap = (name: string) => {
    const n = performance.now();
    if (timings) timings[name] = n - t;
    t = n;
  };
  const evaluationId = newId(clock, "ev", 8);
  const traceId = body.trace_id ?? newId(clock, "tr", 10);
  const state = await loadEngineState(agentId, traceId, now);
  if (state.traceOwner && state.traceOwner !== agentId) {
    throw new ApiError("forbidden", `trace_id: trace ${traceId} belongs to agent "${state.traceOwner}", which opened it; start a new trace (link it with parent_trace_id in your events)`);
  }
  const environment = state.agent?.environment ?? "unknown";
  const bundle = state.agent ? await activeBundle(environment) : null;
  const plan = { intent: body.plan.intent, steps: body.plan.steps };
  lap("state");
  const decision = bundle ? evaluate(plan, bundle, state) : noBundleDecision(plan, state, environment);
  lap("engine");

  const grants = new Map<number, { token: string; jti: string; expires_at: string }>();
  const approvals = new Map<number, { id: string; status: string; expires_at: string }>();
  if (mode === "evaluate" && bundle) {
    const ask = (step: StepDecision) =>
      createApprovalRequest({ agentId, traceId, step, decision, bundle, evaluationId, now, planIntent: body.plan.intent ?? null, agent: state.agent, clock });
    // steps are independent (each has its own binding), so their approvals and tokens are made concurrently
    await Promise.all(decision.steps.map(async (step) => {
      if (step.decision === "require_approval") {
        approvals.set(step.index, await ask(step));
      } else if (step.decision === "allow") {
        const granted = await grantStep({
          agentId, traceId, index: step.index, tool: step.tool, capability: step.capability!, arguments: step.arguments,
          access: step.access ?? "read", stepRisk: step.stages.risk.step_risk ?? 0, untrusted: isUntrusted(step.provenance),
          guardSignal: step.stages.guard.verdict === "signal", approvalId: step.approved_by, bundleRowId: bundle.rowId,
          policyVersion: decision.policy.version, ttlSeconds: bundle.content.token_ttl_seconds, now, jti: clock?.id ? newId(clock, "ct", 16) : undefined,
        });
        if (granted) grants.set(step.index, granted);
        else {
          // the approval it relied on was used meanwhile: ask again rather than grant twice
          step.decision = "require_approval";
          step.reasons.push(`step ${step.index}: the approval ${step.approved_by} was already used; a new approval is needed`);
          approvals.set(step.index, await ask(step));
        }
      }
    }));
    if (decision.decision === "allow" && decision.steps.some((s) => s.decision === "require_approval")) decision.decision = "require_approval";
  }

  lap("grants");
  await storeEvents(decisionEvents(agentId, traceId, evaluationId, now, body, decision, mode, grants, approvals).map((event) => ({ event, raw: JSON.stringify(event), format: "system" as const })));

  lap("events");
  const firstApproval = decision.steps.map((s) => approvals.get(s.index)).find(Boolean) ?? null;
  return {
    decision: decision.decision,
    trace_id: traceId,
    evaluation_id: evaluationId,
    mode,
    policy: decision.policy,
    r_total: decision.r_total,
    r_executed: decision.r_executed,
    thresholds: decision.thresholds,
    steps: decision.steps.map((s) => ({
      index: s.index,
      tool: s.tool,
      capability: s.capability,
      decision: s.decision,
      reasons: s.reasons,
      determining_policies: s.stages.policy.determining,
      stages: Object.fromEntries(Object.entries(s.stages).map(([k, v]) => [k, v])) as Record<string, { verdict: string; reason: string }>,
      risk: s.stages.risk.step_risk !== undefined
        ? { r_step: s.stages.risk.r_step!, e: s.stages.risk.e!, t: s.stages.risk.t!, b: s.stages.risk.b!, step_risk: s.stages.risk.step_risk!, r_total: s.stages.risk.r_total! }
        : null,
      arguments_hash: s.arguments_hash,
      approval: approvals.get(s.index) ?? null,
      token: grants.get(s.index) ?? null,
    })),
    approval: firstApproval,
    reason_chain: decision.reason_chain,
    budget: decision.budget,
  };
}

function decisionEvents(
  agentId: string, traceId: string, evaluationId: string, now: Date, body: EvaluateBody, decision: Decision, mode: Mode,
  grants: Map<number, { jti: string }>, approvals: Map<number, { id: string; status: string }>,
): RuntimeEvent[] {
  const ts = now.toISOString();
  const flags: RuntimeEvent["flags"] = mode === "explain" ? ["explain"] : mode === "dry_run" ? ["dry_run"] : undefined;
  const policy = { bundle_id: decision.policy.bundle_id, version: decision.policy.version };
  let n = 0;
  const base = (type: string, stage: RuntimeEvent["stage"], extra: Partial<RuntimeEvent>): RuntimeEvent => ({
    id: `${evaluationId}_${++n}`, trace_id: traceId, timestamp: ts, type, stage, agent: { id: agentId }, schema_version: SCHEMA_VERSION,
    ...(flags ? { flags } : {}), ...extra,
  });
  if (mode === "explain") {
    return [base("decision.explained", "decision", {
      decision: "explain",
      reasons: decision.reason_chain,
      policy: { ...policy, determining: [...new Set(decision.steps.flatMap((s) => s.stages.policy.determining))] },
      risk: { r_total: decision.r_total },
      plan: { intent: body.plan.intent ?? null, steps: decision.steps.map((s) => ({ index: s.index, tool: s.tool, arguments: s.arguments as never, intent: s.intent })) },
      payload: { evaluation_id: evaluationId, would_decide: decision.decision, steps: decision.steps.map(stepPayload), budget: decision.budget, gate: decision.gate },
    })];
  }
  const events: RuntimeEvent[] = [];
  const planEvent = base("plan.submitted", "plan", {
    decision: "pending",
    plan: { id: evaluationId, intent: body.plan.intent ?? null, steps: decision.steps.map((s) => ({ index: s.index, tool: s.tool, intent: s.intent, capability: s.capability, arguments: s.arguments as never, provenance: s.provenance })) },
    payload: { evaluation_id: evaluationId, context: body.context ?? null },
  });
  events.push(planEvent);
  for (const s of decision.steps) {
    // arguments and provenance are recorded once per step, on the step's decision event (and in plan.submitted)
    const common = { step: s.index, tool: s.tool };
    const cap = base("capability.checked", "capability", { ...common, parent_id: planEvent.id, decision: verdictOf(s.stages.capability.verdict), reasons: [s.stages.capability.reason || s.stages.identity.reason] });
    events.push(cap);
    const guard = base("guard.scanned", "context", { step: s.index, tool: s.tool, parent_id: cap.id, decision: s.stages.guard.verdict === "fail" ? "block" : "observed", reasons: s.stages.guard.reason ? [s.stages.guard.reason] : undefined, payload: { score: s.stages.guard.score, findings: s.stages.guard.findings, ...(s.stages.guard.window ? { window: s.stages.guard.window } : {}) } });
    events.push(guard);
    const pol = base("policy.evaluated", "policy", { step: s.index, tool: s.tool, parent_id: guard.id, decision: verdictOf(s.stages.policy.verdict, s.stages.policy.require_approval), reasons: s.stages.policy.reason ? [s.stages.policy.reason] : undefined, policy: { ...policy, determining: s.stages.policy.determining } });
    events.push(pol);
    const bud = base("budget.checked", "budget", { step: s.index, tool: s.tool, parent_id: pol.id, decision: verdictOf(s.stages.budget.verdict), reasons: s.stages.budget.reason ? [s.stages.budget.reason] : undefined, budget: { limits: decision.budget.limits, usage: decision.budget.trace, violations: s.stages.budget.limit ? [s.stages.budget.limit] : [] } });
    events.push(bud);
    const r = s.stages.risk;
    const risk = base("risk.scored", "risk", {
      step: s.index, tool: s.tool, parent_id: bud.id, decision: r.verdict === "fail" ? (decision.gate.kind === "halt" ? "block" : "require_approval") : r.verdict === "pass" ? "allow" : "observed",
      reasons: r.reason ? [r.reason] : undefined,
      risk: r.step_risk !== undefined ? { r_step: r.r_step, e: r.e, t: r.t, b: r.b, step_risk: r.step_risk, r_total: r.r_total } : undefined,
      payload: r.escalation ? { escalation: r.escalation, trust: r.trust ?? null, thresholds: decision.thresholds } : undefined,
    });
    events.push(risk);
    const approval = approvals.get(s.index);
    const grant = grants.get(s.index);
    const dec = base(s.decision === "require_approval" ? "human_approval_required" : "decision.made", "decision", {
      step: s.index, tool: s.tool, arguments: s.arguments as never, parent_id: risk.id,
      provenance: s.provenance.length ? s.provenance : undefined,
      decision: s.decision === "pending" ? "pending" : s.decision,
      reasons: s.reasons, policy: { ...policy, determining: s.stages.policy.determining },
      risk: r.step_risk !== undefined ? { step_risk: r.step_risk, r_total: decision.r_total } : undefined,
      ...(approval ? { approval: { id: approval.id, status: approval.status } } : {}),
      ...(grant ? { token_jti: grant.jti } : {}),
      payload: { evaluation_id: evaluationId, arguments_hash: s.arguments_hash, ...(s.approved_by ? { approved_by: s.approved_by } : {}) },
    });
    events.push(dec);
    if (approval) {
      events.push(base("approval.requested", "approval", { step: s.index, tool: s.tool, parent_id: dec.id, decision: "pending", approval: { id: approval.id, status: approval.status }, reasons: s.reasons }));
    }
  }
  // last, the plan's overall outcome: it is what the trace's final decision shows
  events.push(base("evaluation.completed", "decision", {
    parent_id: planEvent.id, decision: decision.decision, reasons: [decision.steps.flatMap((s) => s.decision === decision.decision ? s.reasons : [])[0] ?? decision.reason_chain.at(-1)!, ...decision.reason_chain],
    policy: { ...policy, determining: [...new Set(decision.steps.flatMap((s) => s.stages.policy.determining))] },
    risk: { r_total: decision.r_total }, payload: { evaluation_id: evaluationId, gate: decision.gate, budget: decision.budget },
  }));
  return events;
}

function verdictOf(v: string, needsApproval = false): RuntimeEvent["decision"] {
  if (v === "fail") return "block";
  if (v === "pass") return needsApproval ? "require_approval" : "allow";
  return "observed";
}

function stepPayload(s: StepDecision) {
  return { index: s.index, tool: s.tool, capability: s.capability, decision: s.decision, reasons: s.reasons, stages: s.stages };
}
