import { EVENT } from "../events/decision-events";
import { traceOutcome } from "../replay/trace-outcome";
import { effectiveTrust, type RuntimeEvent, type TrustLevel } from "@/engine/events/schema";
import type { RecordedEvent } from "@/engine/events/recorded";
import { ACCESS_KINDS, TAINT_OUTCOMES, type AccessKind, type EdgeKind, type GraphMode, type NodeKind, type TaintOutcome } from "./constants";
import type { ExecutionGraph, GraphEdge, GraphGroup, GraphNode, TaintPath } from "./schemas";

/**
 * The execution graph of one or more linked traces (issue 4, spec §22.2): who acted, which sources entered the
 * context, which plan steps came of them, how each step was evaluated, who approved it, what ran and what came
 * out. Edges are causality recorded in the events — parent ids, step references, provenance references, token
 * ids and approval ids — never inferred from timestamps. Pure and deterministic: the same events give the same
 * nodes, edges, ids and order. README.md explains the choices (what folds, what counts as a write).
 */

// The graph's types are z.infer of the schemas in schemas.ts (one home per schema); they and the constants their
// enums are made of (constants.ts) are re-exported here, where the code that builds them lives.
export {
  ACCESS_KINDS, EDGE_KINDS, NODE_KINDS, TAINT_OUTCOMES, type AccessKind, type EdgeKind, type GraphMode, type NodeKind, type TaintOutcome,
} from "./constants";
export type { ExecutionGraph, GraphEdge, GraphGroup, GraphNode, TaintPath } from "./schemas";

export type GraphTraceInfo = { id: string; parent_trace_id: string | null; agents?: string[] };

export const EXPANDED_NODE_CAP = 3000;
export const MAX_TAINT_PATHS = 200;
/** A step pattern repeated at least this often in one plan is folded in aggregated mode. */
export const FOLD_MIN_REPEATS = 3;
const MAX_EVENT_IDS = 50;
const BFS_BUDGET = 2_000_000;

type Ev = RuntimeEvent;
type Prov = NonNullable<Ev["provenance"]>[number];

type Work = GraphNode & { order: number; planKey: string | null; stepGroup: string | null; tokenJti: string | null; originUri: string | null };

/** Builds the execution graph. `events` may come from several traces in any order; they are sorted here. */
export function buildExecutionGraph(
  events: RecordedEvent[],
  opts: { mode: GraphMode; traces?: GraphTraceInfo[]; nodeCap?: number },
): ExecutionGraph {
  const b = new Builder(events, opts.traces ?? []);
  b.build();
  let g = b.result();
  if (opts.mode === "aggregated") g = aggregate(g, b);
  const full = g;
  const cap = opts.nodeCap ?? EXPANDED_NODE_CAP;
  const paths = taintPaths(full.nodes, full.edges, b.stepChains(g));
  let nodes = full.nodes;
  let edges = full.edges;
  let truncated: ExecutionGraph["truncated"];
  if (opts.mode === "expanded" && nodes.length > cap) {
    const keep = new Set(nodes.slice(0, cap).map((n) => n.id));
    nodes = nodes.slice(0, cap);
    edges = edges.filter((e) => keep.has(e.source) && keep.has(e.target));
    for (const p of paths.list) p.cut = p.node_ids.some((id) => !keep.has(id));
    truncated = {
      reason: `expanded mode draws at most ${cap} nodes; ${full.nodes.length - cap} later nodes are not drawn (aggregated mode folds repeated steps)`,
      total_nodes: full.nodes.length,
      shown_nodes: cap,
    };
  }
  const taintEdges = new Set(paths.list.flatMap((p) => p.edge_ids));
  const outEdges = edges.map((e) => ({ ...e, taint: taintEdges.has(e.id) }));
  const groups = b.groupList(nodes);
  const r_total = round2(groups.reduce((a, gr) => a + (gr.r_total ?? 0), 0));
  return {
    mode: opts.mode,
    nodes: nodes.map(strip),
    edges: outEdges,
    groups,
    taint_paths: paths.list,
    r_total,
    ...(truncated ? { truncated } : {}),
    ...(paths.truncated ? { taint_paths_truncated: true } : {}),
  };
}

