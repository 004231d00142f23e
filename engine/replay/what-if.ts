import { EVENT, INTERCEPTOR_EVENT } from "../events/decision-events";
import type { RecordedEvent } from "@/engine/events/recorded";
import type { Provenance, RuntimeEvent } from "@/engine/events/schema";
import { evaluate, noBundleDecision, stepBinding, type ActiveBundle, type Decision, type EngineState, type PlanInput, type StepDecision } from "@/engine/evaluate";
import { capabilityForTool, type Access } from "@/engine/policy/bundle";
import { isUntrusted, trustModifier, type ExecutedStep } from "@/engine/risk/chain-risk";
import { diffReconstruction } from "./diff";
import { allSteps, isDecisionEvent, reconstructTrace } from "./reconstruct";
import type { BaselineSource } from "./constants";
import type { DecisionValue, DecisionView, FlipTrace, ReplayStep, StepClass, TraceWhatIf, WhatIfSummary } from "./schemas";
import { outcomeOf, outcomeWithDecisions } from "./trace-outcome";

/**
 * What-if replay: the plans recorded in a trace, re-decided by the engine under a candidate policy bundle, each one
 * against the trace as it stood just before the recorded decision (executions, cost, approvals counted from the
 * events before it, as the server counts them). Pure and in memory: nothing is written anywhere; the caller stores
 * the flips. Events are consumed one at a time (`push`), so a long trace can be streamed page by page.
 *
 * Which recorded evaluations are compared (README-what-if.md has the details and the approximations):
 *  - `engine`: plan.submitted written by the decision engine, with its per-step decision.made /
 *    human_approval_required events (matched by payload.evaluation_id);
 *  - `agent_plan`: a plan an agent sent (plan.proposed, or any other plan-stage event carrying plan.steps), with the
 *    first decision.made (else human_approval_required) per step index until the next plan of the trace;
 *  - `agent_step`: a decision.made whose step is in no open plan (e.g. one decision per call of a long crawl): a
 *    one-step plan with the tool, arguments and provenance of that decision event.
 * Events flagged explain or dry_run are skipped and not counted.
 *
 * Baseline: each evaluation is also re-decided under the bundle that was in force when it was recorded (resolved by
 * the caller from the recorded policy reference, `WhatIfOptions.baseline`). A step is then classed
 * `changed_by_candidate` (baseline ≠ candidate: the policy change moves it), `recorded_differs` (baseline ≠ recorded
 * but candidate = baseline: the record was not made by this engine/bundle) or `unchanged`.
 */

// The answers that leave the engine (the summary, decision views, a trace's answer, a flip's trace) are z.infer of
// the schemas in schemas.ts (one home per schema), re-exported here; the replayer's working types stay below.
export type { BaselineSource } from "./constants";
export type { DecisionView, FlipTrace, StepClass, TraceWhatIf, WhatIfSummary } from "./schemas";

export type RecordedDecision = DecisionValue;
export type EvaluationSource = "engine" | "agent_plan" | "agent_step";

export type AgentInfo = NonNullable<EngineState["agent"]>;

export const STEP_CLASSES = ["changed_by_candidate", "recorded_differs"] as const;

export type BaselineRef = { bundle_id: string | null; version: string | number | null; environment: string; agent_id: string };
export type Baseline = {
  bundle: ActiveBundle | null;
  source: BaselineSource;
  /** for people: "production v3", "production v4 (active now)" */
  label: string;
  row_id: string | null;
  /** same content as the candidate: the candidate's decisions are reused (no second evaluation) */
  same_as_candidate: boolean;
};

export type StepComparison = {
  trace_id: string;
  evaluation_id: string;
  source: EvaluationSource;
  step_index: number;
  tool: string;
  agent_id: string;
  /** when the recorded decision was made (the plan event's timestamp) */
  at: string;
  class: StepClass;
  recorded: RecordedDecision;
  baseline: RecordedDecision;
  candidate: RecordedDecision;
  /**
   * The pair that differs in this step's class, stored as what_if_flips.before/after: changed_by_candidate →
   * baseline → candidate; recorded_differs → recorded → engine (baseline = candidate); unchanged → recorded → candidate.
   */
  before: RecordedDecision;
  after: RecordedDecision;
  reasons_before: string[];
  reasons_after: string[];
  detail: FlipDetail;
};

