import { STAGES, VERDICTS, effectiveTrust } from "@/engine/events/schema";
import type { RecordedEvent } from "@/engine/events/recorded";
import { traceOutcome } from "@/engine/replay/trace-outcome";
import type { ChainEvent } from "./stream-events";

/**
 * What report.html shows, gathered while the events stream past on their way into the ZIP (one pass, bounded
 * memory): per-trace rollups, the first events of each trace for the timeline, the decisions, the approval events,
 * a sample of the graph, and the policy versions the events name. Every list has a cap; what was cut is counted
 * so the report can say so.
 */

export const REPORT_LIMITS = {
  timelinePerTrace: 2_000,
  timelineTotal: 20_000,
  decisions: 5_000,
  approvalEvents: 2_000,
  graphNodesPerTrace: 120,
  graphNodesTotal: 400,
  reasonChars: 400,
};

export type TimelineRow = {
  seq: number; timestamp: string; stage: string; type: string; decision: string | null; tool: string | null;
  step: number | null; reason: string | null; risk: number | null; trust: string | null;
};
export type DecisionRow = {
  trace_id: string; seq: number; timestamp: string; step: number | null; tool: string | null; decision: string;
  reasons: string[]; determining: string[]; policy: string | null; r_total: number | null;
};
export type ApprovalEventRow = {
  trace_id: string; seq: number; timestamp: string; type: string; approval_id: string; status: string | null;
  actor: string | null; note: string | null; step: number | null; tool: string | null;
};
export type GraphNode = { id: string; trace_id: string; column: number; label: string; sub: string; kind: "event" | "source"; decision: string | null; untrusted: boolean };
export type GraphEdge = { from: string; to: string };
export type PolicyRefSeen = { bundle_id: string; version: string; environment: string | null; agent_id: string };

export type TraceReport = {
  id: string;
  event_count: number;
  agents: string[];
  first: string | null;
  last: string | null;
  parent_trace_id: string | null;
  /** the engine's trace outcome (engine/replay/trace-outcome.ts): the same decision the list and trace page show */
  final_decision: string | null;
  final_reason: string | null;
  verdict: string | null;
  /** set when the trace stands for a foreign or legacy log (the outcome's `foreign`): why its records are not all the engine's */
  foreign: { kind: string; reason: string } | null;
  max_step_risk: number | null;
  r_total: number | null;
  timeline: TimelineRow[];
  timeline_cut: number;
};

export type ReportModel = {
  traces: TraceReport[];
  decisions: DecisionRow[];
  decisions_cut: number;
  decision_counts: Record<string, number>;
  approval_events: ApprovalEventRow[];
  approval_events_cut: number;
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; cut: number };
  policy_refs: PolicyRefSeen[];
  event_count: number;
  time_range: { from: string | null; to: string | null };
};

/** Graph columns: provenance sources first, then the stages in pipeline order. */
export const GRAPH_COLUMNS = ["sources", ...STAGES] as const;
const STAGE_COLUMN = new Map<string, number>(STAGES.map((s, i) => [s, i + 1]));

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

export class ReportCollector {
  private traces = new Map<string, TraceReport & { agentSet: Set<string>; firstMs: number; lastMs: number; graphNodes: number; sources: Map<string, string> }>();
  private decisions: DecisionRow[] = [];
  private decisionsCut = 0;
  private decisionCounts: Record<string, number> = {};
  private approvals: ApprovalEventRow[] = [];
  private approvalsCut = 0;
  private timelineTotal = 0;
  private nodes: GraphNode[] = [];
  private nodeIds = new Set<string>();
  private edges: GraphEdge[] = [];
  private edgeKeys = new Set<string>();
  private graphCut = 0;
  private policyRefs = new Map<string, PolicyRefSeen>();
  private eventCount = 0;
  /** the events of the trace streaming now (traces arrive one after another), for its outcome */
  private current: { id: string; events: RecordedEvent[] } | null = null;
  private from: string | null = null;
  private to: string | null = null;
  private fromMs = Infinity;
  private toMs = -Infinity;

