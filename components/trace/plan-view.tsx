"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { fetchTraceDiff } from "@/components/replay/api";
import type { EventRow } from "@/lib/events/schemas";
import type { TraceDiffResponse } from "@/lib/replay/schemas";
import { fetchEvent } from "./api";
import { DecisionBadge } from "./decision-badge";
import { fmtRisk, prettyJson, riskTone, utcTime } from "@/components/ui/format";
import { ProvenanceBadges } from "./provenance-badge";
import { Spinner } from "@/components/ui/spinner";

type PlanDiff = TraceDiffResponse["diff"]["plans"][number];
type StepOutcomes = Map<string, TraceDiffResponse["outcome"]["steps"][number]>;
type Ref = { seq: number; event_id: string };

const PAGE = 25;

/**
 * Each plan of the trace with the decision each step got, as the server's reconstruction reads it (the same
 * answer as the Replay diff, the header and the list): the step's effective decision after approvals, its label
 * ("Approved · executed") and its reason. Nothing is re-derived here.
 */
export function PlanView({ traceId, onOpenEvent }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  const q = useQuery({ queryKey: ["traces", traceId, "diff"], queryFn: ({ signal }) => fetchTraceDiff(traceId, signal), staleTime: 10_000 });
  const plans = useMemo(() => (q.data?.diff.plans ?? []).filter((p) => p.source !== "implicit"), [q.data]);
  const outcomes: StepOutcomes = useMemo(() => new Map((q.data?.outcome.steps ?? []).map((s) => [s.key, s])), [q.data]);
  const [shown, setShown] = useState(PAGE);
  const open = useCallback(async (ref: Ref) => { if (ref.event_id) onOpenEvent(await fetchEvent(ref.event_id)); }, [onOpenEvent]);

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
        {plans.length} plan{plans.length === 1 ? "" : "s"} in this trace{q.data?.truncated ? ` (only the first ${q.data.event_limit.toLocaleString("en-US")} events were read)` : ""}. Each step shows the decision it got.
      </p>
      {plans.slice(0, shown).map((p, i) => <PlanCard key={p.key} n={i + 1} plan={p} outcomes={outcomes} onOpen={open} />)}
      {plans.length > shown && (
        <button onClick={() => setShown((s) => s + PAGE)} className="w-full rounded-md border border-slate-300 bg-white py-2 text-sm text-slate-700 hover:bg-slate-50">
          Show {Math.min(PAGE, plans.length - shown)} more of {plans.length - shown} remaining plans
        </button>
      )}
    </div>
  );
}

function PlanCard({ n, plan, outcomes, onOpen }: { n: number; plan: PlanDiff; outcomes: StepOutcomes; onOpen: (ref: Ref) => void }) {
  const steps = plan.steps;
  return (
    <section className="overflow-hidden rounded-md border border-slate-200 bg-white">
      <header className="flex items-center gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">Plan {n}</span>
        {plan.plan_id && <code className="text-xs text-slate-600">{plan.plan_id}</code>}
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900" title={plan.intent ?? undefined}>{plan.intent ?? <i className="text-slate-500">no intent given</i>}</span>
        {plan.risk_level && <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-700">risk {plan.risk_level}</span>}
        <button onClick={() => onOpen(plan)} className="text-xs text-indigo-700 hover:underline">
          event #{plan.seq}{plan.timestamp ? ` · ${utcTime(plan.timestamp)}` : ""}
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
            {steps.map(({ step: s }) => {
              const d = s.decision;
              const o = outcomes.get(s.key);
              return (
                <tr key={s.key} className="align-top" data-step-key={s.key}>
                  <td className="px-3 py-2 text-right font-mono text-xs text-slate-500">{s.index}</td>
                  <td className="px-2 py-2"><code className="break-all text-xs text-slate-900">{s.tool}</code></td>
                  <td className="px-2 py-2 text-slate-700">
                    {s.intent ?? <span className="text-slate-500">—</span>}
                    {s.provenance.length ? <div className="mt-1"><ProvenanceBadges list={s.provenance} max={3} /></div> : null}
                  </td>
                  <td className="px-2 py-2">{s.capability ? <code className="rounded bg-teal-50 px-1 text-xs text-teal-800">{s.capability}</code> : <span className="text-slate-500">—</span>}</td>
                  <td className="px-2 py-2">
                    {s.arguments === undefined ? <span className="text-slate-500">—</span> : (
                      <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-1.5 font-mono text-[11px] leading-4 text-slate-800">{prettyJson(s.arguments)}</pre>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    {d && o ? (
                      <div className="space-y-1">
                        <div className="flex items-center gap-2">
                          <DecisionBadge decision={o.effective === "none" ? d.value : o.effective} />
                          <span className="text-[11px] text-slate-500" data-testid="plan-step-label">{o.label}</span>
                        </div>
                        {d.reasons[0] && <div className="text-xs text-slate-600">{d.reasons[0]}</div>}
                        <button onClick={() => onOpen(d)} className="font-mono text-[11px] text-slate-500 hover:underline">
                          #{d.seq} · risk <span className={riskTone(d.risk?.step_risk)}>{fmtRisk(d.risk?.step_risk)}</span> / <span className={riskTone(d.risk?.r_total)}>{fmtRisk(d.risk?.r_total)}</span>
                        </button>
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