export type FlipDetail = {
  class: StepClass;
  source: EvaluationSource;
  plan_intent: string | null;
  recorded_seq: number;
  recorded_policy: { bundle_id: string | null; version: string | number | null } | null;
  recorded: DecisionView;
  baseline: DecisionView & { bundle: string; bundle_source: BaselineSource; bundle_row_id: string | null };
  candidate: DecisionView & { stages: Record<string, { verdict: string; reason: string }> };
  /** the step's trace: its recorded decision (traceOutcome's), the re-decided ones, and its foreign label */
  trace: FlipTrace;
};

export type WhatIfError = { trace_id: string; evaluation_id: string; message: string };

export type WhatIfOptions = {
  /** registered agents by id; an agent not listed is taken from the event's agent reference */
  agents?: ReadonlyMap<string, AgentInfo> | Record<string, AgentInfo>;
  /** compare only evaluations recorded in [from, to] and by this agent (state still counts everything before) */
  from?: Date;
  to?: Date;
  agent?: string;
  /**
   * The bundle in force when a decision was recorded, from its policy reference (called once per evaluation; the
   * caller caches). Without it the recorded decision stands in for the baseline.
   */
  baseline?: (ref: BaselineRef) => Baseline;
};

export const flipKind = (before: string, after: string) => `${before}→${after}`;

export function emptySummary(): WhatIfSummary {
  return {
    evaluations: 0, steps: 0, unchanged: 0, unrecorded: 0, flips: {}, recorded_differs: {}, recorded_differs_foreign: 0, baselines: {},
    traces: { compared: 0, unchanged: 0, changed_by_candidate: 0, recorded_differs: 0, foreign: 0 }, errors: 0,
  };
}

export function addSummary(into: WhatIfSummary, s: WhatIfSummary): WhatIfSummary {
  into.evaluations += s.evaluations;
  into.steps += s.steps;
  into.unchanged += s.unchanged;
  into.unrecorded += s.unrecorded;
  into.errors += s.errors;
  into.recorded_differs_foreign += s.recorded_differs_foreign;
  for (const k of Object.keys(into.traces) as Array<keyof WhatIfSummary["traces"]>) into.traces[k] += s.traces[k];
  for (const [k, n] of Object.entries(s.flips)) into.flips[k] = (into.flips[k] ?? 0) + n;
  for (const [k, n] of Object.entries(s.recorded_differs)) into.recorded_differs[k] = (into.recorded_differs[k] ?? 0) + n;
  for (const [k, b] of Object.entries(s.baselines)) into.baselines[k] = { source: b.source, steps: (into.baselines[k]?.steps ?? 0) + b.steps };
  return into;
}

const VERDICT: ReadonlySet<string> = new Set(["allow", "block", "require_approval", "pending"]);
const PLAN_TYPES_SKIPPED: ReadonlySet<string> = new Set<string>([EVENT.decisionExplained]);
// the engine's execution reports and an imported interceptor log's
const EXECUTIONS: ReadonlySet<string> = new Set<string>([EVENT.toolExecuted, EVENT.toolFailed, INTERCEPTOR_EVENT.toolExecuted, INTERCEPTOR_EVENT.toolFailed]);

type Compared = {
  open: OpenEvaluation;
  index: number;
  tool: string;
  rec: { event: RuntimeEvent; seq: number };
  baseline: Baseline;
  /** null: no baseline resolver, the recorded decision stands in */
  baseView: DecisionView | null;
  candidateView: FlipDetail["candidate"];
};

type Grant = { step_risk: number; provenance: Provenance[]; guard_signal: boolean };
type Approval = { id: string; binding: string | null; status: string; projected_risk: number; token_jti: string | null };

