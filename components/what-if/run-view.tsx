"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ErrorBanner, Notice, th } from "@/components/ui/primitives";
import { fmtRisk, utcDateTime } from "@/components/ui/format";
import { exportUrl, fetchRun, type WhatIfFlipView, type WhatIfRunDetail, type WhatIfRunView } from "./api";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { FlipKind, FlipKindChip } from "./flip-kind";
import { RunStatus, scopeText } from "./run-status";

const PAGE = 50;

type Tab = "changed_by_candidate" | "recorded_differs";

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/**
 * A run: progress while it runs (polled), the summary per class and kind, and the classified steps page by page.
 * By default only the flips the candidate causes (baseline ≠ candidate); a second tab lists the recorded decisions
 * the engine does not reproduce under the bundle in force when they were recorded (not caused by the candidate).
 */
export function RunView({ runId, initial }: { runId: string; initial?: WhatIfRunDetail }) {
  const [tab, setTab] = useState<Tab>("changed_by_candidate");
  const [kind, setKind] = useState<string | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [before, after] = kind ? kind.split("→") : [undefined, undefined];
  const q = useQuery({
    queryKey: ["what-if", runId, tab, kind, cursor ?? null],
    queryFn: async () => {
      const first = await fetchRun(runId, { limit: PAGE, cursor, before, after, class: tab });
      // a run made before baselines has no classes: list its flips unfiltered
      return first.run.summary.classified ? first : fetchRun(runId, { limit: PAGE, cursor, before, after });
    },
    // the start response carries the first page of the default tab
    initialData: tab === "changed_by_candidate" && !kind && !cursor && initial?.run.id === runId && initial.run.summary.classified ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && ["queued", "running"].includes(query.state.data.run.status) ? 1000 : false),
  });
  const pick = (k: string | null) => { setKind(k); setCursors([]); };
  const pickTab = (t: Tab) => { setTab(t); setKind(null); setCursors([]); };

  if (q.isPending) return <Card><p className="px-6 py-16 text-center text-sm text-slate-500" role="status">Loading the run…</p></Card>;
  if (q.isError && !q.data) return <Card><div className="p-4"><ErrorBanner message={(q.error as Error).message} /></div></Card>;
  const { run, flips, next_cursor } = q.data!;
  const s = run.summary;
  const caused = sum(s.flips);
  const differs = sum(s.recorded_differs);
  const counts = !s.classified || tab === "changed_by_candidate" ? s.flips : s.recorded_differs;
  const kinds = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const tabTotal = sum(counts);
  const live = run.status === "queued" || run.status === "running";
  const baselines = Object.entries(s.baselines).sort((a, b) => b[1].steps - a[1].steps);
  const exportClass = s.classified ? tab : undefined;

  return (
    <div className="space-y-4" data-testid="run-view" data-status={run.status}>
      <Card
        title={<span className="flex items-center gap-2"><span>Run <span className="font-mono text-xs text-slate-500">{run.id}</span></span><RunStatus status={run.status} /></span>}
        actions={
          <>
            <a href={exportUrl(run.id, "csv", exportClass)} title="The rows of the tab shown, with the recorded, baseline and candidate decisions and the class. Recorded as your action." className="rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download data-testid="export-csv">Download CSV</a>
            <a href={exportUrl(run.id, "json", exportClass)} title="The rows of the tab shown, with the recorded, baseline and candidate decisions and the class. Recorded as your action." className="rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>Download JSON</a>
          </>
        }
      >
        <div className="space-y-3 px-4 py-3">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            <div className="flex gap-2"><dt className="text-slate-500">Candidate</dt><dd className="font-medium text-slate-900">{run.bundle.label}{run.bundle.draft_sha256 ? " (not stored, never activated)" : ""}</dd></div>
            <div className="flex gap-2"><dt className="text-slate-500">Scope</dt><dd className="text-slate-900">{run.scope.trace_id ? <Link className="font-mono text-indigo-700 hover:underline" href={`/traces/${encodeURIComponent(run.scope.trace_id)}`}>{run.scope.trace_id}</Link> : scopeText(run)}</dd></div>
            <div className="flex gap-2"><dt className="text-slate-500">Started</dt><dd className="text-slate-900">{utcDateTime(run.created_at)} by {run.created_by ?? "—"}</dd></div>
            {run.finished_at && run.started_at && <div className="flex gap-2"><dt className="text-slate-500">Took</dt><dd className="text-slate-900">{((Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000).toFixed(1)} s</dd></div>}
            {baselines.length > 0 && (
              <div className="flex gap-2 sm:col-span-2" data-testid="baselines">
                <dt className="shrink-0 text-slate-500" title="Each recorded decision is also re-decided under the bundle that was in force when it was recorded">Baseline</dt>
                <dd className="text-slate-900">
                  {baselines.map(([label, b], i) => (
                    <span key={label}>{i > 0 && ", "}<span className="font-medium">{label}</span> <span className="text-slate-500">({b.steps.toLocaleString("en-US")} step{b.steps === 1 ? "" : "s"}, {BASELINE_SOURCE[b.source]})</span></span>
                  ))}
                </dd>
              </div>
            )}
          </dl>
          <div>
            <div className="mb-1 flex justify-between text-xs text-slate-600">
              <span>{live ? "Re-evaluating…" : run.status === "done" ? "Finished" : run.status === "failed" ? "Stopped" : ""}</span>
              <span className="tabular-nums" data-testid="progress">{live && run.total === 0 ? "finding traces in scope…" : `${run.done.toLocaleString("en-US")} / ${run.total.toLocaleString("en-US")} traces`}</span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Re-evaluation progress" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done}>
              <div className={`h-full rounded-full transition-all ${run.status === "failed" ? "bg-rose-500" : "bg-indigo-600"}`} style={{ width: `${run.total ? Math.round((run.done / run.total) * 100) : live ? 2 : 100}%` }} />
            </div>
          </div>
          {run.error && <ErrorBanner message={run.error} />}
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
            <Stat label="Plans re-run" value={s.evaluations} />
            <Stat label="Steps compared" value={s.steps} />
            <Stat label="Unchanged" value={s.unchanged} />
            <Stat label={s.classified ? "Changed by candidate" : "Decisions flipped"} value={caused} tone={caused ? "text-rose-700" : undefined} />
            {s.classified && <Stat label="Recorded ≠ engine" value={differs} tone={differs ? "text-amber-700" : undefined} />}
            <Stat label="Errors" value={s.errors} tone={s.errors ? "text-rose-700" : undefined} />
          </div>
          {s.traces.compared > 0 && (
            <p className="text-xs text-slate-600" data-testid="trace-counts">
              Per trace, its own decision as the trace list shows it against the engine&apos;s: {s.traces.compared.toLocaleString("en-US")} compared, {s.traces.changed_by_candidate.toLocaleString("en-US")} changed by the candidate, {s.traces.recorded_differs.toLocaleString("en-US")} recorded ≠ engine{s.traces.foreign ? `, ${s.traces.foreign.toLocaleString("en-US")} labelled foreign` : ""}.
            </p>
          )}
          {s.traces.foreign > 0 && (
            <Notice testId="foreign-explained"
              title={s.recorded_differs_foreign > 0
                ? `${s.recorded_differs_foreign.toLocaleString("en-US")} of ${differs.toLocaleString("en-US")} recorded ≠ engine are on foreign traces`
                : `${s.traces.foreign.toLocaleString("en-US")} trace${s.traces.foreign === 1 ? " is" : "s are"} labelled foreign`}>
              Foreign traces stand for foreign or legacy logs — imported from the reference interceptor, or a step an executor outside Replay Audit ran without a capability token — so their records are not all the engine&apos;s, and a recorded decision the engine does not reproduce there is explained by that, not by a policy change; each row says which.{" "}
              {differs - s.recorded_differs_foreign === 0 ? "No recorded ≠ engine is left unexplained." : `${(differs - s.recorded_differs_foreign).toLocaleString("en-US")} recorded ≠ engine are on traces of the engine's own: not explained by a label.`}
            </Notice>
          )}
          {s.unrecorded > 0 && <p className="text-xs text-slate-500">{s.unrecorded} planned step{s.unrecorded === 1 ? "" : "s"} had no recorded decision and were not compared.</p>}
          {!s.classified && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">This run was made before baselines: its flips compare the recorded decision with the candidate, so they include records the engine would not have made under any policy change. Run it again to separate them.</p>}
          {s.error_samples.length > 0 && (
            <ul className="space-y-0.5 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-xs text-rose-900">
              {s.error_samples.map((e, i) => <li key={i}><span className="font-mono">{e.trace_id} / {e.evaluation_id}</span>: {e.message}</li>)}
            </ul>
          )}
        </div>
      </Card>

      <Card
        title={
          s.classified ? (
            <div role="tablist" aria-label="Which differences" className="-mb-px flex flex-wrap gap-1">
              <TabButton selected={tab === "changed_by_candidate"} onClick={() => pickTab("changed_by_candidate")} count={caused} testId="tab-caused">Caused by the candidate</TabButton>
              <TabButton selected={tab === "recorded_differs"} onClick={() => pickTab("recorded_differs")} count={differs} testId="tab-recorded">Recorded decisions that differ from the engine</TabButton>
            </div>
          ) : "Flipped decisions"
        }
        actions={q.isFetching && !live ? <span className="text-xs text-slate-500" role="status">Loading…</span> : null}>
        <div className="space-y-2 border-b border-slate-200 px-4 py-2.5">
          {s.classified && (
            <p className="text-xs text-slate-600" data-testid="tab-explainer">
              {tab === "changed_by_candidate"
                ? "Steps the candidate decides differently from the bundle in force when they were recorded (the baseline): what this policy change would change."
                : "Steps whose recorded decision the engine does not reproduce even under the bundle in force at the time (agent-written or imported records, older engine behaviour); the candidate decides them like the baseline, so they are not caused by it."}
            </p>
          )}
          {kinds.length > 0 && (
            <div className="flex flex-wrap items-center gap-2" data-testid="flip-kinds">
              <button type="button" onClick={() => pick(null)} aria-pressed={kind === null}
                className={`rounded-md border px-2.5 py-1.5 text-xs font-semibold ${kind === null ? "border-indigo-500 bg-indigo-50 text-indigo-800 ring-1 ring-indigo-500" : "border-slate-200 text-slate-700 hover:bg-slate-50"}`}>
                All {tabTotal.toLocaleString("en-US")}
              </button>
              {kinds.map(([k, n]) => <FlipKindChip key={k} kind={k} count={n} selected={kind === k} onClick={() => pick(kind === k ? null : k)} from={fromLabel(s.classified, tab)} to={toLabel(s.classified, tab)} />)}
            </div>
          )}
        </div>
        {flips.length === 0 ? (
          <p className="px-6 py-12 text-center text-sm text-slate-500" data-testid="no-flips">
            {live ? "Nothing yet — the run is still going."
              : run.status === "failed" ? "The run stopped before it found any difference."
              : s.steps === 0 ? "No recorded decisions in this scope: nothing to compare."
              : tab === "changed_by_candidate" || !s.classified ? "The candidate changes no decision: it decides every recorded step like the bundle in force when it was recorded."
              : "The engine reproduces every recorded decision under the bundle in force at the time."}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="flips-table" data-class={s.classified ? tab : "legacy"}>
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>Trace · step · tool</th>
                  <th className={th}>{!s.classified ? "Recorded → candidate" : tab === "changed_by_candidate" ? "Baseline → candidate" : "Recorded → engine"}</th>
                  <th className={th}>{!s.classified ? "Recorded reasons" : tab === "changed_by_candidate" ? "Baseline reasons" : "Recorded reasons"}</th>
                  <th className={th}>{!s.classified ? "Candidate reasons" : tab === "changed_by_candidate" ? "Candidate reasons" : "Engine reasons (baseline)"}</th>
                  <th className={th}>Determining policies</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {flips.map((f) => <FlipRow key={`${f.trace_id}|${f.evaluation_id}|${f.step_index}`} f={f} />)}
              </tbody>
            </table>
          </div>
        )}
        {(cursors.length > 0 || next_cursor) && (
          <div className="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
            <span>Page {cursors.length + 1}</span>
            <div className="flex gap-2">
              <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</Button>
              <Button size="sm" disabled={!next_cursor} onClick={() => next_cursor && setCursors([...cursors, next_cursor])}>Next</Button>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}

const BASELINE_SOURCE: Record<string, string> = {
  recorded_version: "the version the records name",
  active_now: "named version not stored: active now",
  no_bundle: "no bundle: deny by default",
  record: "the recorded decision",
};

const fromLabel = (classified: boolean, tab: Tab) => (!classified ? "recorded" : tab === "changed_by_candidate" ? "baseline" : "recorded");
const toLabel = (classified: boolean, tab: Tab) => (!classified || tab === "changed_by_candidate" ? "candidate" : "engine");

function TabButton({ selected, onClick, count, children, testId }: { selected: boolean; onClick: () => void; count: number; children: React.ReactNode; testId: string }) {
  return (
    <button type="button" role="tab" aria-selected={selected} onClick={onClick} data-testid={testId}
      className={`inline-flex items-center gap-2 rounded-t-md border-b-2 px-2.5 py-1.5 text-sm font-medium ${selected ? "border-indigo-600 text-indigo-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
      {children}
      <span className={`rounded-full px-1.5 py-px text-xs tabular-nums ${selected ? "bg-indigo-100 text-indigo-800" : "bg-slate-100 text-slate-700"}`}>{count.toLocaleString("en-US")}</span>
    </button>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`text-lg font-semibold tabular-nums ${tone ?? "text-slate-900"}`}>{value.toLocaleString("en-US")}</div>
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <div className="min-w-[13rem] max-w-[24rem] text-xs leading-snug text-slate-700">
      <p className="line-clamp-3">{reasons[0]}</p>
      {reasons.length > 1 && (
        <details className="mt-0.5">
          <summary className="cursor-pointer text-[11px] text-indigo-700">{reasons.length - 1} more</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-4">{reasons.slice(1).map((r, i) => <li key={i}>{r}</li>)}</ul>
        </details>
      )}
    </div>
  );
}

function Policies({ rows }: { rows: Array<[string, string[]]> }) {
  const list = (xs: string[]) => xs.length ? xs.map((p) => <span key={p} className="mr-1 inline-block rounded bg-slate-100 px-1 py-px font-mono text-[11px] text-slate-700">{p}</span>) : <span className="text-slate-500">none</span>;
  return (
    <div className="min-w-[12rem] space-y-1 text-xs">
      {rows.map(([label, xs]) => <div key={label}><span className="mr-1 text-slate-500">{label}:</span>{list(xs)}</div>)}
    </div>
  );
}

/** One classified step: the pair that differs in its class, and the third decision beside it. */
function FlipRow({ f }: { f: WhatIfFlipView }) {
  const b = f.baseline;
  const caused = f.class === "changed_by_candidate";
  const from = caused && b ? b : f.recorded;
  const to = f.class === "recorded_differs" && b ? b : f.candidate;
  return (
    <tr className="align-top" data-kind={f.kind} data-class={f.class ?? "legacy"}>
      <td className="min-w-[14rem] px-4 py-2.5">
        <Link href={`/traces/${encodeURIComponent(f.trace_id)}`} className="break-all font-mono text-xs text-indigo-700 hover:underline">{f.trace_id}</Link>
        <div className="mt-0.5 text-xs text-slate-700">step {f.step_index} · <span className="font-mono">{f.tool}</span> · {f.agent_id}</div>
        <div className="text-[11px] text-slate-500">{utcDateTime(f.at)}</div>
        {f.trace && (
          <div className="mt-1 flex flex-wrap items-center gap-1 text-[11px] text-slate-600" data-testid="flip-trace">
            trace <DecisionBadge decision={f.trace.recorded} title="The trace's own recorded decision, as the trace list shows it" />
            {f.trace.candidate !== f.trace.recorded && <>→ <DecisionBadge decision={f.trace.candidate} title="The trace's decision under the candidate" /></>}
          </div>
        )}
        {f.trace?.foreign && (
          <p className="mt-1 max-w-[22rem] rounded bg-amber-50 px-1.5 py-1 text-[11px] leading-snug text-amber-900 ring-1 ring-inset ring-amber-300" data-testid="flip-foreign" data-foreign={f.trace.foreign.kind}>
            <span className="font-semibold">Foreign trace, explains the difference:</span> {f.trace.foreign.reason}
          </p>
        )}
      </td>
      <td className="px-4 py-2.5">
        <FlipKind before={f.before} after={f.after} from={caused ? "baseline" : "recorded"} to={caused || !f.class ? "candidate" : "engine"} />
        <div className="mt-1 text-[11px] text-slate-500">step risk {fmtRisk(from.step_risk)} → {fmtRisk(to.step_risk)}</div>
        {caused && <div className="mt-1 flex items-center gap-1 text-[11px] text-slate-500">recorded <DecisionBadge decision={f.recorded.decision} /></div>}
        {b && <div className="mt-0.5 text-[11px] text-slate-500">baseline {b.bundle}</div>}
      </td>
      <td className="px-4 py-2.5"><Reasons reasons={from.reasons} /></td>
      <td className="px-4 py-2.5"><Reasons reasons={to.reasons} /></td>
      <td className="px-4 py-2.5">
        <Policies rows={caused && b ? [["baseline", b.determining], ["candidate", f.candidate.determining], ["recorded", f.recorded.determining]] : b ? [["recorded", f.recorded.determining], ["engine", b.determining]] : [["recorded", f.recorded.determining], ["candidate", f.candidate.determining]]} />
      </td>
    </tr>
  );
}

export type { WhatIfRunView };
