"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { fetchEvent } from "@/components/trace/api";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { ForeignNotice } from "@/components/trace/foreign-notice";
import { ProvenanceBadges } from "@/components/trace/provenance-badge";
import { Spinner } from "@/components/ui/spinner";
import { fmtRisk, riskTone, utcDateTime } from "@/components/ui/format";
import { GOVERNANCE_RESULTS, SEVERITIES, type GovernanceResult } from "@/engine/replay/diff";
import type { EventRow } from "@/lib/events/schemas";
import type { TraceDiffResponse } from "@/lib/replay/schemas";
import { fetchTraceDiff } from "./api";
import { ResultBadge, SeverityBadge, resultMeaning } from "./badges";

type Diff = TraceDiffResponse["diff"];
type PlanDiff = Diff["plans"][number];
type StepDiff = PlanDiff["steps"][number];
type Ref = { seq: number; event_id: string; type: string };

const PAGE = 100;
const LONG_TRACE_STEPS = 200;
/** Rows drawn at first across all plans: a 10,000-event crawl has 1,600 blocked steps, and drawing them all at once
 * kept the tab blank for seconds; plans past the budget open collapsed, one click from their steps. */
const FIRST_RENDER_ROWS = 200;
const STAGE_LABEL: Record<string, string> = { capability: "cap", guard: "guard", policy: "policy", budget: "budget", risk: "risk" };

/** The hook that turns an event pointer into an open inspector (loads the event by id). */
function useOpener(onOpenEvent: (ev: EventRow) => void) {
  const [error, setError] = useState<string | null>(null);
  const open = useCallback(
    async (ref: Ref | null | undefined) => {
      if (!ref?.event_id) return;
      setError(null);
      try {
        onOpenEvent(await fetchEvent(ref.event_id));
      } catch (e) {
        setError(`Could not open event #${ref.seq}: ${(e as Error).message}`);
      }
    },
    [onOpenEvent],
  );
  return { open, error };
}

/** Replay diff of a trace: per step of every plan, intent vs decision vs outcome, mismatches and governance results. */
export function TraceReplayTab({ traceId, onOpenEvent }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  const q = useQuery({ queryKey: ["traces", traceId, "diff"], queryFn: ({ signal }) => fetchTraceDiff(traceId, signal), staleTime: 10_000 });
  const { open, error: openError } = useOpener(onOpenEvent);
  // long traces open on the steps that need attention; the reader can switch to all
  const [attentionChoice, setAttentionOnly] = useState<boolean | null>(null);

  if (q.isPending) return <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-white p-6 text-sm text-slate-500"><Spinner /> Reconstructing plans, decisions and executions…</div>;
  if (q.error) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        Could not compute the replay diff: {q.error.message}
        <button type="button" onClick={() => q.refetch()} className="ml-2 underline">Retry</button>
      </div>
    );
  }
  const { diff, truncated, event_limit } = q.data;
  const attentionOnly = attentionChoice ?? diff.counts.steps > LONG_TRACE_STEPS;
  return (
    <div className="min-h-0 flex-1 space-y-3 overflow-auto pb-6" data-testid="replay-tab">
      <VerdictHeader diff={diff} attentionOnly={attentionOnly} setAttentionOnly={setAttentionOnly} refreshing={q.isFetching} onRefresh={() => q.refetch()} />
      {truncated && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This trace has more than {event_limit.toLocaleString("en-US")} events; the diff covers the first {event_limit.toLocaleString("en-US")} only.
        </p>
      )}
      {openError && <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{openError}</p>}
      {diff.trace_mismatches.length > 0 && <TraceFindings diff={diff} open={open} />}
      {diff.plans.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
          No plan, decision or execution in this trace to compare{diff.advisories.length ? " — only dry-run or explain results, listed below" : ""}.
        </div>
      ) : (
        <Plans plans={diff.plans} open={open} attentionOnly={attentionOnly} />
      )}
      {diff.advisories.length > 0 && <Advisories diff={diff} open={open} />}
    </div>
  );
}