type OpenEvaluation = {
  evaluation_id: string;
  source: EvaluationSource;
  agent_id: string;
  at: string;
  seq: number;
  intent: string | null;
  environment: string;
  policy: FlipDetail["recorded_policy"];
  /** kept until close: the baseline is evaluated once the recorded policy reference is known */
  plan: PlanInput | null;
  state: EngineState | null;
  steps: StepDecision[];
  r_total: number;
  reason_chain: string[];
  recorded: Map<number, { event: RuntimeEvent; seq: number }>;
  error: string | null;
};

/** human_approval_required (or the interceptor's approval_required): stands in for a step's decision only when there is no other */
const isApprovalRequired = (e: RuntimeEvent) => e.type === EVENT.approvalRequired || e.type === INTERCEPTOR_EVENT.approvalRequired;
const isSkipped = (e: RuntimeEvent) => (e.flags ?? []).some((f) => f === "explain" || f === "dry_run");

/**
 * Re-decides the evaluations of one trace under `bundle`. Feed the trace's events in chain order with `push`, then
 * call `finish` for the last comparisons. `compare` is called once per compared step, in chain order.
 */
export class WhatIfReplayer {
  readonly summary: WhatIfSummary = emptySummary();
  readonly errors: WhatIfError[] = [];
  /** the trace's recorded answer beside its re-decided ones; set by `finish` */
  trace: TraceWhatIf | null = null;
  /** every event of the trace: its recorded answer is `traceOutcome`'s, read once the trace is whole */
  private events: RecordedEvent[] = [];
  /** steps re-decided, compared in `finish` against the trace's outcome */
  private compared: Compared[] = [];
  private traceId: string | null = null;
  private startedAt: Date | null = null;
  private toolCalls = 0;
  private toolCounts: Record<string, number> = {};
  private cost = 0;
  private executed: ExecutedStep[] = [];
  private capabilities = new Map<string, { name: string; access: Access; r_step: number } | null>();
  private grantsByJti = new Map<string, Grant>();
  private lastGrantByStep = new Map<string, Grant>();
  private approvals = new Map<string, Approval>();
  private decisionByApproval = new Map<string, RuntimeEvent>();
  private contentByRef = new Map<string, string>();
  private guardSignals = new Set<string>();
  private engineOpen = new Map<string, OpenEvaluation>();
  private agentOpen: OpenEvaluation | null = null;
  private readonly agents: ReadonlyMap<string, AgentInfo>;

  constructor(
    private readonly bundle: ActiveBundle,
    private readonly onStep: (c: StepComparison) => void,
    private readonly opts: WhatIfOptions = {},
  ) {
    const a = opts.agents;
    this.agents = a instanceof Map ? a : new Map(Object.entries((a ?? {}) as Record<string, AgentInfo>));
  }

  push(r: RecordedEvent): void {
    const e = r.event;
    if (this.traceId !== null && r.trace_id !== this.traceId) throw new Error(`WhatIfReplayer takes one trace; got ${r.trace_id} after ${this.traceId}`);
    this.traceId = r.trace_id;
    this.events.push(r);
    if (!this.startedAt) this.startedAt = new Date(e.timestamp);
    if (isSkipped(e)) return;

    // 1. an evaluation starts: decide it now, against the state before this event
    const isPlan = !!e.plan?.steps?.length && (e.type === EVENT.planSubmitted || e.stage === "plan") && !PLAN_TYPES_SKIPPED.has(e.type);
    if (isPlan) {
      const engineId = e.type === EVENT.planSubmitted ? evaluationIdOf(e) : null;
      if (engineId) {
        this.engineOpen.set(engineId, this.open(e, r.seq, engineId, "engine", false));
      } else {
        if (this.agentOpen) this.close(this.agentOpen);
        this.agentOpen = this.open(e, r.seq, e.plan?.id || e.id, "agent_plan", true);
      }
    }

    // 2. a recorded decision: attach it to its evaluation, or compare it as a one-step plan of its own
    const index = isDecisionEvent(e) ? e.step ?? this.stepOfTool(e) : null;
    if (index != null && e.decision && VERDICT.has(e.decision)) {
      const evId = evaluationIdOf(e);
      const engine = evId ? this.engineOpen.get(evId) : undefined;
      if (engine) attach(engine, e, r.seq, index);
      else if (this.agentOpen && this.agentOpen.steps.some((s) => s.index === index) && canAttach(this.agentOpen, e, index)) attach(this.agentOpen, e, r.seq, index);
      else if (!isApprovalRequired(e) && e.tool && e.step != null) {
        const one = this.open(e, r.seq, e.id, "agent_step", true);
        attach(one, e, r.seq, e.step);
        this.close(one);
      }
      this.rememberGrant(e);
    }
    if (e.type === EVENT.evaluationCompleted) {
      const id = evaluationIdOf(e);
      const open = id ? this.engineOpen.get(id) : undefined;
      if (open) {
        this.close(open);
        this.engineOpen.delete(id!);
      }
    }

    // 3. fold the event into the state later evaluations see
    this.fold(e);
  }

