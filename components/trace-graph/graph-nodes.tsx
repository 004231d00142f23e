"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { TrustBadge } from "@/components/ui/trust-badge";

export type ApiNode = TraceGraphResponse["nodes"][number];
export type ApiGroup = TraceGraphResponse["groups"][number];

/** Per kind: the heading shown on the card and the stripe colour (the same hues as the timeline's stages). */
export const KIND_STYLE: Record<ApiNode["kind"], { title: string; stripe: string; hex: string }> = {
  agent: { title: "Agent identity", stripe: "bg-indigo-600", hex: "#4f46e5" },
  source: { title: "Source", stripe: "bg-sky-500", hex: "#0ea5e9" },
  context: { title: "Context", stripe: "bg-sky-400", hex: "#38bdf8" },
  plan: { title: "Plan", stripe: "bg-violet-600", hex: "#7c3aed" },
  step: { title: "Plan step", stripe: "bg-violet-400", hex: "#a78bfa" },
  capability: { title: "Capability", stripe: "bg-teal-500", hex: "#14b8a6" },
  guard: { title: "Guard", stripe: "bg-rose-400", hex: "#fb7185" },
  policy: { title: "Policy", stripe: "bg-indigo-500", hex: "#6366f1" },
  budget: { title: "Budget", stripe: "bg-yellow-500", hex: "#eab308" },
  risk: { title: "Risk", stripe: "bg-orange-500", hex: "#f97316" },
  decision: { title: "Decision", stripe: "bg-fuchsia-600", hex: "#c026d3" },
  approval: { title: "Approval", stripe: "bg-amber-600", hex: "#d97706" },
  grant: { title: "Grant", stripe: "bg-emerald-500", hex: "#10b981" },
  execution: { title: "Execution", stripe: "bg-emerald-600", hex: "#059669" },
  outcome: { title: "Outcome", stripe: "bg-blue-600", hex: "#2563eb" },
  flag: { title: "Governance flag", stripe: "bg-red-600", hex: "#dc2626" },
  event: { title: "Event", stripe: "bg-stone-500", hex: "#78716c" },
};

const STATUS_STYLE: Record<string, string> = {
  executed: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  delegated: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  failed: "bg-red-50 text-red-800 ring-red-600/30",
  skipped: "bg-slate-100 text-slate-600 ring-slate-400/40",
  violated: "bg-red-50 text-red-800 ring-red-600/30",
  flagged: "bg-red-50 text-red-800 ring-red-600/30",
  near_limit: "bg-amber-50 text-amber-900 ring-amber-600/40",
};

