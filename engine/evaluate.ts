import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import type { Provenance } from "@/engine/events/schema";
import { effectiveTrust } from "@/engine/events/schema";
import { scanProvenance, type ProvenanceScan } from "@/engine/guard/scan-provenance";
import { planFacts, type DestinationFact, type HistoryEntry, type StepFacts } from "@/engine/context/plan-facts";

/** The guard's worst window: which provenance entry and field, offsets there, for the UI to highlight. */
export type GuardStageWindow = NonNullable<ProvenanceScan["window"]>;
import { capabilityForTool, type Access, type PolicyBundleContent, type Thresholds } from "@/engine/policy/bundle";
import type { CedarAuthorizer, CedarAuthorizeRequest, CedarContext } from "@/engine/policy/cedar";
import { argumentsHash } from "@/engine/tokens/capability-token";
import { chainRisk, fmt, isUntrusted, type ChainRisk, type ExecutedStep, type Gate, type PlannedStep, type StepRisk } from "@/engine/risk/chain-risk";

/**
 * evaluate(plan, context, bundle, state): the engine's decision for every step of a plan, in the order of
 * DESIGN.md "Decisions: the engine" — identity, capability gate, guard, Cedar policy, budgets, chain risk —
 * with a reason in words for each stage. Pure: everything it knows comes in through its arguments (the lib layer
 * counts budgets from stored events and passes them as `state`), and `state.now` is the only clock.
 */

export type StepInput = { index?: number; tool: string; arguments?: unknown; provenance?: Provenance[]; intent?: string };
export type PlanInput = { intent?: string; steps: StepInput[] };

/** A compiled bundle version: `id` is the bundle's own name (content.id), `rowId` the stored version's key. */
export type ActiveBundle = { id: string; rowId: string; version: number; environment: string; content: PolicyBundleContent; authorizer: CedarAuthorizer };

export type Usage = { tool_calls: number; tool_counts: Record<string, number>; cost_usd: number };

export type EngineState = {
  traceId: string;
  now: Date;
  /** the calling agent as the server knows it (from its API key); null when unknown */
  agent: { id: string; name: string; disabled: boolean; trust_level: string; environment: string; owner: string } | null;
  executed: ExecutedStep[];
  trace: Usage & { started_at: Date | null };
  agentToday: Usage;
  /** approvals already granted in this trace: a matching binding lets its step through; the projection is accepted */
  approvals: Array<{ id: string; binding: string; status: string; projected_risk: number; token_jti: string | null }>;
  /** the agent's executed steps with their arguments, newest first, any trace (for "seen before" and fan-out) */
  history?: HistoryEntry[];
};

export type StageVerdict = { verdict: "pass" | "fail" | "signal" | "skipped"; reason: string };

export type StepDecision = {
  index: number;
  tool: string;
  intent: string | null;
  capability: string | null;
  access: Access | null;
  arguments: unknown;
  arguments_hash: string;
  binding: string;
  provenance: Provenance[];
  /** the plan-aware facts Cedar saw (null when the step stopped before policy) and the destinations behind them */
  facts: StepFacts | null;
  destinations: DestinationFact[];
  decision: "allow" | "block" | "require_approval" | "pending";
  /** the approval that already covers this step (approved, not yet used), if any */
  approved_by: string | null;
  stages: {
    identity: StageVerdict;
    capability: StageVerdict;
    guard: StageVerdict & { score: number; findings: Array<{ detector: string; category: string; score: number; evidence: string; source_name: string | null }>; window?: GuardStageWindow | null };
    policy: StageVerdict & { determining: string[]; require_approval: boolean };
    budget: StageVerdict & { limit?: string };
    risk: StageVerdict & Partial<StepRisk>;
  };
  reasons: string[];
};

export type Decision = {
  decision: "allow" | "block" | "require_approval";
  trace_id: string;
  policy: { bundle_id: string; version: number };
  r_executed: number;
  r_total: number;
  thresholds: Thresholds;
  gate: Gate;
  steps: StepDecision[];
  reason_chain: string[];
  budget: { limits: Record<string, number>; trace: Record<string, number>; agent_today: Record<string, number>; agent_limits: Record<string, number> };
};

/** The hash an approval and a token are bound to: agent, trace, step index, tool and the canonical arguments. */
export function stepBinding(agent: string, trace: string, index: number, tool: string, argumentsHash: string): string {
  return sha256Hex(canonicalJson({ agent, trace, step: index, tool, args_hash: argumentsHash }));
}