function strip(n: Work): GraphNode {
  const { order: _o, planKey: _p, stepGroup: _s, tokenJti: _t, originUri: _u, ...rest } = n;
  return rest;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** FNV-1a (32-bit, twice with different seeds) as 16 hex chars: short stable ids for free-text keys. */
function shortHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
    h2 = (h2 ^ (h2 >>> 13)) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------------
// Access: is a tool a read, a state change or an outbound send?

const OUTBOUND_WORDS = new Set([
  "send", "forward", "email", "mail", "notify", "post", "upload", "publish", "webhook", "share", "sms", "slack", "message", "tweet", "reply", "external", "egress", "export",
]);
const WRITE_WORDS = new Set([
  "write", "update", "create", "delete", "remove", "insert", "upsert", "merge", "mark", "reset", "refund", "transfer", "pay", "payment", "enroll", "restart",
  "deploy", "exec", "execute", "run", "set", "put", "patch", "ack", "acknowledge", "draft", "revoke", "grant", "approve", "close", "cancel", "charge", "move", "rename", "drop",
  "truncate", "commit", "push", "rotate", "disable", "enable", "assign", "tag", "edit", "save", "store", "import", "sync",
]);
const READ_WORDS = new Set([
  "read", "get", "list", "query", "search", "fetch", "find", "lookup", "track", "extract", "enrich", "scan", "describe", "show", "view", "logs", "log", "count", "check",
  "inspect", "download", "browse", "retrieve", "summarize", "compare", "status", "diff",
]);
const DELEGATE_WORDS = new Set(["delegate", "delegated", "handoff", "spawn"]);

function words(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * Tool-name heuristic (README "What counts as a write"): outbound words win over write words, which win over
 * read words; the capability name is checked the same way; a tool none of these describe counts as a write, so an
 * unknown action is never silently left out of the taint analysis.
 */
export function guessAccess(tool: string, capability?: string | null): AccessKind {
  for (const name of [tool, capability ?? ""]) {
    const w = words(name);
    if (w.some((x) => DELEGATE_WORDS.has(x))) return "delegate";
    if (w.some((x) => OUTBOUND_WORDS.has(x))) return "outbound";
    if (w.some((x) => WRITE_WORDS.has(x))) return "write";
  }
  for (const name of [tool, capability ?? ""]) if (words(name).some((x) => READ_WORDS.has(x))) return "read";
  return "write";
}

/** Access recorded by the engine: `payload.access`, or "(outbound, R_step 0.4)" in a capability reason. */
function recordedAccess(e: Ev): AccessKind | null {
  const p = e.payload;
  if (isRecord(p) && typeof p.access === "string" && (ACCESS_KINDS as readonly string[]).includes(p.access)) return p.access as AccessKind;
  for (const r of e.reasons ?? []) {
    const m = /\((read|write|outbound), R_step/.exec(r);
    if (m) return m[1] as AccessKind;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the expanded graph

const STAGE_KIND: Partial<Record<Ev["stage"], NodeKind>> = {
  capability: "capability", policy: "policy", budget: "budget", risk: "risk", decision: "decision", approval: "approval",
  execution: "execution", output: "outcome", plan: "plan", admin: "event",
};

function kindOf(e: Ev): NodeKind {
  if (e.type.startsWith("governance.")) return "flag";
  if (e.type.startsWith("guard.")) return "guard";
  if (e.type === EVENT.capabilityGranted) return "grant";
  if (e.plan && e.stage === "plan") return "plan";
  if (e.stage === "input" || e.stage === "context") return "source";
  return STAGE_KIND[e.stage] ?? "event";
}

function sourceKey(p: Prov): string {
  if (p.id) return `id:${p.id}`;
  if (p.content_hash) return `hash:${p.content_hash}`;
  if (p.origin_uri) return `uri:${p.origin_uri}`;
  return `name:${p.source_type}:${p.source_name ?? ""}`;
}

const TRUST_RANK: Record<TrustLevel, number> = { trusted: 0, internal: 1, external: 2, unverified: 3 };

export class Builder {
  private readonly evs: RecordedEvent[];
  private readonly traceOrder: string[];
  private readonly traceInfo = new Map<string, GraphTraceInfo>();
  readonly nodes = new Map<string, Work>();
  private readonly edges = new Map<string, { source: string; target: string; kinds: Set<EdgeKind>; count: number }>();
  private readonly nodesOfEvent = new Map<string, string[]>();
  private readonly planOfEvent = new Map<string, string | null>();
  private readonly latestPlan = new Map<string, string>();
  private readonly plans = new Map<string, { nodeId: string; steps: Map<number, string> }>();
  readonly groupsOfStep = new Map<string, string[]>();
  private readonly stepAccess = new Map<string, AccessKind>();
  private readonly tokenIssuer = new Map<string, string>();
  private readonly approvalNode = new Map<string, string>();
  private readonly finalRisk = new Map<string, number>();
  private readonly eventCount = new Map<string, number>();
  private readonly outcomes = new Map<string, string[]>();
  private readonly deferred: Array<() => void> = [];
  private order = 0;

  constructor(events: RecordedEvent[], traces: GraphTraceInfo[]) {
    for (const t of traces) this.traceInfo.set(t.id, t);
    const ids = [...new Set([...events.map((e) => e.trace_id), ...traces.map((t) => t.id)])].sort();
    for (const id of ids) if (!this.traceInfo.has(id)) {
      const first = events.find((e) => e.trace_id === id);
      this.traceInfo.set(id, { id, parent_trace_id: first?.event.parent_trace_id ?? null });
    }
    // roots first, then each trace's children depth-first, siblings by id: a stable reading order for groups
    const children = new Map<string | null, string[]>();
    for (const id of ids) {
      const p = this.traceInfo.get(id)!.parent_trace_id;
      const key = p && ids.includes(p) ? p : null;
      push(children, key, id);
    }
    this.traceOrder = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      this.traceOrder.push(id);
      for (const c of children.get(id) ?? []) visit(c);
    };
    for (const r of children.get(null) ?? []) visit(r);
    for (const id of ids) visit(id); // cycles in parent links: still every trace once
    const rank = new Map(this.traceOrder.map((t, i) => [t, i]));
    this.evs = [...events].sort((a, b) => rank.get(a.trace_id)! - rank.get(b.trace_id)! || a.seq - b.seq);
  }

  private groupId(trace: string) {
    return `group:${trace}`;
  }

  private node(id: string, init: () => Omit<Work, "order" | "event_ids" | "event_count" | "count">): Work {
    let n = this.nodes.get(id);
    if (!n) {
      n = { ...init(), order: this.order++, event_ids: [], event_count: 0, count: 1 };
      this.nodes.set(id, n);
    }
    return n;
  }

  /**
   * Records that a node stands for (or cites) an event. `primary`: the node IS the event (the plan, the sources an
   * input/context event loaded, the stage result), so the event's parent and children link to it; otherwise the
   * event only references the node (a plan step's provenance) and it is listed for the inspector.
   */
  private attach(n: Work, e: Ev, primary = true) {
    if (n.event_ids[n.event_ids.length - 1] !== e.id && !n.event_ids.includes(e.id)) {
      n.event_count += 1;
      if (n.event_ids.length < MAX_EVENT_IDS) n.event_ids.push(e.id);
    }
    if (!primary) return;
    const list = this.nodesOfEvent.get(e.id) ?? [];
    if (!list.includes(n.id)) list.push(n.id);
    this.nodesOfEvent.set(e.id, list);
  }

  private edge(source: string, target: string, kind: EdgeKind) {
    if (source === target || !this.nodes.has(source) || !this.nodes.has(target)) return;
    const id = `${source}->${target}`;
    const e = this.edges.get(id);
    if (e) e.kinds.add(kind);
    else this.edges.set(id, { source, target, kinds: new Set([kind]), count: 1 });
  }

  private base(e: Ev, trace: string): Omit<Work, "order" | "event_ids" | "event_count" | "count" | "id" | "kind" | "label"> {
    return {
      sublabel: null, group: this.groupId(trace), trace_id: trace, step: e.step ?? null, tool: e.tool ?? null, access: null,
      trust: null, trust_label: null, source_type: null, decision: e.decision ?? null, status: null, risk: null, approval: null,
      flags: [...(e.flags ?? [])].sort(), details: [], planKey: null, stepGroup: null, tokenJti: e.token_jti ?? null, originUri: null,
    };
  }

  private agentNode(trace: string, a: Ev["agent"]): Work {
    return this.node(`agent:${trace}:${a.id}`, () => ({
      ...this.base({ agent: a } as Ev, trace), step: null, tool: null, decision: null, tokenJti: null, flags: [],
      id: `agent:${trace}:${a.id}`, kind: "agent", label: a.name ?? a.id,
      sublabel: ["agent identity", a.id !== (a.name ?? a.id) ? a.id : null, a.version ? `v${a.version}` : null, a.environment ?? null].filter(Boolean).join(" · "),
      trust: a.trust_level ? effectiveTrust(a.trust_level) : null, trust_label: a.trust_level ?? null,
    }));
  }

  private sourceNode(trace: string, p: Prov, e: Ev): Work {
    if (p.source_type === "agent_identity") return this.agentNode(trace, p.id && p.id !== e.agent.id ? { id: p.id } : e.agent);
    const key = sourceKey(p);
    const id = `src:${trace}:${shortHash(key)}`;
    const n = this.node(id, () => ({
      ...this.base(e, trace), step: null, tool: null, decision: null, tokenJti: null, flags: [],
      id, kind: "source", label: truncate(p.source_name ?? p.origin_uri ?? p.id ?? p.content_hash ?? p.source_type, 80),
      sublabel: p.source_type.replace(/_/g, " "), source_type: p.source_type, trust: effectiveTrust(p.trust_level), trust_label: p.trust_level,
      originUri: p.origin_uri ?? null,
      details: [p.origin_uri ? `origin: ${p.origin_uri}` : null, p.content_hash ? `content hash: ${p.content_hash}` : null].filter((x): x is string => !!x),
    }));
    // the same source seen with different labels keeps the least trusted one (deny by default)
    const t = effectiveTrust(p.trust_level);
    if (n.trust && TRUST_RANK[t] > TRUST_RANK[n.trust]) {
      n.trust = t;
      n.trust_label = p.trust_level;
    }
    return n;
  }

  /** Which plan an event belongs to: its evaluation id, else its parent's plan, else the trace's latest plan so far (chain order). */
  private resolvePlan(e: Ev, trace: string): string | null {
    const p = e.payload;
    if (isRecord(p) && typeof p.evaluation_id === "string" && this.plans.has(`${trace}|${p.evaluation_id}`)) return `${trace}|${p.evaluation_id}`;
    if (e.parent_id && this.planOfEvent.has(e.parent_id)) {
      const viaParent = this.planOfEvent.get(e.parent_id);
      if (viaParent) return viaParent;
    }
    return this.latestPlan.get(trace) ?? null;
  }

  build() {
    for (const r of this.evs) this.add(r);
    for (const f of this.deferred) f();
    this.linkSteps();
    this.linkTraces();
  }

  private add(r: RecordedEvent) {
    const e = r.event;
    const trace = r.trace_id;
    this.eventCount.set(trace, (this.eventCount.get(trace) ?? 0) + 1);
    if (typeof e.risk?.r_total === "number") this.finalRisk.set(trace, e.risk.r_total);
    const agent = this.agentNode(trace, e.agent);
    let kind = kindOf(e);

    // plans (also a plan carried by an explain decision)
    let planKey: string | null = null;
    if (e.plan && (e.plan.steps?.length || kind === "plan")) {
      planKey = `${trace}|${e.plan.id ?? e.id}`;
      const planNodeId = `plan:${trace}:${e.plan.id ?? e.id}`;
      const pn = this.node(planNodeId, () => ({
        ...this.base(e, trace), id: planNodeId, kind: "plan", step: null, tool: null, decision: kind === "plan" ? e.decision ?? null : null,
        label: truncate(e.plan?.intent ?? "Plan", 90), sublabel: `plan ${e.plan?.id ?? e.id} · ${e.plan?.steps?.length ?? 0} step${e.plan?.steps?.length === 1 ? "" : "s"}`,
        planKey,
      }));
      if (kind === "plan") this.attach(pn, e);
      const steps = new Map<number, string>();
      this.plans.set(planKey, { nodeId: pn.id, steps });
      this.latestPlan.set(trace, planKey);
      this.edge(agent.id, pn.id, "identity");
      for (const s of [...(e.plan.steps ?? [])].sort((a, b) => a.index - b.index)) {
        const sid = `step:${trace}:${e.plan.id ?? e.id}:${s.index}`;
        const gk = `${planKey}|${s.index}`;
        const sn = this.node(sid, () => ({
          ...this.base(e, trace), id: sid, kind: "step", step: s.index, tool: s.tool, decision: null,
          label: `Step ${s.index} · ${s.tool}`, sublabel: s.intent ? truncate(s.intent, 90) : s.capability ?? null,
          access: guessAccess(s.tool, s.capability), planKey, stepGroup: gk,
          details: [s.capability ? `capability ${s.capability}` : null].filter((x): x is string => !!x),
        }));
        this.attach(sn, e, false);
        steps.set(s.index, sid);
        this.groupsOfStep.set(gk, [sid]);
        if (!this.stepAccess.has(gk)) this.stepAccess.set(gk, sn.access!);
        this.edge(pn.id, sid, "plan");
        for (const p of s.provenance ?? []) {
          const src = this.sourceNode(trace, p, e);
          this.attach(src, e, false);
          this.edge(src.id, sid, "provenance");
        }
      }
      this.planOfEvent.set(e.id, planKey);
      if (kind === "plan") {
        this.deferParent(e);
        return;
      }
    } else {
      planKey = this.resolvePlan(e, trace);
      this.planOfEvent.set(e.id, planKey);
    }

    // content entering the context: the event is drawn as the source(s) it loaded
    if (kind === "source") {
      const provs = e.provenance ?? [];
      if (provs.length === 0) kind = "context";
      else {
        for (const p of provs) this.attach(this.sourceNode(trace, p, e), e);
        this.deferParent(e);
        return;
      }
    }

    const id = kind === "approval" && e.approval?.id ? `approval:${trace}:${e.approval.id}` : `${kind}:${e.id}`;
    const n = this.node(id, () => ({ ...this.base(e, trace), id, kind, label: "", planKey }));
    this.attach(n, e);
    this.describe(n, e);

    // which step this node belongs to: a token's issuer first (executions), else (plan, step)
    if (!n.stepGroup) {
      const issuer = e.token_jti && kind === "execution" ? this.tokenIssuer.get(e.token_jti) : undefined;
      const gk = issuer ? this.nodes.get(issuer)!.stepGroup : e.step != null && planKey ? `${planKey}|${e.step}` : null;
      if (gk && kind !== "flag" && kind !== "outcome" && kind !== "plan") {
        n.stepGroup = gk;
        const list = this.groupsOfStep.get(gk) ?? [];
        if (!list.includes(n.id)) list.push(n.id);
        this.groupsOfStep.set(gk, list);
      }
    }
    if (kind === "capability" && n.stepGroup) {
      const acc = recordedAccess(e);
      if (acc) this.stepAccess.set(n.stepGroup, acc);
    }
    if (kind === "outcome") push(this.outcomes, trace, n.id);

    // token and approval references
    if (e.token_jti && kind !== "execution" && kind !== "flag" && !this.tokenIssuer.has(e.token_jti)) this.tokenIssuer.set(e.token_jti, n.id);
    if (e.token_jti && kind === "execution") {
      const jti = e.token_jti;
      this.deferred.push(() => {
        const issuer = this.tokenIssuer.get(jti);
        if (issuer) this.edge(issuer, n.id, "token");
      });
    }
    if (e.approval?.id) {
      const aid = e.approval.id;
      if (kind === "approval") this.approvalNode.set(`${trace}|${aid}`, n.id);
      else this.deferred.push(() => {
        const a = this.approvalNode.get(`${trace}|${aid}`);
        if (!a) return;
        if (kind === "grant") this.edge(a, n.id, "approval");
        else this.edge(n.id, a, "approval");
      });
    }

    // provenance references: inputs of an evaluation, outputs of an execution
    for (const p of e.provenance ?? []) {
      const src = this.sourceNode(trace, p, e);
      this.attach(src, e, false);
      if (kind === "execution") this.edge(n.id, src.id, "output");
      else this.edge(src.id, n.id, "provenance");
    }
    this.deferParent(e);
  }

  private deferParent(e: Ev) {
    if (!e.parent_id) return;
    const pid = e.parent_id;
    this.deferred.push(() => {
      for (const from of this.nodesOfEvent.get(pid) ?? []) {
        for (const to of this.nodesOfEvent.get(e.id) ?? []) {
          const t = this.nodes.get(to)!;
          if (t.kind === "agent") continue; // identities are where runs start, not consequences
          // plan -> a stage of one of its steps: drawn from that step, which is what the stage evaluates
          const f = this.nodes.get(from)!;
          const stepNode = f.kind === "plan" && t.stepGroup ? this.groupsOfStep.get(t.stepGroup)?.[0] : undefined;
          if (stepNode && stepNode !== to && this.nodes.get(stepNode)?.kind === "step" && this.nodes.get(stepNode)?.planKey === f.planKey) {
            this.edge(stepNode, to, "parent");
            continue;
          }
          this.edge(from, to, "parent");
        }
      }
    });
  }

  private describe(n: Work, e: Ev) {
    const reasons = e.reasons ?? [];
    const determining = e.policy?.determining ?? [];
    const d = e.decision ?? null;
    n.decision = d;
    const tool = e.tool ?? null;
    const why = reasons[0] ? truncate(reasons[0], 140) : null;
    const det = determining.length ? `policies: ${determining.join(", ")}` : null;
    switch (n.kind) {
      case "capability":
        n.label = "Capability";
        n.sublabel = tool;
        n.details = [why].filter((x): x is string => !!x);
        break;
      case "guard": {
        const p = isRecord(e.payload) ? e.payload : {};
        const g = isRecord(p.guard) ? p.guard : p;
        const score = typeof g.score === "number" ? g.score : null;
        const verdict = typeof g.verdict === "string" ? g.verdict : null;
        const findings = Array.isArray(g.findings) ? g.findings.length : null;
        n.label = e.type === "guard.flagged" ? "Guard flag" : "Guard";
        n.status = e.type === "guard.flagged" || (findings ?? 0) > 0 || e.decision === "block" ? "flagged" : "clean";
        n.sublabel = [verdict, score !== null ? `score ${score}` : null, findings !== null ? `${findings} finding${findings === 1 ? "" : "s"}` : null].filter(Boolean).join(" · ") || tool;
        n.details = [why].filter((x): x is string => !!x);
        break;
      }
      case "policy":
        n.label = "Policy";
        n.sublabel = determining.length ? truncate(determining.join(", "), 90) : tool;
        n.details = [det, why].filter((x): x is string => !!x);
        break;
      case "budget":
        n.label = "Budget";
        n.status = e.budget?.violations?.length ? "violated" : e.budget?.status ?? (d === "block" ? "violated" : "within_budget");
        n.sublabel = e.budget?.violations?.length ? truncate(e.budget.violations[0], 90) : n.status?.replace(/_/g, " ") ?? null;
        n.details = [why].filter((x): x is string => !!x);
        break;
      case "risk":
        n.label = "Risk";
        n.risk = { step_risk: e.risk?.step_risk ?? null, r_total: e.risk?.r_total ?? null };
        n.sublabel = [e.risk?.step_risk != null ? `step ${e.risk.step_risk.toFixed(2)}` : null, e.risk?.r_total != null ? `R_total ${e.risk.r_total.toFixed(2)}` : null].filter(Boolean).join(" · ") || null;
        n.details = [why].filter((x): x is string => !!x);
        break;
      case "decision":
        n.label = e.type === EVENT.evaluationCompleted ? "Evaluation result" : e.type === EVENT.decisionExplained ? "Explained decision" : "Decision";
        n.risk = e.risk ? { step_risk: e.risk.step_risk ?? null, r_total: e.risk.r_total ?? null } : null;
        n.sublabel = tool;
        n.details = [why, det].filter((x): x is string => !!x);
        break;
      case "approval":
        this.describeApproval(n, e);
        break;
      case "grant":
        n.label = "Capability granted";
        n.sublabel = e.token_jti ? `token ${truncate(e.token_jti, 24)}` : tool;
        n.details = [why].filter((x): x is string => !!x);
        break;
      case "execution": {
        n.status = e.type === EVENT.toolFailed ? "failed" : e.type === EVENT.toolSkipped ? "skipped" : e.type === "agent.delegated" ? "delegated" : "executed";
        n.label = n.status === "failed" ? "Failed" : n.status === "skipped" ? "Not executed" : n.status === "delegated" ? "Delegated" : "Executed";
        n.sublabel = tool;
        n.details = [why].filter((x): x is string => !!x);
        break;
      }
      case "outcome": {
        const p = isRecord(e.payload) ? e.payload : {};
        n.label = "Outcome";
        n.sublabel = typeof p.summary === "string" ? truncate(p.summary, 110) : e.type;
        break;
      }
      case "flag":
        n.label = "Governance flag";
        n.sublabel = e.type.replace(/^governance\./, "").replace(/_/g, " ");
        n.details = [why].filter((x): x is string => !!x);
        break;
      case "context":
        n.label = "Context";
        n.sublabel = e.type;
        break;
      default:
        n.label = e.type;
        n.sublabel = tool;
        n.details = [why].filter((x): x is string => !!x);
    }
  }

  private describeApproval(n: Work, e: Ev) {
    const a = e.approval;
    const prev = n.approval;
    const status = a?.status ?? (e.type === EVENT.approvalGranted ? "granted" : e.type === EVENT.approvalDenied ? "denied" : e.type === EVENT.approvalExpired ? "expired" : prev?.status ?? "pending");
    // the latest transition wins (events arrive in chain order); a pending marker never undoes a decision
    const decided = prev && prev.status && prev.status !== "pending";
    if (!decided || (status !== "pending")) {
      n.approval = { id: a?.id ?? e.id, status, actor: a?.actor ?? prev?.actor ?? null, note: a?.note ?? prev?.note ?? null };
      n.status = status;
    }
    n.label = "Approval";
    const ap = n.approval!;
    n.sublabel = ap.status === "pending" ? "awaiting a person" : `${approvalVerb(ap.status)}${ap.actor ? ` by ${ap.actor}` : ""}`;
    n.decision = ap.status === "pending" ? "pending" : isApproved(ap.status) ? "allow" : "block";
    n.details = [ap.note ? `note: ${truncate(ap.note, 200)}` : null, `approval ${ap.id}`].filter((x): x is string => !!x);
    if (!n.tool && e.tool) n.tool = e.tool;
    if (n.step == null && e.step != null) n.step = e.step;
  }

  /** Step references: each step's nodes in chain order, each caused by the one before (plan step first). */
  private linkSteps() {
    for (const list of this.groupsOfStep.values()) {
      for (let i = 1; i < list.length; i++) this.edge(list[i - 1], list[i], "step");
    }
  }

  /** Cross-agent links: a delegation naming a child trace, and messages whose origin is `trace://<id>`. */
  private linkTraces() {
    const traces = new Set(this.traceOrder);
    const delegatedTo = new Map<string, string[]>();
    for (const r of this.evs) {
      const e = r.event;
      const child = [isRecord(e.payload) ? e.payload.child_trace_id : null, isRecord(e.arguments) ? e.arguments.child_trace_id : null].find(
        (x): x is string => typeof x === "string" && traces.has(x) && x !== r.trace_id,
      );
      if (!child || kindOf(e) !== "execution") continue;
      const from = this.nodesOfEvent.get(e.id)?.[0];
      if (from) push(delegatedTo, child, from);
    }
    const sourcesByTrace = new Map<string, Work[]>();
    for (const n of this.nodes.values()) if (n.kind === "source") push(sourcesByTrace, n.trace_id, n);
    for (const trace of this.traceOrder) {
      const parent = this.traceInfo.get(trace)?.parent_trace_id ?? null;
      const fromParent = delegatedTo.get(trace) ?? [];
      const srcs = sourcesByTrace.get(trace) ?? [];
      const parentMsgs = parent ? srcs.filter((s) => s.originUri === `trace://${parent}`) : [];
      for (const d of fromParent) {
        if (parentMsgs.length) for (const s of parentMsgs) this.edge(d, s.id, "delegation");
        else for (const n of this.nodes.values()) if (n.kind === "agent" && n.trace_id === trace) this.edge(d, n.id, "delegation");
      }
      for (const s of srcs) {
        const m = s.originUri ? /^trace:\/\/(.+)$/.exec(s.originUri) : null;
        if (!m || m[1] === trace || !traces.has(m[1])) continue;
        if (m[1] === parent && fromParent.length) continue;
        for (const o of this.outcomes.get(m[1]) ?? []) this.edge(o, s.id, "message");
      }
    }
  }

  result(): { nodes: Work[]; edges: GraphEdge[] } {
    const nodes = [...this.nodes.values()].sort((a, b) => a.order - b.order);
    for (const n of nodes) if (n.stepGroup && n.kind !== "step") n.access = this.stepAccess.get(n.stepGroup) ?? (n.tool ? guessAccess(n.tool) : null);
    for (const n of nodes) if (n.kind === "step" && n.stepGroup) n.access = this.stepAccess.get(n.stepGroup) ?? n.access;
    return { nodes, edges: sortEdges(nodes, [...this.edges.entries()].map(([id, e]) => ({ id, source: e.source, target: e.target, kinds: [...e.kinds].sort(), count: e.count, taint: false }))) };
  }

  /** For each step: its nodes in chain order and whether it writes or sends, keyed by step group. */
  stepChains(g: { nodes: Work[] }): Map<string, { nodes: string[]; access: AccessKind | null }> {
    const present = new Set(g.nodes.map((n) => n.id));
    const out = new Map<string, { nodes: string[]; access: AccessKind | null }>();
    for (const n of g.nodes) {
      if (!n.stepGroup) continue;
      const c = out.get(n.stepGroup) ?? { nodes: [], access: this.stepAccess.get(n.stepGroup) ?? n.access };
      if (present.has(n.id) && !c.nodes.includes(n.id)) c.nodes.push(n.id);
      out.set(n.stepGroup, c);
    }
    // nodes join their step in chain order, so creation order is the step's order
    const ord = new Map(g.nodes.map((n) => [n.id, n.order]));
    for (const c of out.values()) c.nodes.sort((a, b) => ord.get(a)! - ord.get(b)!);
    return out;
  }

  groupList(nodes: GraphNode[]): GraphGroup[] {
    const count = new Map<string, number>();
    for (const n of nodes) if (n.group) count.set(n.group, (count.get(n.group) ?? 0) + 1);
    return this.traceOrder.map((t) => {
      const agents = this.traceInfo.get(t)?.agents?.length
        ? [...this.traceInfo.get(t)!.agents!]
        : [...new Set(this.evs.filter((r) => r.trace_id === t).map((r) => r.event.agent.id))];
      const agentNames = agents.map((a) => this.nodes.get(`agent:${t}:${a}`)?.label ?? a);
      const r = this.finalRisk.get(t);
      const o = traceOutcome(this.evs.filter((x) => x.trace_id === t));
      return {
        id: this.groupId(t), trace_id: t, parent_trace_id: this.traceInfo.get(t)?.parent_trace_id ?? null, agents,
        label: `${agentNames.join(", ") || "unknown agent"} · ${t}`, r_total: r === undefined ? null : round2(r),
        node_count: count.get(this.groupId(t)) ?? 0, event_count: this.eventCount.get(t) ?? 0,
        outcome: { decision: o.decision, verdict: o.verdict, reason: o.reason },
      };
    });
  }
}

function sortEdges(nodes: Array<{ id: string; order: number }>, edges: GraphEdge[]): GraphEdge[] {
  const ord = new Map(nodes.map((n) => [n.id, n.order]));
  return edges.sort((a, b) => ord.get(a.source)! - ord.get(b.source)! || ord.get(a.target)! - ord.get(b.target)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const isApproved = (s: string | null) => s === "granted" || s === "approved";
const approvalVerb = (s: string | null) => (isApproved(s) ? "approved" : s === "denied" ? "denied" : s === "expired" ? "expired" : s ?? "pending");

// ---------------------------------------------------------------------------------------------------------------
// Aggregated mode

/**
 * Folds step patterns repeated at least FOLD_MIN_REPEATS times in one plan (same tool and the same sequence of
 * node kinds and verdicts) into one node per position with a count, and sources whose every consumer was folded
 * into one node per (type, trust, neighbours). Everything else stays as it is.
 */
function aggregate(g: { nodes: Work[]; edges: GraphEdge[] }, b: Builder): { nodes: Work[]; edges: GraphEdge[] } {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const sigOf = new Map<string, string>();
  const sigCount = new Map<string, number>();
  for (const [gk, list] of b.groupsOfStep) {
    const first = byId.get(list[0]);
    if (!first) continue;
    const plan = gk.slice(0, gk.lastIndexOf("|"));
    const sig = `${plan}#${list.map((id) => {
      const n = byId.get(id)!;
      return `${n.kind}:${n.tool ?? ""}:${n.decision ?? ""}:${n.status ?? ""}`;
    }).join(">")}`;
    sigOf.set(gk, sig);
    sigCount.set(sig, (sigCount.get(sig) ?? 0) + 1);
  }
  const foldKey = new Map<string, string>();
  for (const [gk, list] of b.groupsOfStep) {
    const sig = sigOf.get(gk);
    if (!sig || (sigCount.get(sig) ?? 0) < FOLD_MIN_REPEATS) continue;
    list.forEach((id, i) => foldKey.set(id, `fold:${shortHash(sig)}:${i}`));
  }
  // sources: fold when every neighbour that is not a source was folded
  const ins = new Map<string, string[]>();
  const outs = new Map<string, string[]>();
  for (const e of g.edges) {
    push(outs, e.source, e.target);
    push(ins, e.target, e.source);
  }
  for (const n of g.nodes) {
    if (n.kind !== "source") continue;
    const nbIn = (ins.get(n.id) ?? []).filter((x) => byId.get(x)?.kind !== "source");
    const nbOut = (outs.get(n.id) ?? []).filter((x) => byId.get(x)?.kind !== "source");
    if (nbIn.length + nbOut.length === 0 || ![...nbIn, ...nbOut].every((x) => foldKey.has(x))) continue;
    const key = [n.trace_id, n.source_type, n.trust_label, [...new Set(nbIn.map((x) => foldKey.get(x)))].sort().join(","), [...new Set(nbOut.map((x) => foldKey.get(x)))].sort().join(",")].join("|");
    foldKey.set(n.id, `foldsrc:${shortHash(key)}`);
  }
  const members = new Map<string, Work[]>();
  for (const n of g.nodes) {
    const k = foldKey.get(n.id);
    if (k) push(members, k, n);
  }
  const mapId = (id: string) => {
    const k = foldKey.get(id);
    return k && (members.get(k)?.length ?? 0) > 1 ? k : id;
  };
  const nodes: Work[] = [];
  const emitted = new Set<string>();
  for (const n of g.nodes) {
    const id = mapId(n.id);
    if (emitted.has(id)) continue;
    emitted.add(id);
    if (id === n.id) {
      nodes.push(n);
      continue;
    }
    const ms = members.get(id)!;
    const ids = ms.flatMap((m) => m.event_ids);
    const steps = ms.map((m) => m.step).filter((s): s is number => s != null);
    const folded: Work = {
      ...n, id, count: ms.length, event_ids: ids.slice(0, MAX_EVENT_IDS), event_count: ms.reduce((a, m) => a + m.event_count, 0),
      step: null,
      sublabel: n.kind === "source"
        ? `${n.source_type?.replace(/_/g, " ")} ×${ms.length}`
        : [n.sublabel, steps.length ? `steps ${Math.min(...steps)}–${Math.max(...steps)}` : null].filter(Boolean).join(" · "),
      label: n.kind === "source" ? `${ms.length} ${n.source_type?.replace(/_/g, " ")}s (${n.trust_label})` : n.label,
      details: [`${ms.length} repeated ${n.kind === "source" ? "sources" : "steps"} folded; e.g. ${n.kind === "source" ? n.label : n.sublabel ?? n.label}`, ...n.details].slice(0, 4),
      risk: n.risk ? { step_risk: n.risk.step_risk, r_total: ms[ms.length - 1].risk?.r_total ?? n.risk.r_total } : null,
    };
    nodes.push(folded);
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of g.edges) {
    const s = mapId(e.source);
    const t = mapId(e.target);
    if (s === t) continue;
    const id = `${s}->${t}`;
    const ex = edges.get(id);
    if (ex) {
      ex.count += e.count;
      ex.kinds = [...new Set([...ex.kinds, ...e.kinds])].sort();
    } else edges.set(id, { ...e, id, source: s, target: t });
  }
  // folded step nodes keep their step group so taint analysis still sees the step's chain
  return { nodes, edges: sortEdges(nodes, [...edges.values()]) };
}

// ---------------------------------------------------------------------------------------------------------------
// Taint paths

function taintPaths(
  nodes: Work[],
  edges: GraphEdge[],
  chains: Map<string, { nodes: string[]; access: AccessKind | null }>,
): { list: TaintPath[]; truncated: boolean } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edgeIds = new Set(edges.map((e) => e.id));
  const out = new Map<string, GraphEdge[]>();
  for (const e of edges) push(out, e.source, e);
  const untrusted = (n: Work | undefined) => !!n && n.kind === "source" && (n.trust === "external" || n.trust === "unverified");

  // sinks: each writing or sending step, drawn from its entry to its furthest node
  const sinkOf = new Map<string, { chain: string[]; key: string }>();
  const sinks: Array<{ key: string; chain: string[] }> = [];
  for (const [key, c] of chains) {
    if ((c.access !== "write" && c.access !== "outbound") || c.nodes.length === 0) continue;
    const s = { key, chain: c.nodes };
    sinks.push(s);
    for (const id of c.nodes) sinkOf.set(id, s);
  }
  for (const n of nodes) {
    // executions outside any step (no step index, no token) that write or send
    if (n.kind === "execution" && !n.stepGroup && n.tool && ["write", "outbound"].includes(guessAccess(n.tool))) {
      const s = { key: `exec|${n.id}`, chain: [n.id] };
      sinks.push(s);
      sinkOf.set(n.id, s);
    }
  }
  if (sinks.length === 0) return { list: [], truncated: false };

  const list: TaintPath[] = [];
  let budget = BFS_BUDGET;
  let truncated = false;
  for (const src of nodes) {
    if (!untrusted(src)) continue;
    // BFS that does not pass through other untrusted sources: a path is credited to the nearest untrusted source
    const prev = new Map<string, GraphEdge | null>([[src.id, null]]);
    const queue = [src.id];
    const reached = new Map<string, string>(); // sink key -> entry node
    for (let qi = 0; qi < queue.length; qi++) {
      if (--budget < 0) {
        truncated = true;
        break;
      }
      const cur = queue[qi];
      const s = sinkOf.get(cur);
      if (s && !reached.has(s.key)) reached.set(s.key, cur);
      for (const e of out.get(cur) ?? []) {
        if (prev.has(e.target)) continue;
        const t = byId.get(e.target);
        if (!t || untrusted(t) || t.kind === "agent") continue;
        prev.set(e.target, e);
        queue.push(e.target);
      }
    }
    for (const s of sinks) {
      const entryReached = reached.get(s.key);
      if (!entryReached) continue;
      // enter the step at the earliest of its nodes this source reaches (the plan step when it can)
      const entry = s.chain.find((id) => prev.has(id)) ?? entryReached;
      const nodePath: string[] = [];
      const edgePath: string[] = [];
      for (let cur: string | undefined = entry; cur !== undefined; ) {
        nodePath.unshift(cur);
        const e = prev.get(cur);
        if (!e) break;
        edgePath.unshift(e.id);
        cur = e.source;
      }
      const from = s.chain.indexOf(entry);
      for (let i = from + 1; i < s.chain.length; i++) {
        if (nodePath.includes(s.chain[i])) continue;
        const eid = `${nodePath[nodePath.length - 1]}->${s.chain[i]}`;
        if (!edgeIds.has(eid)) break;
        nodePath.push(s.chain[i]);
        edgePath.push(eid);
      }
      const pathNodes = nodePath.map((id) => byId.get(id)!);
      const sink = pathNodes[pathNodes.length - 1];
      const actionNode = pathNodes.find((n) => sinkOf.get(n.id) === s) ?? sink;
      list.push({
        id: `taint:${shortHash(`${src.id}>${s.key}`)}`,
        source: src.id, sink: sink.id, node_ids: nodePath, edge_ids: edgePath,
        outcome: outcomeOf(s.chain.map((id) => byId.get(id)!).filter(Boolean)),
        trust: src.trust!, tool: actionNode.tool, access: actionNode.access,
        words: pathNodes.filter((n, i) => i === 0 || i === pathNodes.length - 1 || !quiet(n)).map(say).join(" → "),
        cut: false,
      });
    }
    if (truncated) break;
  }
  const rank = (o: TaintOutcome) => TAINT_OUTCOMES.indexOf(o);
  const ord = new Map(nodes.map((n) => [n.id, n.order]));
  list.sort((a, b) => rank(a.outcome) - rank(b.outcome) || TRUST_RANK[b.trust] - TRUST_RANK[a.trust] || ord.get(a.sink)! - ord.get(b.sink)! || ord.get(a.source)! - ord.get(b.source)!);
  if (list.length > MAX_TAINT_PATHS) {
    list.length = MAX_TAINT_PATHS;
    truncated = true;
  }
  return { list, truncated };
}

/** What happened to the action at the end of a step: the furthest state its nodes record. */
function outcomeOf(chain: Work[]): TaintOutcome {
  const exec = chain.filter((n) => n.kind === "execution");
  if (exec.some((n) => n.status === "executed" || n.status === "delegated")) return "executed";
  if (exec.some((n) => n.status === "failed")) return "failed";
  const appr = chain.find((n) => n.kind === "approval");
  if (appr?.approval?.status === "denied" || appr?.approval?.status === "expired") return "denied";
  if (appr && isApproved(appr.approval?.status ?? null)) return "approved";
  if (chain.some((n) => n.decision === "block" && n.kind !== "approval")) return "blocked";
  if (appr || chain.some((n) => n.decision === "require_approval")) return "awaiting_approval";
  if (chain.every((n) => n.kind === "step")) return "planned";
  return "evaluated";
}

/** Evaluation stages that passed are left out of the words (they are still highlighted in the picture). */
function quiet(n: Work): boolean {
  if (["capability", "policy", "budget", "risk", "guard"].includes(n.kind)) {
    return (n.decision === null || n.decision === "allow" || n.decision === "observed") && n.status !== "violated" && n.status !== "flagged";
  }
  return n.kind === "context" || n.kind === "event";
}

function say(n: Work): string {
  const x = n.count > 1 ? ` (×${n.count})` : "";
  switch (n.kind) {
    case "source":
      return `${(n.source_type ?? "source").replace(/_/g, " ")} ${n.label} (${n.trust_label ?? n.trust})${x}`;
    case "plan":
      return `plan ${n.sublabel?.split(" · ")[0].replace(/^plan /, "") ?? ""}`.trim();
    case "step":
      return `plan step ${n.step ?? ""} ${n.tool ?? ""}`.replace(/\s+/g, " ").trim() + x;
    case "capability":
      return `capability: ${verdictWord(n.decision)}`;
    case "guard":
      return `guard: ${n.status === "flagged" ? `flagged${n.sublabel ? ` (${n.sublabel})` : ""}` : verdictWord(n.decision)}`;
    case "policy": {
      const pols = n.details[0]?.startsWith("policies: ") ? n.details[0].slice(10) : null;
      const v = verdictWord(n.decision);
      return `policy: ${v}${pols ? ` by ${pols}` : ""}`;
    }
    case "budget":
      return `budget: ${n.status === "violated" ? `exceeded${n.sublabel ? ` (${n.sublabel})` : ""}` : verdictWord(n.decision)}`;
    case "risk":
      return `risk: ${verdictWord(n.decision)}${n.sublabel ? ` (${n.sublabel})` : ""}`;
    case "decision":
      return `decision: ${verdictWord(n.decision)}${n.tool ? ` ${n.tool}` : ""}${x}`;
    case "approval": {
      const a = n.approval;
      if (!a || a.status === "pending") return "awaiting approval";
      return `${approvalVerb(a.status)}${a.actor ? ` by ${a.actor}` : ""}${a.note ? ` (“${truncate(a.note, 80)}”)` : ""}`;
    }
    case "grant":
      return "capability token issued";
    case "execution":
      return `${n.status === "failed" ? "failed" : n.status === "skipped" ? "not executed" : n.status === "delegated" ? "delegated" : "executed"} ${n.tool ?? ""}`.trim() + x;
    case "outcome":
      return "outcome";
    case "flag":
      return `governance flag: ${n.sublabel ?? ""}`;
    case "agent":
      return `agent ${n.label}`;
    default:
      return n.label;
  }
}

function verdictWord(d: string | null): string {
  switch (d) {
    case "block": return "blocked";
    case "allow": return "allowed";
    case "require_approval": return "approval required";
    case "pending": return "pending";
    case "dry_run": return "dry run";
    case "explain": return "explained";
    case null: return "recorded";
    default: return d;
  }
}
