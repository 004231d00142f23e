import type { HistoryEntry } from "../context/plan-facts";
import { unauthorizedExecutionEvent, unauthorizedReason, type IssuedToken } from "../decisions/unauthorized-execution";
import { evaluate, type ActiveBundle, type EngineState, type PlanInput, type Usage } from "../evaluate";
import { AGENT_EVENT, AGENT_STAGE_OF, decisionEvents, EVENT, LEGACY_EXECUTOR, type AgentEventType, type DecisionMode } from "../events/decision-events";
import type { RecordedEvent } from "../events/recorded";
import { SCHEMA_VERSION, type Provenance, type RuntimeEvent } from "../events/schema";
import type { ExecutedStep } from "../risk/chain-risk";
import { isUntrusted } from "../risk/chain-risk";
import { compileTestBundle, testState } from "./engine-fixtures";

/**
 * In-memory stories for the engine's tests: one trace played the way an agent, the server and a reviewer would play
 * it, with no database. The agent's reports (input, context) come first; each plan is decided by the real `evaluate`
 * against the state the server would load (executions counted from the reports, the steps granted and run, approved
 * approvals, the agent's executed history); each decision is written by `decisionEvents` exactly as the decision API
 * writes it; the agent runs what the answer allows and reports each run (`tool.executed` / `tool.failed` citing the
 * token its step was granted); the server's execution check (`unauthorizedReason`) flags a run no grant covers; an
 * approval is decided by a person, the token fetched by the agent's poll, and the steps held behind it asked again.
 *
 * This mirrors lib/demo/play-scenario.ts (the seed's player) with the server's side in memory: the event shapes come
 * from the engine's constants, never from lib. Deterministic: a fixed clock, ids numbered per trace.
 */

export type StoryStep = {
  tool: string;
  intent?: string;
  args: Record<string, unknown>;
  /** the provenance the step's arguments came from (drives T and the guard); default: none */
  provenance?: Provenance[];
  /** if the engine asks for approval at this step: how the approver answers (default: nobody answers) */
  approval?: { outcome: "granted" | "denied" | "pending"; actor?: string; note?: string };
  result?: Record<string, unknown>;
  /** the provenance the result carries on (what later steps cite); default: a tool_result named after the tool */
  yields?: Provenance;
  /** the run fails with this message (tool.failed); the agent stops */
  failure?: string;
  usd?: number;
};

/** One of the agent's own reports (input, context, messages): an observation, never a decision. */
export type StoryReport = { type: AgentEventType; provenance?: Provenance[]; payload?: Record<string, unknown>; /** not before this time */ at?: Date };

export type StorySpec = {
  agent: string;
  traceId: string;
  parentTraceId?: string;
  /** when the agent's first report arrives */
  at: Date;
  mode?: DecisionMode;
  /** the agent's reports before it asks; the first one is the input, the later ones cite it as their parent */
  before?: StoryReport[];
  /** plans asked one after another in the trace (a crawler asks batch after batch, and goes on after a block) */
  plans: Array<{ intent?: string; steps: StoryStep[] }>;
  /** what the agent reports after its plans and before its output (e.g. an orchestrator's messages from its children) */
  after?: StoryReport[];
  /** the agent's summary when every step ran */
  output?: string;
  /** a legacy executor: runs a step held for approval without waiting and without a token */
  runsWithoutWaiting?: boolean;
};

type Token = IssuedToken & ExecutedStep & { arguments: unknown; approval_id: string | null };
type Approval = {
  id: string; agent_id: string; trace_id: string; step: number; tool: string; binding: string; status: string; projected_risk: number;
  token_jti: string | null; expires_at: number; decided_by: string | null;
  /** what the request stored about the step: the token issued on approval carries it */
  evidence: Omit<ExecutedStep, "tool"> & { arguments: unknown; arguments_hash: string };
};
type TraceRow = { started_at: Date; usage: Usage };