  /**
   * Closes what is still open (the trace's last plans), then compares every re-decided step with the trace's
   * recorded outcome and calls `compare` for each, in chain order. Returns the summary of this trace.
   */
  finish(): WhatIfSummary {
    for (const open of this.engineOpen.values()) this.close(open);
    this.engineOpen.clear();
    if (this.agentOpen) this.close(this.agentOpen);
    this.agentOpen = null;
    if (this.traceId !== null && !this.trace) this.compareTrace();
    this.events = [];
    return this.summary;
  }

  /**
   * The step of the open agent plan a decision without a step index is about (an imported interceptor line names
   * only its tool): the first step with that tool not yet decided, else the first with that tool.
   */
  private stepOfTool(e: RuntimeEvent): number | null {
    const open = this.agentOpen;
    if (!open || !e.tool) return null;
    const same = open.steps.filter((s) => s.tool === e.tool);
    return (same.find((s) => !open.recorded.has(s.index)) ?? same[0])?.index ?? null;
  }

  private inScope(agentId: string, at: string): boolean {
    const t = Date.parse(at);
    if (this.opts.from && t < this.opts.from.getTime()) return false;
    if (this.opts.to && t > this.opts.to.getTime()) return false;
    if (this.opts.agent && this.opts.agent !== agentId) return false;
    return true;
  }

  private agentFor(e: RuntimeEvent): AgentInfo {
    const known = this.agents.get(e.agent.id);
    // what-if isolates the policy: today's enable switch of the agent is not part of the history being replayed
    if (known) return { ...known, disabled: false };
    return {
      id: e.agent.id, name: e.agent.name ?? e.agent.id, disabled: false, trust_level: e.agent.trust_level ?? "unverified",
      environment: e.agent.environment ?? "unknown", owner: e.agent.owner ?? "",
    };
  }

  private open(e: RuntimeEvent, seq: number, evaluationId: string, source: EvaluationSource, enrich: boolean): OpenEvaluation {
    const steps: PlanInput["steps"] = source === "agent_step"
      ? [{ index: e.step!, tool: e.tool!, arguments: e.arguments, provenance: e.provenance ?? [], intent: undefined }]
      : (e.plan?.steps ?? []).map((s, i) => ({ index: s.index ?? i + 1, tool: s.tool, arguments: s.arguments, provenance: s.provenance ?? [], intent: s.intent ?? undefined }));
    if (enrich) for (const s of steps) s.provenance = (s.provenance ?? []).map((p) => this.withContent(p));
    const open: OpenEvaluation = {
      evaluation_id: evaluationId, source, agent_id: e.agent.id, at: e.timestamp, seq, intent: e.plan?.intent ?? null,
      environment: e.agent.environment ?? this.agents.get(e.agent.id)?.environment ?? "unknown",
      policy: null, plan: null, state: null, steps: [], r_total: 0, reason_chain: [], recorded: new Map(), error: null,
    };
    if (!this.inScope(e.agent.id, e.timestamp)) return { ...open, error: "out_of_scope" };
    try {
      const plan: PlanInput = { intent: e.plan?.intent ?? undefined, steps };
      const state = this.state(e);
      const d = evaluate(plan, this.bundle, state);
      open.steps = d.steps;
      open.r_total = d.r_total;
      open.reason_chain = d.reason_chain;
      if (this.opts.baseline) {
        open.plan = plan;
        open.state = state;
      }
    } catch (err) {
      open.error = err instanceof Error ? err.message : String(err);
    }
    return open;
  }

