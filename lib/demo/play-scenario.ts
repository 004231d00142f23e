import "server-only";
import { AGENT_EVENT, AGENT_STAGE_OF, LEGACY_EXECUTOR } from "@/engine/events/decision-events";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { decideApproval, pollApprovalAsAgent } from "@/lib/approvals/approvals";
import type { Role } from "@/lib/auth/permissions";
import type { DecisionClock } from "@/lib/decisions/clock";
import { evaluatePlan } from "@/lib/decisions/evaluate-plan";
import { recordExecutionsAt } from "@/lib/decisions/record-executions";
import type { EvaluateResponse } from "@/lib/decisions/schemas";
import { storeEvents } from "@/lib/ingest/store-events";
import type { DemoScenario, DemoStep } from "./demo-data";

export type DemoApprover = { id: string; email: string; name: string; role: Role };

/** What the engine decided for a scenario, for the seed's summary and the tests. */
export type PlayedScenario = { traceId: string; evaluations: EvaluateResponse[]; ms: number };

/**
 * Plays one demo scenario the way an agent and its reviewers would: the agent's reports (input, context), then each
 * plan through evaluatePlan (the path of POST /api/v1/evaluate) at the scenario's fixed time with deterministic ids,
 * the executions the answer allows (tool.executed / tool.failed citing the granted token_jti, through ingest with the
 * same execution check as POST /api/v1/events), approvals decided by the demo approver through the real approval
 * path, the token fetched by the agent's poll, and the rest of the plan asked again after an approval.
 * A legacy executor (`runsWithoutWaiting`) runs a held step without its token; the server flags that execution.
 */
export async function playScenario(s: DemoScenario, approver: DemoApprover): Promise<PlayedScenario> {
  const started = performance.now();
  let t = s.askAt;
  let n = 0;
  const clock = (): DecisionClock => ({ now: new Date(t), id: (prefix) => `${prefix}_${s.slug}_${++n}` });
  const agentEvent = (fields: Partial<RuntimeEvent> & { type: string; stage: RuntimeEvent["stage"] }): RuntimeEvent => ({
    id: `evt_${s.slug}_x${++n}`, trace_id: s.traceId, timestamp: new Date(t).toISOString(), agent: { id: s.agentId }, schema_version: SCHEMA_VERSION,
    ...(s.parentTraceId ? { parent_trace_id: s.parentTraceId } : {}), ...fields,
  } as RuntimeEvent);
  const post = (events: RuntimeEvent[]) => storeEvents(events.map((event) => ({ event, raw: JSON.stringify(event), format: "native" as const })), { afterStore: recordExecutionsAt(() => new Date(t)) });
  await post(s.before);
  const evaluations: EvaluateResponse[] = [];
  let stopped: string | null = null;
  let refused: string | null = null;

  const execute = async (step: DemoStep, index: number, jti: string | null, legacy = false) => {
    t += 300 + (index % 7) * 110;
    const common = { step: index, tool: step.tool, arguments: step.args as never, ...(jti ? { token_jti: jti } : {}), cost: { usd: step.usd ?? 0 } };
    const e = step.failure
      ? agentEvent({ type: AGENT_EVENT.toolFailed, stage: AGENT_STAGE_OF[AGENT_EVENT.toolFailed], ...common, decision: "observed", reasons: [step.failure], payload: { error: step.failure } })
      : agentEvent({
        type: AGENT_EVENT.toolExecuted, stage: AGENT_STAGE_OF[AGENT_EVENT.toolExecuted], ...common, decision: "observed",
        provenance: [step.yields ?? { source_type: "tool_result", trust_level: /^(web\.|clearbit\.|http\.)/.test(step.tool) ? "external" : "internal", source_name: step.tool }],
        payload: { result: (step.result ?? { ok: true }) as never, ...(legacy ? { [LEGACY_EXECUTOR]: "ran without waiting for the approval; no capability token" } : {}) } });
    await post([e]);
    if (step.failure) stopped = `${step.tool} failed`;
  };

  for (const plan of s.plans) {
    let steps = plan.steps.map((st, i) => ({ ...st, index: i + 1 }));
    while (steps.length && !stopped) {
      t += 200;
      const answer = await evaluatePlan(s.agentId, {
        trace_id: s.traceId,
        plan: { intent: plan.intent, steps: steps.map((st) => ({ index: st.index, tool: st.tool, intent: st.intent, arguments: st.args as never, provenance: st.provenance })) },
      }, s.mode, undefined, clock());
      evaluations.push(answer);
      if (s.mode !== "evaluate") break;
      let continueWith: typeof steps = [];
      for (const d of answer.steps) {
        const spec = steps.find((st) => st.index === d.index)!;
        if (d.decision === "allow" && d.token) { await execute(spec, d.index, d.token.jti); if (stopped) break; continue; }
        // a refused step is skipped; the steps the engine allowed still run (the agent drops only what was refused)
        if (d.decision === "block") { refused = d.reasons.at(-1) ?? `${spec.tool}: blocked`; continue; }
        if (d.decision === "require_approval" && d.approval) {
          if (s.runsWithoutWaiting) { await execute(spec, d.index, null, true); stopped = `${spec.tool} ran without its approval`; break; }
          const outcome = spec.approval?.outcome ?? "pending";
          if (outcome === "pending") { stopped = `awaiting approval ${d.approval.id}`; break; }
          t += 6 * 60_000;
          await decideApproval(d.approval.id, outcome === "granted" ? "approved" : "denied", approver, spec.approval?.note ?? "", clock());
          if (outcome === "denied") { stopped = `the approver denied ${spec.tool}`; break; }
          t += 2_000;
          const polled = await pollApprovalAsAgent(d.approval.id, s.agentId, clock());
          await execute(spec, d.index, polled.token?.jti ?? null);
          if (stopped) break;
          // the steps that waited for this approval are asked again
          continueWith = steps.filter((st) => answer.steps.some((x) => x.index === st.index && x.decision === "pending"));
          break;
        }
        // pending: waits for an approval that is not coming in this run
        if (d.decision === "pending") continue;
      }
      steps = continueWith;
    }
    // a crawler goes on with its next batch after a refused step; a failure or a wait ends the run
    if (stopped) break;
  }
  if (s.after?.length) await post(s.after);
  t = Math.max(t, ...(s.after ?? []).map((e) => Date.parse(e.timestamp))) + 500;
  const output = agentEvent({
    type: AGENT_EVENT.outputReturned, stage: AGENT_STAGE_OF[AGENT_EVENT.outputReturned], decision: "observed",
    payload: { summary: s.mode === "dry_run" ? "Dry run finished; nothing was executed." : s.mode === "explain" ? "Explained; nothing was executed." : stopped ? `Stopped: ${stopped}` : refused ? `${s.output ?? "Done"} Refused by the engine: ${refused}` : s.output ?? "Done." },
  });
  await post([output]);
  return { traceId: s.traceId, evaluations, ms: performance.now() - started };
}