/** The badge a node shows: trust for sources and agents, status for executions, otherwise its verdict. */
export function NodeBadge({ n }: { n: ApiNode }) {
  if ((n.kind === "source" || n.kind === "agent") && n.trust_label) return <TrustBadge level={n.trust_label} />;
  if (n.kind === "execution" || n.kind === "budget" || (n.kind === "guard" && n.status === "flagged")) {
    const s = n.status ?? "recorded";
    return (
      <span className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${STATUS_STYLE[s] ?? "bg-white text-slate-600 ring-slate-300"}`} data-status={s}>
        {s === "skipped" ? "not executed" : s.replace(/_/g, " ")}
      </span>
    );
  }
  if (n.kind === "step") return n.access ? <AccessTag access={n.access} /> : null;
  if (n.decision && n.decision !== "observed") return <DecisionBadge decision={n.decision} />;
  return null;
}

export function AccessTag({ access }: { access: string }) {
  const cls = access === "outbound" ? "bg-red-50 text-red-800 ring-red-600/30" : access === "write" ? "bg-amber-50 text-amber-900 ring-amber-600/40" : "bg-slate-50 text-slate-600 ring-slate-300";
  const mark = access === "outbound" ? "↗" : access === "write" ? "✎" : access === "delegate" ? "⇢" : "◦";
  return (
    <span className={`inline-flex items-center gap-0.5 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${cls}`} title={`Access: ${access}`}>
      <span aria-hidden>{mark}</span>
      {access}
    </span>
  );
}

export type GraphNodeData = { n: ApiNode; onPath: boolean; dim: boolean; taint: boolean };
export type GraphFlowNode = Node<GraphNodeData, "exec">;

/** One graph node as a dense card: kind heading, badge, label, detail line, and a count when folded. */
export const ExecNode = memo(function ExecNode({ data, selected }: NodeProps<GraphFlowNode>) {
  const { n, onPath, dim, taint } = data;
  const k = KIND_STYLE[n.kind];
  const ring = onPath ? "ring-2 ring-red-600" : taint ? "ring-1 ring-red-400" : selected ? "ring-2 ring-indigo-500" : "ring-1 ring-slate-300";
  const tip = [`${k.title}: ${n.label}`, n.sublabel, ...n.details, n.count > 1 ? `${n.count} folded nodes, ${n.event_count} events` : `${n.event_count} event(s); click to inspect`]
    .filter(Boolean)
    .join("\n");
  return (
    <div
      className={`relative flex h-[68px] w-[236px] cursor-pointer overflow-hidden rounded-md bg-white shadow-sm transition-opacity ${ring} ${dim ? "opacity-30" : ""}`}
      title={tip}
      data-kind={n.kind}
      data-node-id={n.id}
    >
      <Handle type="target" position={Position.Left} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />
      <div className={`w-1.5 shrink-0 ${k.stripe}`} aria-hidden />
      <div className="flex min-w-0 flex-1 flex-col justify-center gap-0.5 px-2 py-1">
        <div className="flex items-center gap-1.5">
          <span className="truncate text-[10px] font-semibold uppercase tracking-wide text-slate-500">
            {n.kind === "source" && n.source_type ? n.source_type.replace(/_/g, " ") : k.title}
            {n.step != null && n.kind !== "step" ? ` · step ${n.step}` : ""}
          </span>
          <span className="ml-auto flex shrink-0 items-center gap-1">
            {n.flags.includes("dry_run") && <span className="rounded bg-white px-1 text-[10px] text-slate-500 ring-1 ring-inset ring-slate-300">dry run</span>}
            <NodeBadge n={n} />
          </span>
        </div>
        <div className="truncate text-[12.5px] font-medium leading-tight text-slate-900">{n.label}</div>
        {n.sublabel && <div className="truncate text-[11px] leading-tight text-slate-500">{n.sublabel}</div>}
      </div>
      {n.count > 1 && (
        <span className="absolute bottom-1 right-1 rounded bg-slate-800 px-1.5 text-[10px] font-semibold tabular-nums text-white" title={`${n.count} folded`}>
          ×{n.count.toLocaleString("en-US")}
        </span>
      )}
      <Handle type="source" position={Position.Right} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />
    </div>
  );
});

export type GroupNodeData = { g: ApiGroup; dim: boolean };
export type GroupFlowNode = Node<GroupNodeData, "tracegroup">;

/** A trace (one agent's run) as a titled box with its outcome (the same as the list and header) and final R_total. */
export const TraceGroupNode = memo(function TraceGroupNode({ data }: NodeProps<GroupFlowNode>) {
  const { g } = data;
  return (
    <div className="h-full w-full rounded-lg border border-slate-300 bg-slate-50/60" data-group={g.trace_id}>
      <div className="flex items-center gap-2 rounded-t-lg border-b border-slate-200 bg-white/90 px-3 py-1.5">
        <span className="text-[10px] font-semibold uppercase tracking-wide text-indigo-700">{g.parent_trace_id ? "Child trace" : "Trace"}</span>
        <span className="truncate text-xs font-semibold text-slate-800">{g.label}</span>
        {g.outcome.decision && (
          <span className="ml-auto shrink-0" title={g.outcome.reason ?? undefined} data-testid="graph-group-outcome" data-decision={g.outcome.decision} data-verdict={g.outcome.verdict}>
            <DecisionBadge decision={g.outcome.decision} />
          </span>
        )}
        <span className={`${g.outcome.decision ? "" : "ml-auto "}shrink-0 rounded bg-slate-100 px-1.5 py-px text-[11px] tabular-nums text-slate-700 ring-1 ring-inset ring-slate-300`} title="Final R_total of this trace">
          R_total {g.r_total === null ? "—" : g.r_total.toFixed(2)}
        </span>
      </div>
    </div>
  );
});