  /** The bundle in force when the evaluation was recorded, and its decision (null: the record stands in). */
  private baselineOf(open: OpenEvaluation): { baseline: Baseline; decision: Decision | null } {
    const resolve = this.opts.baseline;
    if (!resolve || !open.plan || !open.state) return { baseline: { bundle: null, source: "record", label: "recorded decision", row_id: null, same_as_candidate: false }, decision: null };
    const baseline = resolve({ bundle_id: open.policy?.bundle_id ?? null, version: open.policy?.version ?? null, environment: open.environment, agent_id: open.agent_id });
    if (baseline.same_as_candidate) return { baseline, decision: null };
    const decision = baseline.bundle ? evaluate(open.plan, baseline.bundle, open.state) : noBundleDecision(open.plan, open.state, open.environment);
    return { baseline, decision };
  }

  private close(open: OpenEvaluation): void {
    if (open.error === "out_of_scope") return;
    this.summary.evaluations++;
    let base: { baseline: Baseline; decision: Decision | null } | null = null;
    if (!open.error) {
      try {
        base = this.baselineOf(open);
      } catch (err) {
        open.error = `baseline: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    open.plan = null;
    open.state = null;
    if (open.error || !base) {
      this.summary.errors++;
      this.errors.push({ trace_id: this.traceId!, evaluation_id: open.evaluation_id, message: open.error ?? "no baseline" });
      return;
    }
    const { baseline, decision: baseDecision } = base;
    for (const s of open.steps) {
      const rec = open.recorded.get(s.index);
      if (!rec) {
        this.summary.unrecorded++;
        continue;
      }
      const candidate = s.decision;
      const stageLine = (chain: string[], st: StepDecision) => chain.find((l) => l.startsWith(`step ${st.index} ${st.tool}:`));
      const line = stageLine(open.reason_chain, s);
      const candidateView: FlipDetail["candidate"] = {
        decision: candidate, reasons: [...s.reasons, ...(line ? [line] : [])], determining: s.stages.policy.determining,
        step_risk: s.stages.risk.step_risk ?? null, r_total: open.r_total,
        stages: Object.fromEntries(Object.entries(s.stages).map(([k, v]) => [k, { verdict: v.verdict, reason: v.reason }])),
      };
      let baseView: DecisionView | null;
      if (baseline.source === "record") baseView = null; // the recorded decision stands in: known once the trace is read whole
      else if (!baseDecision) baseView = { decision: candidate, reasons: candidateView.reasons, determining: candidateView.determining, step_risk: candidateView.step_risk, r_total: candidateView.r_total };
      else {
        const b = baseDecision.steps.find((x) => x.index === s.index);
        const bl = b ? stageLine(baseDecision.reason_chain, b) : undefined;
        baseView = b
          ? { decision: b.decision, reasons: [...b.reasons, ...(bl ? [bl] : [])], determining: b.stages.policy.determining, step_risk: b.stages.risk.step_risk ?? null, r_total: baseDecision.r_total }
          : { decision: "block", reasons: ["the baseline did not decide this step"], determining: [], step_risk: null, r_total: baseDecision.r_total };
      }
      this.compared.push({ open, index: s.index, tool: s.tool, rec, baseline, baseView, candidateView });
    }
  }

  /**
   * Compares what was re-decided with the trace's recorded answer, now that the whole trace is read: each step's
   * recorded decision, and the trace's, are `traceOutcome`'s (the list, header and diff show the same); the trace's
   * baseline and candidate decisions are that outcome with the engine's step decisions in place of the recorded ones.
   */
  private compareTrace(): void {
    const rec = reconstructTrace(this.events);
    const outcome = outcomeOf(diffReconstruction(rec));
    const stepBySeq = new Map<number, ReplayStep>();
    for (const s of allSteps(rec)) for (const d of [...s.earlier_decisions, ...(s.decision ? [s.decision] : [])]) stepBySeq.set(d.seq, s);
    const recordedOf = new Map(outcome.steps.map((s) => [s.key, s.recorded]));

    const baselineByStep = new Map<string, RecordedDecision>();
    const candidateByStep = new Map<string, RecordedDecision>();
    const rows = this.compared.map((c) => {
      const step = stepBySeq.get(c.rec.seq);
      const d = step?.decision;
      const e = c.rec.event;
      const recordedView: DecisionView = step && d
        ? { decision: recordedOf.get(step.key) ?? d.value, reasons: d.reasons, determining: d.determining, step_risk: d.risk?.step_risk ?? null, r_total: d.risk?.r_total ?? null }
        : { decision: e.decision as RecordedDecision, reasons: e.reasons ?? [], determining: e.policy?.determining ?? [], step_risk: e.risk?.step_risk ?? null, r_total: e.risk?.r_total ?? null };
      const recorded = recordedView.decision;
      const baseView = c.baseView ?? recordedView;
      if (step) {
        baselineByStep.set(step.key, baseView.decision);
        candidateByStep.set(step.key, c.candidateView.decision);
      }
      return { c, recorded, recordedView, baseView };
    });
    const traceRecorded = outcome.decision;
    const traceBaseline = outcomeWithDecisions(rec, baselineByStep, outcome).decision;
    const traceCandidate = outcomeWithDecisions(rec, candidateByStep, outcome).decision;
    const traceClass: StepClass = traceBaseline !== traceCandidate ? "changed_by_candidate" : traceRecorded !== traceBaseline ? "recorded_differs" : "unchanged";
    this.trace = {
      trace_id: this.traceId!, recorded: { decision: traceRecorded, verdict: outcome.verdict, reason: outcome.reason },
      baseline: traceBaseline, candidate: traceCandidate, class: traceClass, foreign: outcome.foreign, steps: rows.length,
    };
    const t = this.summary.traces;
    t.compared++;
    t[traceClass]++;
    if (outcome.foreign) t.foreign++;
    const traceView: FlipDetail["trace"] = { recorded: traceRecorded, baseline: traceBaseline, candidate: traceCandidate, foreign: outcome.foreign };

    for (const { c, recorded, recordedView, baseView } of rows) {
      const { open, baseline, candidateView } = c;
      const candidate = candidateView.decision;
      const cls: StepClass = baseView.decision !== candidate ? "changed_by_candidate" : recorded !== baseView.decision ? "recorded_differs" : "unchanged";
      this.summary.steps++;
      const bl = this.summary.baselines[baseline.label] ?? { source: baseline.source, steps: 0 };
      bl.steps++;
      this.summary.baselines[baseline.label] = bl;
      const [from, to] = cls === "recorded_differs" ? [recordedView, baseView] : cls === "changed_by_candidate" ? [baseView, candidateView] : [recordedView, candidateView];
      if (cls === "unchanged") this.summary.unchanged++;
      else {
        const counts = cls === "changed_by_candidate" ? this.summary.flips : this.summary.recorded_differs;
        const k = flipKind(from.decision, to.decision);
        counts[k] = (counts[k] ?? 0) + 1;
        if (cls === "recorded_differs" && outcome.foreign) this.summary.recorded_differs_foreign++;
      }
      this.onStep({
        trace_id: this.traceId!, evaluation_id: open.evaluation_id, source: open.source, step_index: c.index, tool: c.tool, agent_id: open.agent_id,
        at: open.at, class: cls, recorded, baseline: baseView.decision, candidate,
        before: from.decision, after: to.decision, reasons_before: from.reasons, reasons_after: to.reasons,
        detail: {
          class: cls, source: open.source, plan_intent: open.intent, recorded_seq: c.rec.seq,
          recorded_policy: c.rec.event.policy ? { bundle_id: c.rec.event.policy.bundle_id ?? null, version: c.rec.event.policy.version ?? null } : null,
          recorded: recordedView,
          baseline: { ...baseView, bundle: baseline.label, bundle_source: baseline.source, bundle_row_id: baseline.row_id },
          candidate: candidateView,
          trace: traceView,
        },
      });
    }
    this.compared = [];
  }

  /** The engine's state as the server would have loaded it just before event `e`. */
  private state(e: RuntimeEvent): EngineState {
    const agent = this.agentFor(e);
    const executed = this.executed.slice();
    const usage = { tool_calls: this.toolCalls, tool_counts: { ...this.toolCounts }, cost_usd: this.cost };
    return {
      traceId: this.traceId!,
      now: new Date(e.timestamp),
      agent,
      executed,
      trace: { ...usage, started_at: this.startedAt },
      // approximation: the agent's usage that day is known here only from this trace (see README-what-if.md)
      agentToday: { ...usage, tool_counts: { ...usage.tool_counts } },
      approvals: [...this.approvals.values()].filter((a) => a.binding && a.status === "approved").map((a) => ({ id: a.id, binding: a.binding!, status: a.status, projected_risk: a.projected_risk, token_jti: a.token_jti })),
    };
  }

  private rememberGrant(e: RuntimeEvent): void {
    const prov = e.provenance ?? [];
    const g: Grant = { step_risk: e.risk?.step_risk ?? 0, provenance: prov, guard_signal: this.guardSignals.has(`${e.step}:${e.tool ?? ""}`) };
    if (e.token_jti) this.grantsByJti.set(e.token_jti, g);
    this.lastGrantByStep.set(`${e.step}:${e.tool ?? ""}`, g);
    if (e.approval?.id) this.decisionByApproval.set(e.approval.id, e);
  }

  private fold(e: RuntimeEvent): void {
    // provenance content seen so far, for plan steps that reference a source without repeating its text
    for (const p of e.provenance ?? []) {
      const text = p.content ?? (typeof (e.payload as { excerpt?: unknown } | undefined)?.excerpt === "string" && (e.provenance?.length ?? 0) === 1 ? (e.payload as { excerpt: string }).excerpt : null);
      if (text) for (const k of refKeys(p)) if (!this.contentByRef.has(k)) this.contentByRef.set(k, text);
    }
    if (EXECUTIONS.has(e.type) && e.tool) {
      this.toolCalls++;
      this.toolCounts[e.tool] = (this.toolCounts[e.tool] ?? 0) + 1;
      const g = (e.token_jti && this.grantsByJti.get(e.token_jti)) || this.lastGrantByStep.get(`${e.step}:${e.tool}`);
      // capability and access as the candidate bundle maps the tool (an unmapped tool counts as a read)
      const cap = this.capabilityOf(e.tool);
      const base = { tool: e.tool, capability: cap?.name ?? "unmapped", access: cap?.access ?? ("read" as Access) };
      if (g) this.executed.push({ ...base, step_risk: g.step_risk, untrusted: isUntrusted(g.provenance), guard_signal: g.guard_signal });
      else {
        // an execution with no recorded decision: its base risk under the candidate bundle, trust from its provenance
        const prov = e.provenance ?? [];
        this.executed.push({ ...base, step_risk: Math.round((cap?.r_step ?? 0) * trustModifier(prov).t * 100) / 100, untrusted: isUntrusted(prov), guard_signal: false });
      }
    }
    if (e.cost?.usd) this.cost += e.cost.usd;
    // the guard's verdict for a step, as recorded (engine: "possible injection …" = signal; agents: guard.flagged)
    if (e.step != null && ((e.type === EVENT.guardScanned && /^possible injection/.test(e.reasons?.[0] ?? "")) || e.type === "guard.flagged")) {
      this.guardSignals.add(`${e.step}:${e.tool ?? ""}`);
    }
    if (e.approval?.id && (e.type === EVENT.approvalGranted || e.type === "approval.approved" || e.type === EVENT.approvalDenied || e.type === EVENT.approvalExpired || e.type === EVENT.capabilityGranted)) {
      const a = this.approvals.get(e.approval.id) ?? this.approvalFrom(e.approval.id, e);
      if (e.type === EVENT.approvalGranted || e.type === "approval.approved") a.status = "approved";
      else if (e.type === EVENT.approvalDenied) a.status = "denied";
      else if (e.type === EVENT.approvalExpired) a.status = "expired";
      else if (e.type === EVENT.capabilityGranted && e.token_jti) a.token_jti = e.token_jti;
      this.approvals.set(a.id, a);
    }
  }

  private capabilityOf(tool: string) {
    if (!this.capabilities.has(tool)) {
      const c = capabilityForTool(this.bundle.content, tool);
      this.capabilities.set(tool, c ? { name: c.name, access: c.capability.access, r_step: c.capability.r_step } : null);
    }
    return this.capabilities.get(tool)!;
  }

  private approvalFrom(id: string, e: RuntimeEvent): Approval {
    const d = this.decisionByApproval.get(id);
    const argsHash = (d?.payload as { arguments_hash?: unknown } | undefined)?.arguments_hash;
    const binding = d && typeof argsHash === "string" && d.step != null && d.tool ? stepBinding(e.agent.id, this.traceId!, d.step, d.tool, argsHash) : null;
    return { id, binding, status: "pending", projected_risk: d?.risk?.r_total ?? 0, token_jti: null };
  }

  private withContent(p: Provenance): Provenance {
    if (p.content) return p;
    for (const k of refKeys(p)) {
      const text = this.contentByRef.get(k);
      if (text) return { ...p, content: text };
    }
    return p;
  }
}

function refKeys(p: Provenance): string[] {
  return [p.content_hash && `h:${p.content_hash}`, p.id && `i:${p.id}`, p.origin_uri && `u:${p.origin_uri}`].filter((k): k is string => !!k);
}

function evaluationIdOf(e: RuntimeEvent): string | null {
  const id = (e.payload as { evaluation_id?: unknown } | undefined)?.evaluation_id;
  return typeof id === "string" ? id : null;
}

function canAttach(open: OpenEvaluation, e: RuntimeEvent, index: number): boolean {
  const prev = open.recorded.get(index);
  // a decision event is the step's decision; human_approval_required only stands in when there is none
  return !prev || (isApprovalRequired(prev.event) && !isApprovalRequired(e));
}

function attach(open: OpenEvaluation, e: RuntimeEvent, seq: number, index: number): void {
  if (canAttach(open, e, index)) open.recorded.set(index, { event: e, seq });
  if (!open.policy && e.policy) open.policy = { bundle_id: e.policy.bundle_id ?? null, version: e.policy.version ?? null };
}

/** Convenience over WhatIfReplayer: one trace's events in, every compared step and the summary out. */
/** `flips`: the steps whose decision the candidate changes; `recordedDiffers`: records the engine would not have made. */
export function whatIfTrace(events: RecordedEvent[], bundle: ActiveBundle, opts: WhatIfOptions = {}): { steps: StepComparison[]; flips: StepComparison[]; recordedDiffers: StepComparison[]; trace: TraceWhatIf | null; summary: WhatIfSummary; errors: WhatIfError[] } {
  const steps: StepComparison[] = [];
  const r = new WhatIfReplayer(bundle, (c) => steps.push(c), opts);
  for (const e of events) r.push(e);
  const summary = r.finish();
  return { steps, flips: steps.filter((s) => s.class === "changed_by_candidate"), recordedDiffers: steps.filter((s) => s.class === "recorded_differs"), trace: r.trace, summary, errors: r.errors };
}