function VerdictHeader({
  diff, attentionOnly, setAttentionOnly, refreshing, onRefresh,
}: { diff: Diff; attentionOnly: boolean; setAttentionOnly: (v: boolean) => void; refreshing: boolean; onRefresh: () => void }) {
  const c = diff.counts;
  const tone = diff.verdict === "violation" ? "border-red-300 bg-red-50" : diff.verdict === "review" ? "border-amber-300 bg-amber-50/60" : "border-slate-200 bg-white";
  return (
    <section className={`rounded-md border p-3 ${tone}`} aria-label="Trace governance verdict">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex items-center gap-2">
          <span className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Trace verdict</span>
          <ResultBadge result={diff.verdict} size="lg" />
        </div>
        <p className="min-w-0 flex-1 basis-96 text-sm text-slate-800" data-testid="verdict-reason">{diff.verdict_reason}</p>
        <button type="button" onClick={onRefresh} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50">
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1.5 text-xs text-slate-600">
        <span className="tabular-nums">
          {c.plans} {c.plans === 1 ? "plan" : "plans"} · {c.steps.toLocaleString("en-US")} {c.steps === 1 ? "step" : "steps"} · {c.executions.toLocaleString("en-US")} {c.executions === 1 ? "execution" : "executions"} · {diff.event_count.toLocaleString("en-US")} events
        </span>
        <span className="flex flex-wrap items-center gap-1" aria-label="Steps by governance result">
          {GOVERNANCE_RESULTS.filter((r) => c.results[r]).map((r) => (
            <span key={r} className="inline-flex items-center gap-1">
              <ResultBadge result={r} />
              <span className="tabular-nums font-semibold text-slate-700">{c.results[r].toLocaleString("en-US")}</span>
            </span>
          ))}
        </span>
        <span className="flex flex-wrap items-center gap-1" aria-label="Mismatches by severity">
          {SEVERITIES.some((s) => c.severities[s]) ? (
            SEVERITIES.filter((s) => c.severities[s]).map((s) => (
              <span key={s} className="inline-flex items-center gap-1">
                <SeverityBadge severity={s} />
                <span className="tabular-nums font-semibold text-slate-700">{c.severities[s]}</span>
              </span>
            ))
          ) : (
            <span className="text-emerald-700">no mismatches</span>
          )}
        </span>
        <label className="ml-auto inline-flex cursor-pointer items-center gap-1.5 text-slate-700">
          <input type="checkbox" checked={attentionOnly} onChange={(e) => setAttentionOnly(e.target.checked)} className="h-3.5 w-3.5 accent-indigo-600" />
          Only steps needing attention
        </label>
      </div>
      {diff.foreign && <div className="mt-2"><ForeignNotice foreign={diff.foreign} where="diff" /></div>}
    </section>
  );
}

