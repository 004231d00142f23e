"use client";
import { useMemo, useState } from "react";
import type { EventRow } from "@/lib/events/schemas";
import { DecisionBadge } from "./decision-badge";
import { fmtRisk, prettyJson, riskTone, utcTime } from "@/components/ui/format";
import { ProvenanceBadges } from "./provenance-badge";
import { Spinner } from "@/components/ui/spinner";
import { useAllTraceEvents } from "./use-trace-events";

type StepOutcome = { decision: string; reasons: string[]; seq: number; r_total?: number; step_risk?: number; approval?: string | null };
type PlanBlock = { ev: EventRow; outcomes: Map<number, StepOutcome> };

const VERDICTS = new Set(["allow", "block", "require_approval"]);

/**
 * Each plan submitted in the trace, with the decision each of its steps got: decision-stage events that name the
 * step index and come after that plan (and before the next one) in chain order; later approval events update it.
 */
export function buildPlans(events: EventRow[]): PlanBlock[] {
  const plans: PlanBlock[] = [];
  for (const ev of events) {
    const e = ev.event;
    if (e.stage === "plan" && e.plan) {
      plans.push({ ev, outcomes: new Map() });
      continue;
    }
    const cur = plans.at(-1);
    if (!cur || e.step === null || e.step === undefined) continue;
    if (ev.flags.includes("explain") || ev.flags.includes("dry_run")) continue;
    if (e.stage === "decision" && e.decision && VERDICTS.has(e.decision)) {
      cur.outcomes.set(e.step, { decision: e.decision, reasons: e.reasons ?? [], seq: ev.seq, r_total: e.risk?.r_total, step_risk: e.risk?.step_risk });
    } else if (e.stage === "approval" && e.approval) {
      const o = cur.outcomes.get(e.step);
      if (o) o.approval = e.approval.status ?? null;
      if (o && e.decision && VERDICTS.has(e.decision)) { o.decision = e.decision; o.seq = ev.seq; }
    }
  }
  return plans;
}

const PAGE = 25;

export function PlanView({ traceId, onOpenEvent }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  const q = useAllTraceEvents(traceId, ["plan", "decision", "approval"]);
  const plans = useMemo(() => buildPlans(q.data?.events ?? []), [q.data]);
  const [shown, setShown] = useState(PAGE);

  if (q.isPending) return <div className="flex items-center gap-2 p-6 text-sm text-slate-500"><Spinner /> Loading plans…</div>;
  if (q.error) return <div className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">Could not load the plans: {q.error.message}</div>;
  if (!plans.length) {
    return (
      <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
        No plan was submitted in this trace (no plan-stage event carries a <code>plan</code>).
      </div>
    );
  }
  return (
    <div className="min-h-0 flex-1 space-y-3 overflow-auto pb-6" data-testid="plan-view">
      <p className="text-xs text-slate-500">
        {plans.length} plan{plans.length === 1 ? "" : "s"} in this trace{q.data?.truncated ? " (only the first 20,000 plan, decision and approval events were read)" : ""}. Each step shows the decision it got.
      </p>
      {plans.slice(0, shown).map((p, i) => <PlanCard key={p.ev.id} n={i + 1} block={p} onOpenEvent={onOpenEvent} />)}
      {plans.length > shown && (
        <button onClick={() => setShown((s) => s + PAGE)} className="w-full rounded-md border border-slate-300 bg-white py-2 text-sm text-slate-700 hover:bg-slate-50">
          Show {Math.min(PAGE, plans.length - shown)} more of {plans.length - shown} remaining plans
        </button>
      )}
    </div>
  );
}

function PlanCard({ n, block, onOpenEvent }: { n: number; block: PlanBlock; onOpenEvent: (ev: EventRow) => void }) {
  const plan = block.ev.event.plan!;
  const steps = [...(plan.steps ?? [])].sort((a, b) => a.index - b.index);
  return (
    <section className="overflow-hidden rounded-md border border-slate-200 bg-white">
      <header className="flex items-center gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">Plan {n}</span>
        {plan.id && <code className="text-xs text-slate-600">{plan.id}</code>}
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900" title={plan.intent ?? undefined}>{plan.intent ?? <i className="text-slate-500">no intent given</i>}</span>
        {plan.risk_level && <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-700">risk {plan.risk_level}</span>}
        <button onClick={() => onOpenEvent(block.ev)} className="text-xs text-indigo-700 hover:underline">
          event #{block.ev.seq} · {utcTime(block.ev.event.timestamp)}
        </button>
      </header>
      {steps.length === 0 ? (
        <p className="p-3 text-sm text-slate-500">This plan has no steps.</p>
      ) : (
        <table className="w-full table-fixed text-left text-[13px]">
          <thead className="text-[11px] uppercase tracking-wide text-slate-500">
            <tr className="border-b border-slate-100">
              <th className="w-12 px-3 py-1.5 text-right">#</th>
              <th className="w-44 px-2 py-1.5">Tool</th>
              <th className="px-2 py-1.5">Intent</th>
              <th className="w-40 px-2 py-1.5">Capability</th>
              <th className="w-[30%] px-2 py-1.5">Arguments</th>
              <th className="w-56 px-2 py-1.5">Decision</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {steps.map((s) => {
              const o = block.outcomes.get(s.index);
              return (
                <tr key={s.index} className="align-top">
                  <td className="px-3 py-2 text-right font-mono text-xs text-slate-500">{s.index}</td>
                  <td className="px-2 py-2"><code className="break-all text-xs text-slate-900">{s.tool}</code></td>
                  <td className="px-2 py-2 text-slate-700">
                    {s.intent ?? <span className="text-slate-500">—</span>}
                    {s.provenance?.length ? <div className="mt-1"><ProvenanceBadges list={s.provenance} max={3} /></div> : null}
                  </td>
                  <td className="px-2 py-2">{s.capability ? <code className="rounded bg-teal-50 px-1 text-xs text-teal-800">{s.capability}</code> : <span className="text-slate-500">—</span>}</td>
                  <td className="px-2 py-2">
                    {s.arguments === undefined ? <span className="text-slate-500">—</span> : (
                      <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-1.5 font-mono text-[11px] leading-4 text-slate-800">{prettyJson(s.arguments)}</pre>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    {o ? (
                      <div className="space-y-1">
                        <div className="flex items-center gap-2">
                          <DecisionBadge decision={o.decision} />
                          {o.approval && <span className="text-[11px] text-slate-500">approval {o.approval}</span>}
                        </div>
                        {o.reasons[0] && <div className="text-xs text-slate-600">{o.reasons[0]}</div>}
                        <div className="font-mono text-[11px] text-slate-500">
                          #{o.seq} · risk <span className={riskTone(o.step_risk)}>{fmtRisk(o.step_risk)}</span> / <span className={riskTone(o.r_total)}>{fmtRisk(o.r_total)}</span>
                        </div>
                      </div>
                    ) : (
                      <span className="text-xs text-slate-500">no decision recorded</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