export { argumentsHash };

const EMAIL = /[A-Z0-9._%+-]+@([A-Z0-9.-]+\.[A-Z]{2,})/gi;
const URL_HOST = /\bhttps?:\/\/([^\s/:?#"'<>]+)/gi;

/**
 * Destinations anywhere in the arguments, lower-cased: email addresses, their domains ("@example.com") and URL
 * hosts; `hosts` are the bare domains/hosts, to compare with the bundle's internal domains.
 */
export function destinationsIn(args: unknown): { all: string[]; hosts: string[] } {
  const out = new Set<string>();
  const hosts = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 64) return;
    if (typeof v === "string") {
      for (const m of v.matchAll(EMAIL)) {
        out.add(m[0].toLowerCase());
        out.add("@" + m[1].toLowerCase());
        hosts.add(m[1].toLowerCase());
      }
      for (const m of v.matchAll(URL_HOST)) {
        out.add(m[1].toLowerCase());
        hosts.add(m[1].toLowerCase());
      }
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === "object") Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  visit(args, 0);
  return { all: [...out].sort(), hosts: [...hosts].sort() };
}

/** A host is internal when it is one of the organisation's domains or a subdomain of one. */
export function isInternalHost(host: string, internalDomains: readonly string[]): boolean {
  return internalDomains.some((d) => host === d || host.endsWith("." + d));
}

/** What the engine knows about one step when it asks Cedar; the agent's attributes are the bundle's, not the caller's. */
export type CedarStepFacts = {
  agent: { id: string; trust_level: string; environment: string; owner: string };
  tool: string;
  capability: string;
  access: Access;
  index: number;
  arguments: unknown;
  provenance: Provenance[];
  /** the guard's verdict: flagged = a signal below the block score; score 0..1 */
  guard: { flagged: boolean; score: number };
  stepRisk: number;
  rTotal: number;
  internalDomains: readonly string[];
  /** the plan-aware facts of this step (engine/context/plan-facts.ts), spread into the context as documented there */
  facts?: StepFacts;
};

/**
 * The one place the Cedar request (principal, resource and context record) is built from a step, so the policy
 * tests ask Cedar exactly what evaluate() asks it. Cedar has no floats: scores and risks become integer percentages.
 */
export function cedarRequestFor(f: CedarStepFacts): CedarAuthorizeRequest {
  const dest = destinationsIn(f.arguments);
  const context: CedarContext = {
    capability: f.capability, access: f.access, step_index: f.index,
    trust_levels: [...new Set(f.provenance.map((p) => effectiveTrust(p.trust_level)))].sort(),
    untrusted_provenance: isUntrusted(f.provenance),
    provenance_sources: [...new Set(f.provenance.map((p) => p.source_type))].sort(),
    guard_flagged: f.guard.flagged, guard_score: Math.round(f.guard.score * 100),
    step_risk_pct: Math.round(f.stepRisk * 100), r_total_pct: Math.round(f.rTotal * 100),
    argument_text: canonicalJson(f.arguments), destinations: dest.all,
    external_destination: dest.hosts.some((h) => !isInternalHost(h, f.internalDomains)), agent_trust: f.agent.trust_level,
    ...f.facts,
  };
  return { agent: f.agent, tool: f.tool, capability: f.capability, access: f.access, context };
}

const WRITES: ReadonlySet<Access> = new Set(["write", "outbound"]);

function writeCount(bundle: PolicyBundleContent, counts: Record<string, number>): number {
  let n = 0;
  for (const [tool, c] of Object.entries(counts)) {
    const cap = capabilityForTool(bundle, tool);
    if (cap && WRITES.has(cap.capability.access)) n += c;
  }
  return n;
}

/** No bundle is active for the agent's environment: nothing is granted (deny by default). */
export function noBundleDecision(plan: PlanInput, state: EngineState, environment: string): Decision {
  const reason = `no policy bundle is active for environment "${environment}"; nothing is allowed until one is activated`;
  const empty: StageVerdict = { verdict: "skipped", reason: "" };
  return {
    decision: "block", trace_id: state.traceId, policy: { bundle_id: "none", version: 0 }, r_executed: 0, r_total: 0,
    thresholds: { approval: 0, halt: 0 }, gate: { kind: "none" }, reason_chain: [`identity: ${reason}`, "decision: block"],
    budget: { limits: {}, trace: {}, agent_today: {}, agent_limits: {} },
    steps: plan.steps.map((s, i) => {
      const args = s.arguments === undefined ? {} : s.arguments;
      const h = argumentsHash(args);
      const index = s.index ?? i + 1;
      return {
        index, tool: s.tool, intent: s.intent ?? null, capability: null, access: null, arguments: args, arguments_hash: h,
        binding: stepBinding(state.agent?.id ?? "", state.traceId, index, s.tool, h), provenance: s.provenance ?? [], facts: null, destinations: [], decision: "block" as const,
        approved_by: null, reasons: [`step ${index}: ${reason}`],
        stages: { identity: { verdict: "fail" as const, reason }, capability: empty, guard: { ...empty, score: 0, findings: [] }, policy: { ...empty, determining: [], require_approval: false }, budget: empty, risk: empty },
      };
    }),
  };
}

export function evaluate(plan: PlanInput, bundle: ActiveBundle, state: EngineState): Decision {
  const content = bundle.content;
  const agent = state.agent;
  const grant = agent ? content.agents[agent.id] : undefined;
  const thresholds = grant?.thresholds ?? content.default_thresholds;
  const reasonChain: string[] = [];

  // identity
  let identity: StageVerdict;
  if (!agent) identity = { verdict: "fail", reason: "unknown agent: the API key does not belong to a registered agent" };
  else if (agent.disabled) identity = { verdict: "fail", reason: `agent ${agent.id} is disabled` };
  else if (!grant) identity = { verdict: "fail", reason: `agent ${agent.id} has no grants in policy bundle ${bundle.id} v${bundle.version}; nothing is allowed by default` };
  else identity = { verdict: "pass", reason: `agent ${agent.id} (${agent.name}) is registered, enabled and granted ${grant.capabilities.length} capabilities in ${bundle.id} v${bundle.version}` };
  reasonChain.push(`identity: ${identity.reason}`);

  // budgets: what the server counted, never what the caller says
  const limits = grant?.budgets ?? {};
  const agentLimits = grant?.agent_budgets ?? {};
  const elapsed = state.trace.started_at ? Math.max(0, (state.now.getTime() - state.trace.started_at.getTime()) / 1000) : 0;
  const used = {
    tool_calls: state.trace.tool_calls,
    write_operations: writeCount(content, state.trace.tool_counts),
    cost_usd: state.trace.cost_usd,
    execution_time_s: Math.round(elapsed),
  };
  const agentUsed = { tool_calls: state.agentToday.tool_calls, write_operations: writeCount(content, state.agentToday.tool_counts), cost_usd: state.agentToday.cost_usd };

  const steps = plan.steps.map((s, i) => {
    const index = s.index ?? i + 1;
    const args = s.arguments === undefined ? {} : s.arguments;
    const argsHash = argumentsHash(args);
    const cap = capabilityForTool(content, s.tool);
    return { input: s, index, args, argsHash, cap, provenance: s.provenance ?? [] };
  });

  const decisions: StepDecision[] = steps.map((s) => {
    const d: StepDecision = {
      index: s.index, tool: s.input.tool, intent: s.input.intent ?? null, capability: s.cap?.name ?? null, access: s.cap?.capability.access ?? null,
      arguments: s.args, arguments_hash: s.argsHash, binding: stepBinding(agent?.id ?? "", state.traceId, s.index, s.input.tool, s.argsHash),
      provenance: s.provenance, facts: null, destinations: [], decision: "allow", approved_by: null,
      stages: {
        identity,
        capability: { verdict: "skipped", reason: "" },
        guard: { verdict: "skipped", reason: "", score: 0, findings: [] },
        policy: { verdict: "skipped", reason: "", determining: [], require_approval: false },
        budget: { verdict: "skipped", reason: "" },
        risk: { verdict: "skipped", reason: "" },
      },
      reasons: [],
    };
    if (identity.verdict === "fail") return block(d, `identity: ${identity.reason}`);
    // capability gate
    if (!s.cap) {
      d.stages.capability = { verdict: "fail", reason: `tool ${s.input.tool} is not mapped to any capability in ${bundle.id} v${bundle.version}` };
      return block(d, `step ${s.index}: ${d.stages.capability.reason}`);
    }
    if (!grant!.capabilities.includes(s.cap.name)) {
      d.stages.capability = { verdict: "fail", reason: `agent ${agent!.id} lacks capability ${s.cap.name} (needed for ${s.input.tool})` };
      return block(d, `step ${s.index}: ${d.stages.capability.reason}; grant ${s.cap.name} to ${agent!.id} in the policy bundle to allow it`);
    }
    d.stages.capability = { verdict: "pass", reason: `${s.input.tool} → ${s.cap.name} (${s.cap.capability.access}, R_step ${s.cap.capability.r_step}) is granted` };
    // guard on untrusted provenance
    const g = scanProvenance(s.provenance, { signalScore: content.guard.signal_score, blockScore: content.guard.block_score });
    const findings = g.findings.map((f) => ({ detector: f.detector, category: f.category, score: f.score, evidence: f.evidence, source_name: f.source_name }));
    if (g.verdict === "block") {
      // the reason names a rule when one reached the signal score: it names the detector and the exact sentence
      const rules = g.findings.filter((f) => f.category !== "learned_injection" && f.score >= content.guard.signal_score);
      const top = (rules.length > 0 ? rules : g.findings).reduce((a, b) => (b.score > a.score ? b : a));
      d.stages.guard = { verdict: "fail", score: g.max_score, findings, window: g.window, reason: `${top.category.replace(/_/g, " ")} in ${top.trust_level} ${top.source_type} ${top.source_name ?? ""} (score ${top.score.toFixed(2)}): "${top.evidence}"`.replace("  ", " ") };
      return block(d, `step ${s.index}: guard: ${d.stages.guard.reason}`);
    }
    d.stages.guard = g.verdict === "signal"
      ? { verdict: "signal", score: g.max_score, findings, window: g.window, reason: `possible injection in untrusted content (score ${g.max_score.toFixed(2)}), passed to policy as a signal` }
      : { verdict: "pass", score: g.max_score, findings, reason: g.scanned ? `${g.scanned} untrusted source(s) scanned, nothing found` : "no untrusted content to scan" };
    return d;
  });

  // plan-aware facts over the whole plan (a step blocked so far still tells what the plan was going to do)
  const { facts, destinations } = planFacts({
    bundle: content, intent: plan.intent, traceId: state.traceId, now: state.now, history: state.history ?? [],
    executed: state.executed.map((e) => ({ capability: e.capability, untrusted: e.untrusted, guard_signal: e.guard_signal })),
    steps: decisions.map((d) => ({ tool: d.tool, arguments: d.arguments, provenance: d.provenance, guard_signal: d.stages.guard.verdict === "signal" || d.stages.guard.verdict === "fail" })),
  });

  // chain risk over the steps that passed the gates so far (blocked steps will not run)
  const planned: PlannedStep[] = [];
  for (const [i, d] of decisions.entries()) {
    if (d.decision === "block") continue;
    planned.push({
      index: d.index, tool: d.tool, capability: d.capability, access: d.access, r_step: steps[i].cap!.capability.r_step,
      provenance: d.provenance, guard_signal: d.stages.guard.verdict === "signal",
      private_read_before: facts[i].flow.private_read, egress: facts[i].flow.egress,
    });
  }
  const approvedProjection = state.approvals.filter((a) => a.status === "approved").reduce<number | null>((m, a) => (m === null || a.projected_risk > m ? a.projected_risk : m), null);
  const risk: ChainRisk = chainRisk({
    executed: state.executed,
    plan: planned,
    budget: { limits: { tool_calls: limits.max_tool_calls, write_operations: limits.max_write_operations, cost_usd: limits.max_cost_usd, execution_time_s: limits.max_execution_time_s }, used },
    thresholds,
    approvedProjection,
  });
  const riskByIndex = new Map(risk.steps.map((r) => [r.index, r]));

  // policy, budgets and the risk gate, step by step
  let plannedCalls = 0;
  let plannedWrites = 0;
  let afterGate = false;
  for (const [i, d] of decisions.entries()) {
    if (d.decision === "block") continue;
    const r = riskByIndex.get(d.index)!;
    d.facts = facts[i];
    d.destinations = destinations[i];
    // the agent's attributes come from the bundle (its grant), never from the request
    const p = bundle.authorizer.authorize(cedarRequestFor({
      agent: { id: agent!.id, trust_level: grant!.trust_level, environment: grant!.environment ?? agent!.environment, owner: grant!.owner || agent!.owner },
      tool: d.tool, capability: d.capability!, access: d.access!, index: d.index, arguments: d.arguments, provenance: d.provenance,
      guard: { flagged: d.stages.guard.verdict === "signal", score: d.stages.guard.score },
      stepRisk: r.step_risk, rTotal: risk.r_total, internalDomains: content.internal_domains, facts: facts[i],
    }));
    const named = p.determining.length ? p.determining.join(", ") : "no policy";
    if (p.decision === "deny") {
      const why = p.reasons.length ? `: ${p.reasons.map((r) => r.replace(/[.;]\s*$/, "")).join("; ")}` : p.determining.length ? "" : " permits it (deny by default)";
      d.stages.policy = { verdict: "fail", reason: `denied by ${named}${why}`, determining: p.determining, require_approval: false };
      block(d, `step ${d.index}: policy ${d.stages.policy.reason}`);
      continue;
    }
    d.stages.policy = {
      verdict: "pass", determining: p.determining, require_approval: p.requireApproval,
      reason: `permitted by ${named}${p.requireApproval ? " with a person's approval" : ""}${p.reasons.length ? `: ${p.reasons.map((r) => r.replace(/[.;]\s*$/, "")).join("; ")}` : ""}`,
    };

    // budgets: this step would be call number used + planned + 1
    const isWrite = d.access === "write" || d.access === "outbound";
    const over = budgetOver(limits, agentLimits, used, agentUsed, plannedCalls, plannedWrites, isWrite);
    plannedCalls++;
    if (isWrite) plannedWrites++;
    if (over) {
      d.stages.budget = { verdict: "fail", reason: over.reason, limit: over.limit };
      block(d, `step ${d.index}: budget: ${over.reason}`);
      continue;
    }
    d.stages.budget = { verdict: "pass", reason: budgetSummary(limits, used, plannedCalls, plannedWrites) };

    // chain risk
    d.stages.risk = { verdict: "pass", ...r, reason: `R_step ${r.r_step} × E ${r.e} × T ${r.t} × B ${r.b} = ${fmt(r.step_risk)}; running R_total ${fmt(r.r_total)}` };
    const approved = state.approvals.find((a) => a.binding === d.binding && a.status === "approved" && !a.token_jti);
    if (risk.gate.kind === "halt" && (afterGate || d.index === risk.gate.step_index)) {
      afterGate = true;
      d.stages.risk.verdict = "fail";
      block(d, `step ${d.index}: risk: ${risk.gate.reason}`);
      continue;
    }
    if (afterGate) {
      d.decision = "pending";
      d.reasons.push(`step ${d.index}: waits for the approval of step ${(risk.gate as { step_index: number }).step_index}`);
      continue;
    }
    const gateHere = risk.gate.kind === "approval" && d.index === risk.gate.step_index;
    if (gateHere || p.requireApproval) {
      if (approved) {
        d.approved_by = approved.id;
        d.reasons.push(`step ${d.index}: approved in ${approved.id}`);
      } else {
        d.decision = "require_approval";
        d.stages.risk.verdict = gateHere ? "fail" : "pass";
        d.reasons.push(`step ${d.index}: ${gateHere ? `risk: ${(risk.gate as { reason: string }).reason}` : `policy ${d.stages.policy.reason}`}`);
        if (gateHere) afterGate = true;
        continue;
      }
    }
    d.reasons.push(`step ${d.index}: allowed — ${d.stages.policy.reason}`);
  }

  const overall: Decision["decision"] = decisions.some((d) => d.decision === "block")
    ? "block"
    : decisions.some((d) => d.decision === "require_approval" || d.decision === "pending") ? "require_approval" : "allow";
  for (const d of decisions) {
    reasonChain.push(
      `step ${d.index} ${d.tool}: capability ${d.stages.capability.verdict}, guard ${d.stages.guard.verdict}, policy ${d.stages.policy.verdict}, budget ${d.stages.budget.verdict}, risk ${d.stages.risk.verdict} → ${d.decision}`,
    );
  }
  reasonChain.push(
    `risk: R_total ${fmt(risk.r_total)} (executed ${fmt(risk.r_executed)}) against approval ${fmt(thresholds.approval)} / halt ${fmt(thresholds.halt)}` +
      (risk.gate.kind === "none" ? "" : ` — ${risk.gate.reason}`),
  );
  reasonChain.push(`decision: ${overall}`);

  return {
    decision: overall,
    trace_id: state.traceId,
    policy: { bundle_id: bundle.id, version: bundle.version },
    r_executed: risk.r_executed,
    r_total: risk.r_total,
    thresholds,
    gate: risk.gate,
    steps: decisions,
    reason_chain: reasonChain,
    budget: {
      limits: compact({ max_tool_calls: limits.max_tool_calls, max_write_operations: limits.max_write_operations, max_cost_usd: limits.max_cost_usd, max_execution_time_s: limits.max_execution_time_s }),
      trace: used,
      agent_today: agentUsed,
      agent_limits: compact({ ...agentLimits }),
    },
  };
}

function block(d: StepDecision, reason: string): StepDecision {
  d.decision = "block";
  d.reasons.push(reason);
  return d;
}

function compact(o: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, number>;
}

function budgetOver(
  limits: { max_tool_calls?: number; max_write_operations?: number; max_cost_usd?: number; max_execution_time_s?: number },
  agentLimits: { max_tool_calls_per_day?: number; max_write_operations_per_day?: number; max_cost_usd_per_day?: number },
  used: { tool_calls: number; write_operations: number; cost_usd: number; execution_time_s: number },
  agentUsed: { tool_calls: number; write_operations: number; cost_usd: number },
  plannedCalls: number,
  plannedWrites: number,
  isWrite: boolean,
): { limit: string; reason: string } | null {
  const calls = used.tool_calls + plannedCalls + 1;
  if (limits.max_tool_calls !== undefined && calls > limits.max_tool_calls)
    return { limit: "max_tool_calls", reason: `max_tool_calls ${limits.max_tool_calls} per run reached (${used.tool_calls} executed, this would be call ${calls})` };
  const writes = used.write_operations + plannedWrites + 1;
  if (isWrite && limits.max_write_operations !== undefined && writes > limits.max_write_operations)
    return { limit: "max_write_operations", reason: `max_write_operations ${limits.max_write_operations} per run reached (${used.write_operations} executed, this would be write ${writes})` };
  if (limits.max_cost_usd !== undefined && used.cost_usd >= limits.max_cost_usd)
    return { limit: "max_cost_usd", reason: `max_cost_usd ${limits.max_cost_usd} per run reached (${used.cost_usd.toFixed(4)} USD reported by executions)` };
  if (limits.max_execution_time_s !== undefined && used.execution_time_s >= limits.max_execution_time_s)
    return { limit: "max_execution_time_s", reason: `max_execution_time ${limits.max_execution_time_s} s per run reached (run started ${used.execution_time_s} s ago)` };
  const dayCalls = agentUsed.tool_calls + plannedCalls + 1;
  if (agentLimits.max_tool_calls_per_day !== undefined && dayCalls > agentLimits.max_tool_calls_per_day)
    return { limit: "max_tool_calls_per_day", reason: `agent limit max_tool_calls_per_day ${agentLimits.max_tool_calls_per_day} reached (${agentUsed.tool_calls} today)` };
  if (isWrite && agentLimits.max_write_operations_per_day !== undefined && agentUsed.write_operations + plannedWrites + 1 > agentLimits.max_write_operations_per_day)
    return { limit: "max_write_operations_per_day", reason: `agent limit max_write_operations_per_day ${agentLimits.max_write_operations_per_day} reached (${agentUsed.write_operations} today)` };
  if (agentLimits.max_cost_usd_per_day !== undefined && agentUsed.cost_usd >= agentLimits.max_cost_usd_per_day)
    return { limit: "max_cost_usd_per_day", reason: `agent limit max_cost_usd_per_day ${agentLimits.max_cost_usd_per_day} reached (${agentUsed.cost_usd.toFixed(4)} USD today)` };
  return null;
}

function budgetSummary(limits: { max_tool_calls?: number; max_write_operations?: number }, used: { tool_calls: number; write_operations: number }, calls: number, writes: number): string {
  const parts = [`${used.tool_calls + calls}${limits.max_tool_calls ? `/${limits.max_tool_calls}` : ""} tool calls`];
  parts.push(`${used.write_operations + writes}${limits.max_write_operations ? `/${limits.max_write_operations}` : ""} writes`);
  return `within budget after this step: ${parts.join(", ")}`;
}