  add(row: ChainEvent): void {
    const ev = row.event;
    this.eventCount++;
    if (this.current?.id !== row.trace_id) {
      this.settle();
      this.current = { id: row.trace_id, events: [] };
    }
    this.current.events.push({ trace_id: row.trace_id, seq: row.seq, hash: row.hash, event: ev });
    const ts = ev.timestamp;
    const ms = Date.parse(ts); // offsets may differ between events: compare instants, not strings
    if (!Number.isNaN(ms)) {
      if (ms < this.fromMs) [this.fromMs, this.from] = [ms, ts];
      if (ms > this.toMs) [this.toMs, this.to] = [ms, ts];
    }

    let t = this.traces.get(row.trace_id);
    if (!t) {
      t = {
        id: row.trace_id, event_count: 0, agents: [], agentSet: new Set(), first: null, last: null, firstMs: Infinity, lastMs: -Infinity,
        parent_trace_id: null, final_decision: null, final_reason: null, verdict: null, foreign: null, max_step_risk: null, r_total: null, timeline: [], timeline_cut: 0, graphNodes: 0, sources: new Map(),
      };
      this.traces.set(row.trace_id, t);
    }
    t.event_count++;
    if (ms < t.firstMs) [t.firstMs, t.first] = [ms, ts];
    if (ms > t.lastMs) [t.lastMs, t.last] = [ms, ts];
    if (ev.agent?.id) t.agentSet.add(ev.agent.id);
    if (ev.parent_trace_id && !t.parent_trace_id) t.parent_trace_id = ev.parent_trace_id;
    const stepRisk = num(ev.risk?.step_risk) ?? num(ev.risk?.r_step);
    if (stepRisk !== null && (t.max_step_risk === null || stepRisk > t.max_step_risk)) t.max_step_risk = stepRisk;
    const rTotal = num(ev.risk?.r_total);
    if (rTotal !== null) t.r_total = rTotal;
    const verdict = ev.decision && (VERDICTS as readonly string[]).includes(ev.decision) ? ev.decision : null;

    // timeline
    const untrusted = (ev.provenance ?? []).map((p) => effectiveTrust(p.trust_level)).find((l) => l === "unverified" || l === "external") ?? null;
    if (t.timeline.length < REPORT_LIMITS.timelinePerTrace && this.timelineTotal < REPORT_LIMITS.timelineTotal) {
      t.timeline.push({
        seq: row.seq, timestamp: ts, stage: ev.stage, type: ev.type, decision: ev.decision ?? null, tool: ev.tool ?? null,
        step: ev.step ?? null, reason: ev.reasons?.[0] ? clip(ev.reasons[0], REPORT_LIMITS.reasonChars) : null,
        risk: rTotal ?? stepRisk, trust: untrusted,
      });
      this.timelineTotal++;
    } else {
      t.timeline_cut++;
    }

    // decisions (the decision stage's verdicts, with why)
    if (ev.stage === "decision" && verdict) {
      this.decisionCounts[verdict] = (this.decisionCounts[verdict] ?? 0) + 1;
      if (this.decisions.length < REPORT_LIMITS.decisions) {
        this.decisions.push({
          trace_id: row.trace_id, seq: row.seq, timestamp: ts, step: ev.step ?? null, tool: ev.tool ?? null, decision: verdict,
          reasons: (ev.reasons ?? []).slice(0, 10).map((r) => clip(r, REPORT_LIMITS.reasonChars)),
          determining: ev.policy?.determining ?? [],
          policy: ev.policy?.bundle_id ? `${ev.policy.bundle_id}${ev.policy.version != null ? ` v${ev.policy.version}` : ""}` : null,
          r_total: rTotal,
        });
      } else {
        this.decisionsCut++;
      }
    }

    // approvals as recorded in the chain (requested / approved / denied / expired, with the approver)
    if (ev.approval?.id) {
      if (this.approvals.length < REPORT_LIMITS.approvalEvents) {
        this.approvals.push({
          trace_id: row.trace_id, seq: row.seq, timestamp: ts, type: ev.type, approval_id: ev.approval.id, status: ev.approval.status ?? null,
          actor: ev.approval.actor ?? null, note: ev.approval.note ? clip(ev.approval.note, REPORT_LIMITS.reasonChars) : null,
          step: ev.step ?? null, tool: ev.tool ?? null,
        });
      } else {
        this.approvalsCut++;
      }
    }

    // policy versions named by the events
    if (ev.policy?.bundle_id && ev.policy.version != null) {
      const version = String(ev.policy.version);
      const environment = str(ev.agent?.environment);
      const key = `${ev.policy.bundle_id}\u0000${version}\u0000${environment ?? ""}\u0000${environment ? "" : ev.agent?.id}`;
      if (!this.policyRefs.has(key)) this.policyRefs.set(key, { bundle_id: ev.policy.bundle_id, version, environment, agent_id: ev.agent?.id });
    }

    this.addToGraph(t, row);
  }