function TraceFindings({ diff, open }: { diff: Diff; open: (r: Ref) => void }) {
  return (
    <section className="rounded-md border border-red-200 bg-white" aria-label="Findings not tied to a step">
      <h3 className="border-b border-red-100 bg-red-50 px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-red-800">Not tied to a planned step</h3>
      <ul className="divide-y divide-slate-100">
        {diff.trace_mismatches.map((m, i) => (
          <li key={i} className="flex items-center gap-2 px-3 py-1.5 text-sm">
            <SeverityBadge severity={m.severity} title="Open the event" onClick={() => open(m.event)}>{m.kind.replace(/_/g, " ")}</SeverityBadge>
            <span className="min-w-0 flex-1 text-slate-800">{m.message}</span>
            <button type="button" onClick={() => open(m.event)} className="shrink-0 font-mono text-xs text-indigo-700 hover:underline">#{m.event.seq}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const needsAttention = (s: StepDiff) => (s.result !== "matched" && s.result !== "not_reached") || s.mismatches.some((m) => m.severity !== "info");

/** The plans, each with the steps it shows (all or those needing attention) and its share of the first-render budget. */
function Plans({ plans, open, attentionOnly }: { plans: PlanDiff[]; open: (r: Ref) => void; attentionOnly: boolean }) {
  const shares = useMemo(() => {
    let left = FIRST_RENDER_ROWS;
    return plans.map((p) => {
      const steps = attentionOnly ? p.steps.filter(needsAttention) : p.steps;
      const first = Math.min(PAGE, steps.length, left);
      left -= first;
      return { steps, first };
    });
  }, [plans, attentionOnly]);
  return plans.map((p, i) => (
    <PlanSection key={`${p.key}:${attentionOnly}`} n={i + 1} total={plans.length} plan={p} steps={shares[i].steps} first={shares[i].first} open={open} attentionOnly={attentionOnly} />
  ));
}

function PlanSection({
  n, total, plan, steps, first, open, attentionOnly,
}: { n: number; total: number; plan: PlanDiff; steps: StepDiff[]; first: number; open: (r: Ref) => void; attentionOnly: boolean }) {
  const [shown, setShown] = useState(first);
  if (attentionOnly && steps.length === 0 && total > 1) return null;
  const src = plan.source === "engine" ? "evaluated by the engine" : plan.source === "agent" ? "sent by the agent" : "no plan event: steps from decisions";
  return (
    <section className="overflow-hidden rounded-md border border-slate-200 bg-white" aria-label={`Plan ${n}`}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">Plan {n}{total > 1 ? ` of ${total}` : ""}</span>
        {plan.source !== "implicit" ? (
          <button type="button" onClick={() => open(plan)} className="font-mono text-xs text-indigo-700 hover:underline" title="Open the plan event">
            {plan.key} · #{plan.seq}
          </button>
        ) : (
          <span className="text-xs text-slate-500">{src}</span>
        )}
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900" title={plan.intent ?? undefined}>{plan.intent ?? <i className="font-normal text-slate-500">no intent given</i>}</span>
        {plan.source !== "implicit" && <span className="text-[11px] text-slate-500">{src}{plan.timestamp ? ` · ${utcDateTime(plan.timestamp)}` : ""}</span>}
        {plan.outcome && (
          <button type="button" onClick={() => open(plan.outcome!)} className="inline-flex items-center gap-1 text-[11px] text-slate-600 hover:underline" title="Open evaluation.completed">
            overall <DecisionBadge decision={plan.outcome.decision} />
          </button>
        )}
        {plan.result && <ResultBadge result={plan.result} />}
      </header>
      {steps.length === 0 ? (
        <p className="px-3 py-4 text-sm text-slate-500">{attentionOnly ? "No step of this plan needs attention." : "This plan has no steps."}</p>
      ) : shown === 0 ? null : (
        <table className="w-full table-fixed border-collapse text-sm">
          <colgroup>
            <col className="w-[76px]" />
            <col className="w-[30%]" />
            <col className="w-[30%]" />
            <col className="w-[18%]" />
            <col />
          </colgroup>
          <thead className="border-b border-slate-200 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-1.5">Step</th>
              <th scope="col" className="px-3 py-1.5">Planned intent</th>
              <th scope="col" className="px-3 py-1.5">Decision</th>
              <th scope="col" className="px-3 py-1.5">Outcome</th>
              <th scope="col" className="px-3 py-1.5">Governance result</th>
            </tr>
          </thead>
          <tbody>
            {steps.slice(0, shown).map((s) => <StepRow key={s.step.key} s={s} planRef={plan.source === "implicit" ? null : plan} open={open} />)}
          </tbody>
        </table>
      )}
      {steps.length > shown && (
        <button type="button" onClick={() => setShown((x) => x + (x === 0 ? PAGE : PAGE * 5))} className="w-full border-t border-slate-200 bg-slate-50 py-2 text-sm text-slate-700 hover:bg-slate-100">
          {moreLabel(steps.length, shown, attentionOnly)}
        </button>
      )}
    </section>
  );
}

/** The label of a plan's "show more" button: all of a collapsed plan's steps, the rest, or the next page. */
function moreLabel(total: number, shown: number, attentionOnly: boolean): string {
  const n = (x: number) => `${x.toLocaleString("en-US")} ${x === 1 ? "step" : "steps"}`;
  const left = total - shown;
  if (shown === 0) return `Show ${n(total)}${attentionOnly ? " needing attention" : ""}`;
  if (left <= PAGE * 5) return `Show the remaining ${n(left)}`;
  return `Show ${(PAGE * 5).toLocaleString("en-US")} more of ${left.toLocaleString("en-US")} remaining steps`;
}

function preview(v: unknown, max = 140): string {
  if (v === undefined || v === null) return "";
  const t = typeof v === "string" ? v : JSON.stringify(v);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const rowTone: Record<GovernanceResult, string> = {
  violation: "bg-red-50/70 border-l-4 border-l-red-600",
  review: "bg-amber-50/50 border-l-4 border-l-amber-400",
  blocked: "border-l-4 border-l-slate-700",
  enforced: "border-l-4 border-l-indigo-400",
  matched: "border-l-4 border-l-transparent",
  not_reached: "border-l-4 border-l-transparent text-slate-500",
};

function StepRow({ s, planRef, open }: { s: StepDiff; planRef: Ref | null; open: (r: Ref) => void }) {
  const st = s.step;
  const d = st.decision;
  // the decision's risk, completed from the risk stage (agents often put step risk on one and R_total on the other)
  const stageRisk = [...st.stages].reverse().find((x) => x.risk)?.risk ?? null;
  const risk = d?.risk || stageRisk
    ? { ...stageRisk, ...Object.fromEntries(Object.entries(d?.risk ?? {}).filter(([, v]) => v !== null)) } as NonNullable<typeof stageRisk>
    : null;
  return (
    <tr className={`border-b border-slate-100 align-top last:border-0 ${rowTone[s.result]}`} data-step={st.index} data-result={s.result}>
      <td className="px-3 py-2 font-mono text-xs text-slate-600">
        {st.index}
        {!st.planned && <div className="mt-0.5 font-sans text-[10px] text-slate-500" title="Not in the plan's step list: named only by decisions or executions">unplanned</div>}
      </td>
      {/* intent */}
      <td className="px-3 py-2">
        <button type="button" onClick={() => (planRef ? open(planRef) : open(d ?? st.executions[0]))} className="block max-w-full truncate text-left font-mono text-xs font-semibold text-slate-900 hover:text-indigo-700 hover:underline" title="Open the plan event">
          {st.tool}
        </button>
        {st.intent && <div className="mt-0.5 text-xs text-slate-700">{st.intent}</div>}
        {st.arguments !== undefined && st.arguments !== null && (
          <div className="mt-0.5 truncate font-mono text-[11px] text-slate-500" title={JSON.stringify(st.arguments, null, 2)}>{preview(st.arguments)}</div>
        )}
        {st.provenance.length > 0 && <div className="mt-1"><ProvenanceBadges list={st.provenance} max={3} /></div>}
        {st.superseded_by && <div className="mt-1 text-[11px] text-slate-500">re-evaluated in {st.superseded_by}</div>}
      </td>
      {/* decision */}
      <td className="px-3 py-2">
        {d ? (
          <div className="flex flex-wrap items-center gap-1.5">
            <button type="button" onClick={() => open(d)} title={`Open ${d.type} #${d.seq}`} className="rounded focus-visible:outline-2 focus-visible:outline-indigo-600">
              <DecisionBadge decision={d.value} />
            </button>
            {s.effective_decision !== d.value && s.effective_decision !== "none" && (
              <span className="inline-flex items-center gap-1 text-[11px] text-slate-500">→ <DecisionBadge decision={s.effective_decision} title="Effective decision after the approval" /></span>
            )}
            {risk && (
              <span className={`text-[11px] tabular-nums ${riskTone(risk.r_total)}`} title={`step risk ${fmtRisk(risk.step_risk)}${risk.r_step !== null ? ` = R_step ${risk.r_step} × E ${risk.e} × T ${risk.t} × B ${risk.b}` : ""}; R_total ${fmtRisk(risk.r_total)}`}>
                risk {fmtRisk(risk.step_risk)} · R<sub>total</sub> {fmtRisk(risk.r_total)}
              </span>
            )}
          </div>
        ) : (
          <span className="text-xs text-slate-500">No decision recorded</span>
        )}
        {st.stages.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1" aria-label="Stage verdicts">
            {st.stages.map((x) => (
              <button
                key={x.seq}
                type="button"
                onClick={() => open(x)}
                title={`${x.stage}: ${x.decision ?? "—"}${x.reasons.length ? `\n${x.reasons.join("\n")}` : ""}${x.determining.length ? `\npolicies: ${x.determining.join(", ")}` : ""}${x.violations.length ? `\nviolations: ${x.violations.join("; ")}` : ""}`}
                className={`inline-flex items-center gap-0.5 rounded px-1 text-[10px] ring-1 ring-inset ${stageTone(x.decision)}`}
              >
                {STAGE_LABEL[x.stage]}
                <span aria-hidden>{stageMark(x.decision)}</span>
                <span className="sr-only">{x.decision ?? "no verdict"}</span>
              </button>
            ))}
          </div>
        )}
        {d?.reasons[0] && <p className="mt-1 line-clamp-3 text-xs text-slate-700" title={d.reasons.join("\n")}>{d.reasons[0]}</p>}
        {d && d.determining.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1">
            {d.determining.map((p) => <code key={p} className="rounded bg-slate-100 px-1 text-[10px] text-slate-700" title="Determining policy">{p}</code>)}
          </div>
        )}
        {st.approval && (
          <div className="mt-1 text-[11px] text-slate-600">
            Approval{" "}
            <button type="button" onClick={() => open(st.approval!.decided ?? st.approval!.requested!)} className="font-mono text-indigo-700 hover:underline">{st.approval.id}</button>{" "}
            <span className={`font-semibold ${st.approval.status === "approved" ? "text-emerald-700" : st.approval.status === "pending" ? "text-amber-700" : "text-red-700"}`}>{st.approval.status}</span>
            {st.approval.actor && <> by {st.approval.actor}</>}
            {st.approval.decided_at && <> · {utcDateTime(st.approval.decided_at)}</>}
            {st.approval.note && <span className="block italic text-slate-500">“{st.approval.note}”</span>}
          </div>
        )}
      </td>
      {/* outcome */}
      <td className="px-3 py-2">
        <OutcomeLabel outcome={s.outcome} />
        {st.executions.map((x) => (
          <div key={x.seq} className="mt-1 text-[11px] text-slate-600">
            <button type="button" onClick={() => open(x)} className="font-mono text-indigo-700 hover:underline" title={`Open ${x.type}`}>
              {x.outcome === "failed" ? "failed" : "ran"} #{x.seq}
            </button>
            {x.tool && x.tool !== st.tool && <span className="ml-1 font-mono text-red-700">{x.tool}</span>}
            {x.token_jti ? <span className="ml-1 font-mono text-slate-500" title={`capability token ${x.token_jti}`}>token {x.token_jti.slice(0, 14)}…</span> : <span className="ml-1 text-slate-500">no token</span>}
            {x.error && <span className="block truncate text-red-700" title={x.error}>{x.error}</span>}
          </div>
        ))}
        {st.grants.length > 0 && st.executions.length === 0 && (
          <div className="mt-1 text-[11px] text-slate-500">granted {st.grants.map((g) => g.token_jti.slice(0, 14)).join(", ")}…, unused</div>
        )}
        {st.skipped.length > 0 && <div className="mt-1 text-[11px] text-slate-500">reported skipped (#{st.skipped.map((x) => x.seq).join(", #")})</div>}
      </td>
      {/* result */}
      <td className="px-3 py-2">
        <ResultBadge result={s.result} title={`${s.result}: ${resultMeaning(s.result)}`} />
        <p className="mt-1 text-xs text-slate-700">{s.explanation}</p>
        {s.mismatches.length > 0 && (
          <ul className="mt-1 space-y-1">
            {s.mismatches.map((m, i) => (
              <li key={i}>
                <SeverityBadge severity={m.severity} title={`${m.message}\nOpen event #${m.event.seq}`} onClick={() => open(m.event)}>{m.kind.replace(/_/g, " ")}</SeverityBadge>
                {m.severity !== "info" && <p className="mt-0.5 text-[11px] text-slate-600">{m.message}</p>}
                {m.argument_diffs && m.argument_diffs.length > 0 && (
                  <table className="mt-1 w-full text-[11px]">
                    <tbody>
                      {m.argument_diffs.map((a) => (
                        <tr key={a.key} className="align-top">
                          <td className="pr-1 font-mono text-slate-600">{a.key}</td>
                          <td className="pr-1 font-mono text-emerald-800" title="decided">{"decided" in a ? preview(a.decided, 40) : <i>absent</i>}</td>
                          <td className="font-mono text-red-700" title="executed">{"executed" in a ? preview(a.executed, 40) : <i>absent</i>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function stageTone(decision: string | null): string {
  if (decision === "block") return "bg-red-50 text-red-800 ring-red-300";
  if (decision === "require_approval") return "bg-amber-50 text-amber-900 ring-amber-300";
  if (decision === "allow") return "bg-emerald-50 text-emerald-800 ring-emerald-300";
  return "bg-white text-slate-500 ring-slate-200";
}

function stageMark(decision: string | null): string {
  if (decision === "block") return "✕";
  if (decision === "require_approval") return "!";
  if (decision === "allow") return "✓";
  return "·";
}

function OutcomeLabel({ outcome }: { outcome: StepDiff["outcome"] }) {
  if (outcome === "executed") return <span className="inline-flex items-center gap-1 text-xs font-semibold text-slate-800"><span aria-hidden className="text-emerald-600">▶</span>Executed</span>;
  if (outcome === "failed") return <span className="inline-flex items-center gap-1 text-xs font-semibold text-orange-800"><span aria-hidden>▲</span>Failed</span>;
  return <span className="inline-flex items-center gap-1 text-xs text-slate-500"><span aria-hidden>■</span>Not executed</span>;
}

function Advisories({ diff, open }: { diff: Diff; open: (r: Ref) => void }) {
  return (
    <section className="rounded-md border border-slate-200 bg-white" aria-label="Dry runs and explanations">
      <h3 className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Dry runs and explanations — shown for context, never counted as decisions
      </h3>
      <ul className="divide-y divide-slate-100">
        {diff.advisories.map((a) => (
          <li key={a.seq} className="flex items-center gap-2 px-3 py-1.5 text-sm">
            <span className="rounded bg-slate-100 px-1.5 text-[11px] font-medium text-slate-600">{a.kind === "dry_run" ? "dry run" : "explain"}</span>
            {a.step !== null && <span className="font-mono text-xs text-slate-500">step {a.step}</span>}
            {a.tool && <span className="font-mono text-xs text-slate-800">{a.tool}</span>}
            {a.decision && ["allow", "block", "require_approval"].includes(a.decision) && <span className="text-xs text-slate-500">would</span>}
            <DecisionBadge decision={a.decision} />
            <span className="min-w-0 flex-1 truncate text-xs text-slate-600" title={a.reasons.join("\n")}>{a.reasons[0]}</span>
            <button type="button" onClick={() => open(a)} className="shrink-0 font-mono text-xs text-indigo-700 hover:underline">#{a.seq}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