const emptyUsage = (): Usage => ({ tool_calls: 0, tool_counts: {}, cost_usd: 0 });
const copyUsage = (u: Usage): Usage => ({ tool_calls: u.tool_calls, tool_counts: { ...u.tool_counts }, cost_usd: u.cost_usd });
const HISTORY_DAYS = 365;
const HISTORY_ROWS = 500;
const EXECUTIONS: ReadonlySet<string> = new Set<string>([EVENT.toolExecuted, EVENT.toolFailed]);

/**
 * What the server holds, in memory: traces and their counted usage, the agents' usage, the capability tokens it
 * issued (and which were run), approvals, and the decision events' arguments for each token (the agent's history).
 * Stories played in one world see each other (an agent's history, its usage that day), as they would on one server.
 */
export class StoryWorld {
  readonly bundle: ActiveBundle;
  private readonly traces = new Map<string, TraceRow>();
  private readonly agentUsage = new Map<string, Usage>();
  private readonly tokens = new Map<string, Token>();
  /** tokens in the order their runs were reported */
  private readonly executedOrder: string[] = [];
  private readonly approvals = new Map<string, Approval>();

  constructor(bundle: ActiveBundle = compileTestBundle()) {
    this.bundle = bundle;
  }

  /** Plays one story; returns its events in chain order (what the server stored for the trace). */
  play(spec: StorySpec): RuntimeEvent[] {
    return new StoryPlayer(this, spec).play();
  }

  /** Ingest: chains an event, counts executions and cost, and flags a run no grant covers (the server's check). */
  store(e: RuntimeEvent, into: RuntimeEvent[], flagId: () => string): void {
    into.push(e);
    const row = this.traces.get(e.trace_id) ?? { started_at: new Date(e.timestamp), usage: emptyUsage() };
    this.traces.set(e.trace_id, row);
    if ((e.flags ?? []).some((f) => f === "explain" || f === "dry_run")) return;
    const isRun = EXECUTIONS.has(e.type) && !!e.tool;
    const cost = e.cost?.usd ?? 0;
    if (isRun || cost) {
      const agent = this.agentUsage.get(e.agent.id) ?? emptyUsage();
      for (const u of [row.usage, agent]) {
        if (isRun) {
          u.tool_calls++;
          u.tool_counts[e.tool!] = (u.tool_counts[e.tool!] ?? 0) + 1;
        }
        u.cost_usd += cost;
      }
      this.agentUsage.set(e.agent.id, agent);
    }
    if (!isRun) return;
    const t = e.token_jti ? this.tokens.get(e.token_jti) : undefined;
    let why = unauthorizedReason(e, t);
    if (!why && t) {
      t.executed_at = new Date(e.timestamp);
      this.executedOrder.push(t.jti);
      return;
    }
    why ??= "no grant covers this run";
    into.push(unauthorizedExecutionEvent(e, why, flagId(), e.timestamp));
  }

  /** What loadEngineState would read for `agent` in `traceId` at `now`. */
  state(agent: string, traceId: string, now: Date): EngineState {
    const row = this.traces.get(traceId);
    const executed = this.executedOrder.map((jti) => this.tokens.get(jti)!).filter((t) => t.trace_id === traceId);
    const cutoff = now.getTime() - HISTORY_DAYS * 86_400_000;
    const history: HistoryEntry[] = this.executedOrder
      .map((jti) => this.tokens.get(jti)!)
      .filter((t) => t.agent_id === agent && t.executed_at!.getTime() > cutoff)
      .reverse()
      .slice(0, HISTORY_ROWS)
      .map((t) => ({ trace_id: t.trace_id, tool: t.tool, arguments: t.arguments, executed_at: t.executed_at! }));
    return testState(agent, traceId, {
      now,
      executed: executed.map((t) => ({ tool: t.tool, capability: t.capability, access: t.access, step_risk: t.step_risk, untrusted: t.untrusted, guard_signal: t.guard_signal })),
      trace: { ...copyUsage(row?.usage ?? emptyUsage()), started_at: row?.started_at ?? null },
      agentToday: copyUsage(this.agentUsage.get(agent) ?? emptyUsage()),
      approvals: [...this.approvals.values()]
        .filter((a) => a.trace_id === traceId && a.agent_id === agent && a.status === "approved")
        .map((a) => ({ id: a.id, binding: a.binding, status: a.status, projected_risk: a.projected_risk, token_jti: a.token_jti })),
      history,
    });
  }

