import "server-only";
import { evaluate, noBundleDecision, type StepDecision } from "@/engine/evaluate";
import { decisionEvents, type DecisionMode } from "@/engine/events/decision-events";
import { approvalUsedReason, requireFreshApproval } from "@/engine/decisions/require-fresh-approval";
import { ApiError } from "@/lib/api/errors";
import { storeEvents } from "@/lib/ingest/store-events";
import { activeBundle } from "@/lib/policies/active-bundle";
import { isUntrusted } from "@/engine/risk/chain-risk";
import { createApprovalRequest } from "@/lib/approvals/create-approval";
import { newId, type DecisionClock } from "./clock";
import { grantStep } from "./grant-step";
import { loadEngineState } from "./load-state";
import type { EvaluateBody, EvaluateResponse } from "./schemas";

export type Mode = DecisionMode;

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
  let decision = bundle ? evaluate(plan, bundle, state) : noBundleDecision(plan, state, environment);
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
          // the approval it relied on was used meanwhile: the engine asks again rather than grant twice
          decision = requireFreshApproval(decision, step.index, approvalUsedReason(step.index, step.approved_by));
          approvals.set(step.index, await ask(decision.steps.find((s) => s.index === step.index)!));
        }
      }
    }));
  }

  lap("grants");
  const events = decisionEvents({ agentId, traceId, evaluationId, timestamp: now.toISOString(), intent: body.plan.intent ?? null, context: body.context, decision, mode, effects: { grants, approvals } });
  await storeEvents(events.map((event) => ({ event, raw: JSON.stringify(event), format: "system" as const })));

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