  private addToGraph(t: { graphNodes: number; sources: Map<string, string> }, row: ChainEvent): void {
    const ev = row.event;
    if (t.graphNodes >= REPORT_LIMITS.graphNodesPerTrace || this.nodes.length >= REPORT_LIMITS.graphNodesTotal) {
      this.graphCut++;
      return;
    }
    const id = `${row.trace_id}#${ev.id}`;
    if (this.nodeIds.has(id)) return;
    this.pushNode(t, {
      id, trace_id: row.trace_id, column: STAGE_COLUMN.get(ev.stage) ?? 1,
      label: clip(ev.type, 25), sub: clip([ev.step != null ? `step ${ev.step}` : null, ev.tool].filter(Boolean).join(" · ") || `#${row.seq}`, 29),
      kind: "event", decision: ev.decision ?? null, untrusted: false,
    });
    if (ev.parent_id) this.pushEdge(`${row.trace_id}#${ev.parent_id}`, id);
    for (const p of ev.provenance ?? []) {
      if (p.source_type === "agent_identity" || p.source_type === "system_prompt") continue;
      const name = p.source_name ?? p.id ?? p.origin_uri ?? p.source_type;
      const trust = effectiveTrust(p.trust_level);
      const key = `${p.source_type}\u0000${name}\u0000${trust}`;
      let sid = t.sources.get(key);
      if (!sid) {
        if (t.graphNodes >= REPORT_LIMITS.graphNodesPerTrace || this.nodes.length >= REPORT_LIMITS.graphNodesTotal) break;
        sid = `${row.trace_id}#src:${t.sources.size}`;
        t.sources.set(key, sid);
        this.pushNode(t, {
          id: sid, trace_id: row.trace_id, column: 0, label: clip(name, 23), sub: `${p.source_type} · ${trust}`, kind: "source",
          decision: null, untrusted: trust === "unverified" || trust === "external",
        });
      }
      this.pushEdge(sid, id);
    }
  }

  private pushNode(t: { graphNodes: number }, n: GraphNode) {
    this.nodes.push(n);
    this.nodeIds.add(n.id);
    t.graphNodes++;
  }

  private pushEdge(from: string, to: string) {
    const k = `${from}\u0000${to}`;
    if (this.edgeKeys.has(k)) return;
    this.edgeKeys.add(k);
    this.edges.push({ from, to });
  }

  /** The finished trace's decision, reason and verdict: the engine's outcome over all its events in the package. */
  private settle() {
    if (!this.current) return;
    const t = this.traces.get(this.current.id);
    const o = traceOutcome(this.current.events);
    if (t) Object.assign(t, { final_decision: o.decision, final_reason: o.reason, verdict: o.verdict, foreign: o.foreign && { kind: o.foreign.kind, reason: o.foreign.reason } });
    this.current = null;
  }

  finish(): ReportModel {
    this.settle();
    return {
      traces: [...this.traces.values()].map(({ agentSet, firstMs: _f, lastMs: _l, graphNodes: _g, sources: _s, ...t }) => ({ ...t, agents: [...agentSet].sort() })),
      decisions: this.decisions,
      decisions_cut: this.decisionsCut,
      decision_counts: this.decisionCounts,
      approval_events: this.approvals,
      approval_events_cut: this.approvalsCut,
      // edges only between drawn nodes (a parent outside the sample is left out)
      graph: { nodes: this.nodes, edges: this.edges.filter((e) => this.nodeIds.has(e.from) && this.nodeIds.has(e.to)), cut: this.graphCut },
      policy_refs: [...this.policyRefs.values()],
      event_count: this.eventCount,
      time_range: { from: this.from, to: this.to },
    };
  }
}