  issue(t: Omit<Token, "revoked_at" | "executed_at">): Token {
    const token: Token = { ...t, revoked_at: null, executed_at: null };
    this.tokens.set(token.jti, token);
    return token;
  }

  /** An open request with the same binding is reused, as createApprovalRequest does. */
  openApproval(a: Omit<Approval, "status" | "token_jti" | "decided_by">, now: number): Approval {
    const existing = [...this.approvals.values()].find((x) => x.binding === a.binding && x.status === "pending" && x.expires_at > now);
    if (existing) return existing;
    const fresh: Approval = { ...a, status: "pending", token_jti: null, decided_by: null };
    this.approvals.set(fresh.id, fresh);
    return fresh;
  }

  approval(id: string): Approval {
    return this.approvals.get(id)!;
  }
}

class StoryPlayer {
  private readonly events: RuntimeEvent[] = [];
  private readonly slug: string;
  private t: number;
  private n = 0;

  constructor(private readonly world: StoryWorld, private readonly s: StorySpec) {
    this.slug = s.traceId.replace(/^tr_/, "");
    this.t = s.at.getTime();
  }

  private id(prefix: string) {
    return `${prefix}_${this.slug}_${++this.n}`;
  }

  private post(e: RuntimeEvent) {
    this.world.store(e, this.events, () => this.id("unauth"));
  }

  private report(fields: Partial<RuntimeEvent> & { type: string; stage: RuntimeEvent["stage"] }): RuntimeEvent {
    return {
      id: this.id("evt"), trace_id: this.s.traceId, timestamp: new Date(this.t).toISOString(), agent: { id: this.s.agent }, schema_version: SCHEMA_VERSION,
      ...(this.s.parentTraceId ? { parent_trace_id: this.s.parentTraceId } : {}), ...fields,
    } as RuntimeEvent;
  }

  private agentReport(r: StoryReport, parent: string | null): RuntimeEvent {
    return this.report({
      type: r.type, stage: AGENT_STAGE_OF[r.type], decision: "observed", ...(parent ? { parent_id: parent } : {}),
      ...(r.provenance ? { provenance: r.provenance } : {}), ...(r.payload ? { payload: r.payload as never } : {}),
    });
  }

  play(): RuntimeEvent[] {
    const s = this.s;
    const mode = s.mode ?? "evaluate";
    let input: string | null = null;
    for (const r of s.before ?? []) {
      const e = this.agentReport(r, input);
      input ??= e.id;
      this.post(e);
      this.t += 500;
    }
    this.t += 400;
    let stopped: string | null = null;
    let refused: string | null = null;

    const execute = (step: StoryStep, index: number, jti: string | null, legacy = false) => {
      this.t += 300 + (index % 7) * 110;
      const common = { step: index, tool: step.tool, arguments: step.args as never, ...(jti ? { token_jti: jti } : {}), cost: { usd: step.usd ?? 0 } };
      const e = step.failure
        ? this.report({ type: AGENT_EVENT.toolFailed, stage: AGENT_STAGE_OF[AGENT_EVENT.toolFailed], ...common, decision: "observed", reasons: [step.failure], payload: { error: step.failure } })
        : this.report({
          type: AGENT_EVENT.toolExecuted, stage: AGENT_STAGE_OF[AGENT_EVENT.toolExecuted], ...common, decision: "observed",
          provenance: [step.yields ?? { source_type: "tool_result", trust_level: /^(web\.|clearbit\.|http\.)/.test(step.tool) ? "external" : "internal", source_name: step.tool }],
          payload: { result: (step.result ?? { ok: true }) as never, ...(legacy ? { [LEGACY_EXECUTOR]: "ran without waiting for the approval; no capability token" } : {}) },
        });
      this.post(e);
      if (step.failure) stopped = `${step.tool} failed`;
    };

    for (const plan of s.plans) {
      let steps = plan.steps.map((st, i) => ({ ...st, index: i + 1 }));
      while (steps.length && !stopped) {
        this.t += 200;
        const answer = this.decide(plan.intent ?? null, steps, mode);
        if (mode !== "evaluate") break;
        let continueWith: typeof steps = [];
        for (const d of answer) {
          const spec = steps.find((st) => st.index === d.index)!;
          if (d.decision === "allow" && d.jti) { execute(spec, d.index, d.jti); if (stopped) break; continue; }
          // a refused step is skipped; the steps the engine allowed still run
          if (d.decision === "block") { refused = d.reasons.at(-1) ?? `${spec.tool}: blocked`; continue; }
          if (d.decision === "require_approval" && d.approval) {
            if (s.runsWithoutWaiting) { execute(spec, d.index, null, true); stopped = `${spec.tool} ran without its approval`; break; }
            const outcome = spec.approval?.outcome ?? "pending";
            if (outcome === "pending") { stopped = `awaiting approval ${d.approval}`; break; }
            this.t += 6 * 60_000;
            this.decideApproval(d.approval, outcome === "granted" ? "approved" : "denied", spec.approval?.actor ?? "approver@example.com", spec.approval?.note ?? "");
            if (outcome === "denied") { stopped = `the approver denied ${spec.tool}`; break; }
            this.t += 2_000;
            execute(spec, d.index, this.poll(d.approval));
            if (stopped) break;
            // the steps that waited for this approval are asked again
            continueWith = steps.filter((st) => answer.some((x) => x.index === st.index && x.decision === "pending"));
            break;
          }
        }
        steps = continueWith;
      }
      // a crawler goes on with its next batch after a refused step; a failure or a wait ends the run
      if (stopped) break;
    }
    for (const r of s.after ?? []) {
      this.t = Math.max(this.t + 30_000, r.at?.getTime() ?? 0);
      this.post(this.agentReport(r, null));
    }
    this.t += 500;
    this.post(this.report({
      type: AGENT_EVENT.outputReturned, stage: AGENT_STAGE_OF[AGENT_EVENT.outputReturned], decision: "observed",
      payload: { summary: mode === "dry_run" ? "Dry run finished; nothing was executed." : mode === "explain" ? "Explained; nothing was executed." : stopped ? `Stopped: ${stopped}` : refused ? `${s.output ?? "Done"} Refused by the engine: ${refused}` : s.output ?? "Done." },
    }));
    return this.events;
  }

  /** POST /evaluate: the engine's decision against the server's state, made real (approvals, tokens) and recorded. */
  private decide(intent: string | null, steps: Array<StoryStep & { index: number }>, mode: DecisionMode) {
    const s = this.s;
    const bundle = this.world.bundle;
    const now = new Date(this.t);
    const evaluationId = this.id("ev");
    const plan: PlanInput = { ...(intent ? { intent } : {}), steps: steps.map((st) => ({ index: st.index, tool: st.tool, intent: st.intent, arguments: st.args, provenance: st.provenance })) };
    const decision = evaluate(plan, bundle, this.world.state(s.agent, s.traceId, now));
    const grants = new Map<number, { jti: string }>();
    const approvals = new Map<number, { id: string; status: string }>();
    if (mode === "evaluate") {
      for (const step of decision.steps) {
        const held = { access: step.access ?? "read", step_risk: step.stages.risk.step_risk ?? 0, untrusted: isUntrusted(step.provenance), guard_signal: step.stages.guard.verdict === "signal" };
        if (step.decision === "require_approval") {
          const a = this.world.openApproval({
            id: this.id("apr"), agent_id: s.agent, trace_id: s.traceId, step: step.index, tool: step.tool, binding: step.binding, projected_risk: decision.r_total,
            expires_at: now.getTime() + bundle.content.approvals.ttl_seconds * 1000, evidence: { ...held, capability: step.capability ?? "", arguments: step.arguments, arguments_hash: step.arguments_hash },
          }, now.getTime());
          approvals.set(step.index, { id: a.id, status: a.status });
        } else if (step.decision === "allow") {
          const t = this.world.issue({
            jti: this.id("ct"), agent_id: s.agent, trace_id: s.traceId, tool: step.tool, arguments_hash: step.arguments_hash, arguments: step.arguments,
            capability: step.capability!, ...held, approval_id: step.approved_by,
          });
          if (step.approved_by) this.world.approval(step.approved_by).token_jti = t.jti;
          grants.set(step.index, { jti: t.jti });
        }
      }
    }
    for (const e of decisionEvents({ agentId: s.agent, traceId: s.traceId, evaluationId, timestamp: now.toISOString(), intent, decision, mode, effects: { grants, approvals } })) this.post(e);
    return decision.steps.map((d) => ({ index: d.index, decision: d.decision, reasons: d.reasons, jti: grants.get(d.index)?.jti ?? null, approval: approvals.get(d.index)?.id ?? null }));
  }

  /** A person decides the approval; the transition is written into the trace (as lib/approvals records it). */
  private decideApproval(id: string, outcome: "approved" | "denied", actor: string, note: string) {
    const a = this.world.approval(id);
    a.status = outcome;
    a.decided_by = actor;
    const type = outcome === "approved" ? EVENT.approvalGranted : EVENT.approvalDenied;
    this.post(this.transition(a, type, outcome === "approved" ? "allow" : "block", actor, note || null, `${actor} ${a.status} step ${a.step} (${a.tool})${note ? `: ${note}` : ""}`));
  }

  /** The agent polls its approved request: the step's token is issued once, recorded as capability.granted. */
  private poll(id: string): string {
    const a = this.world.approval(id);
    const { arguments: args, ...held } = a.evidence;
    const t = this.world.issue({ jti: this.id("ct"), agent_id: a.agent_id, trace_id: a.trace_id, tool: a.tool, arguments: args, ...held, approval_id: a.id });
    a.token_jti = t.jti;
    this.post(this.transition(a, EVENT.capabilityGranted, "allow", a.decided_by, null, `step ${a.step} (${a.tool}) granted on approval ${a.id}`, { token_jti: t.jti, arguments: a.evidence.arguments as never }));
    return t.jti;
  }

  private transition(a: Approval, type: string, decision: RuntimeEvent["decision"], actor: string | null, note: string | null, reason: string, extra: Partial<RuntimeEvent> = {}): RuntimeEvent {
    return {
      id: this.id(`${a.id}_${type.replace(/\W/g, "_")}`), trace_id: a.trace_id, timestamp: new Date(this.t).toISOString(), type,
      stage: type === EVENT.capabilityGranted ? "decision" : "approval", agent: { id: a.agent_id }, schema_version: SCHEMA_VERSION,
      step: a.step, tool: a.tool, decision, approval: { id: a.id, status: a.status, actor, note }, reasons: [reason], ...extra,
    };
  }
}

/** One story in a world of its own. */
export function storyTrace(spec: StorySpec, world: StoryWorld = new StoryWorld()): RuntimeEvent[] {
  return world.play(spec);
}

/** Events as the chain records them: per trace, seq from 1 in the order given (the hash does not matter to readers here). */
export function recorded(events: RuntimeEvent[], traceIds?: readonly string[]): RecordedEvent[] {
  const seq = new Map<string, number>();
  return events
    .filter((e) => !traceIds || traceIds.includes(e.trace_id))
    .map((e) => {
      const s = (seq.get(e.trace_id) ?? 0) + 1;
      seq.set(e.trace_id, s);
      return { trace_id: e.trace_id, seq: s, hash: `h${s}`, event: e };
    });
}
