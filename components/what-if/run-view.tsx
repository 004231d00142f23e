"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ErrorBanner, th } from "@/components/admin/ui";
import { fmtRisk, utcDateTime } from "@/components/trace/format";
import { exportUrl, fetchRun, type WhatIfFlipView, type WhatIfRunDetail, type WhatIfRunView } from "./api";
import { FlipKind, FlipKindChip } from "./flip-kind";
import { RunStatus, scopeText } from "./run-status";

const PAGE = 50;

/** A run: progress while it runs (polled), the summary by flip kind, and the flips page by page, filterable by kind. */
export function RunView({ runId, initial }: { runId: string; initial?: WhatIfRunDetail }) {
  const [kind, setKind] = useState<string | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [before, after] = kind ? kind.split("→") : [undefined, undefined];
  const q = useQuery({
    queryKey: ["what-if", runId, kind, cursor ?? null],
    queryFn: () => fetchRun(runId, { limit: PAGE, cursor, before, after }),
    initialData: !kind && !cursor && initial?.run.id === runId ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && ["queued", "running"].includes(query.state.data.run.status) ? 1000 : false),
  });
  const pick = (k: string | null) => { setKind(k); setCursors([]); };

  if (q.isPending) return <Card><p className="px-6 py-16 text-center text-sm text-slate-500" role="status">Loading the run…</p></Card>;
  if (q.isError && !q.data) return <Card><div className="p-4"><ErrorBanner message={(q.error as Error).message} /></div></Card>;
  const { run, flips, next_cursor } = q.data!;
  const kinds = Object.entries(run.summary.flips).sort((a, b) => b[1] - a[1]);
  const totalFlips = kinds.reduce((n, [, c]) => n + c, 0);
  const live = run.status === "queued" || run.status === "running";

  return (
    <div className="space-y-4" data-testid="run-view" data-status={run.status}>
      <Card
        title={<span className="flex items-center gap-2"><span>Run <span className="font-mono text-xs text-slate-500">{run.id}</span></span><RunStatus status={run.status} /></span>}
        actions={
          <>
            <a href={exportUrl(run.id, "csv")} className="rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download data-testid="export-csv">Download CSV</a>
            <a href={exportUrl(run.id, "json")} className="rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>Download JSON</a>
          </>
        }
      >
        <div className="space-y-3 px-4 py-3">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            <div className="flex gap-2"><dt className="text-slate-500">Policy</dt><dd className="font-medium text-slate-900">{run.bundle.label}{run.bundle.draft_sha256 ? " (not stored, never activated)" : ""}</dd></div>
            <div className="flex gap-2"><dt className="text-slate-500">Scope</dt><dd className="text-slate-900">{run.scope.trace_id ? <Link className="font-mono text-indigo-700 hover:underline" href={`/traces/${encodeURIComponent(run.scope.trace_id)}`}>{run.scope.trace_id}</Link> : scopeText(run)}</dd></div>
            <div className="flex gap-2"><dt className="text-slate-500">Started</dt><dd className="text-slate-900">{utcDateTime(run.created_at)} by {run.created_by ?? "—"}</dd></div>
            {run.finished_at && run.started_at && <div className="flex gap-2"><dt className="text-slate-500">Took</dt><dd className="text-slate-900">{((Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000).toFixed(1)} s</dd></div>}
          </dl>
          <div>
            <div className="mb-1 flex justify-between text-xs text-slate-600">
              <span>{live ? "Re-evaluating…" : run.status === "done" ? "Finished" : run.status === "failed" ? "Stopped" : ""}</span>
              <span className="tabular-nums" data-testid="progress">{live && run.total === 0 ? "finding traces in scope…" : `${run.done.toLocaleString("en-US")} / ${run.total.toLocaleString("en-US")} traces`}</span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done}>
              <div className={`h-full rounded-full transition-all ${run.status === "failed" ? "bg-rose-500" : "bg-indigo-600"}`} style={{ width: `${run.total ? Math.round((run.done / run.total) * 100) : live ? 2 : 100}%` }} />
            </div>
          </div>
          {run.error && <ErrorBanner message={run.error} />}
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-5">
            <Stat label="Plans re-run" value={run.summary.evaluations} />
            <Stat label="Steps compared" value={run.summary.steps} />
            <Stat label="Unchanged" value={run.summary.unchanged} />
            <Stat label="Decisions flipped" value={totalFlips} tone={totalFlips ? "text-rose-700" : undefined} />
            <Stat label="Errors" value={run.summary.errors} tone={run.summary.errors ? "text-rose-700" : undefined} />
          </div>
          {run.summary.unrecorded > 0 && <p className="text-xs text-slate-500">{run.summary.unrecorded} planned step{run.summary.unrecorded === 1 ? "" : "s"} had no recorded decision and were not compared.</p>}
          {run.summary.error_samples.length > 0 && (
            <ul className="space-y-0.5 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-xs text-rose-900">
              {run.summary.error_samples.map((e, i) => <li key={i}><span className="font-mono">{e.trace_id} / {e.evaluation_id}</span>: {e.message}</li>)}
            </ul>
          )}
          {kinds.length > 0 && (
            <div className="flex flex-wrap items-center gap-2" data-testid="flip-kinds">
              <button type="button" onClick={() => pick(null)} aria-pressed={kind === null}
                className={`rounded-md border px-2.5 py-1.5 text-xs font-semibold ${kind === null ? "border-indigo-500 bg-indigo-50 text-indigo-800 ring-1 ring-indigo-500" : "border-slate-200 text-slate-700 hover:bg-slate-50"}`}>
                All flips {totalFlips.toLocaleString("en-US")}
              </button>
              {kinds.map(([k, n]) => <FlipKindChip key={k} kind={k} count={n} selected={kind === k} onClick={() => pick(kind === k ? null : k)} />)}
            </div>
          )}
        </div>
      </Card>

      <Card title={kind ? <span className="flex items-center gap-2">Flips: <FlipKind before={before!} after={after!} /></span> : "Flipped decisions"}
        actions={q.isFetching && !live ? <span className="text-xs text-slate-400" role="status">Loading…</span> : null}>
        {flips.length === 0 ? (
          <p className="px-6 py-12 text-center text-sm text-slate-500" data-testid="no-flips">
            {live ? "No flips yet — the run is still going." : run.status === "failed" ? "The run stopped before it found any flip." : run.summary.steps === 0 ? "No recorded decisions in this scope: nothing to compare." : "No decision flips: this policy decides every recorded step the same way."}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="flips-table">
              <thead className="bg-slate-50">
                <tr><th className={th}>Trace · step · tool</th><th className={th}>Decision</th><th className={th}>Reasons before</th><th className={th}>Reasons now</th><th className={th}>Determining policies</th></tr>
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

function Stat({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`text-lg font-semibold tabular-nums ${tone ?? "text-slate-900"}`}>{value.toLocaleString("en-US")}</div>
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return <span className="text-slate-400">—</span>;
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

function Policies({ before, after }: { before: string[]; after: string[] }) {
  const list = (xs: string[]) => xs.length ? xs.map((p) => <span key={p} className="mr-1 inline-block rounded bg-slate-100 px-1 py-px font-mono text-[11px] text-slate-700">{p}</span>) : <span className="text-slate-400">none</span>;
  return (
    <div className="min-w-[12rem] space-y-1 text-xs">
      <div><span className="mr-1 text-slate-500">before:</span>{list(before)}</div>
      <div><span className="mr-1 text-slate-500">now:</span>{list(after)}</div>
    </div>
  );
}

function FlipRow({ f }: { f: WhatIfFlipView }) {
  return (
    <tr className="align-top" data-kind={f.kind}>
      <td className="min-w-[14rem] px-4 py-2.5">
        <Link href={`/traces/${encodeURIComponent(f.trace_id)}`} className="break-all font-mono text-xs text-indigo-700 hover:underline">{f.trace_id}</Link>
        <div className="mt-0.5 text-xs text-slate-700">step {f.step_index} · <span className="font-mono">{f.tool}</span> · {f.agent_id}</div>
        <div className="text-[11px] text-slate-400">{utcDateTime(f.at)}</div>
      </td>
      <td className="px-4 py-2.5">
        <FlipKind before={f.before} after={f.after} />
        <div className="mt-1 text-[11px] text-slate-500">step risk {fmtRisk(f.risk_before.step_risk)} → {fmtRisk(f.risk_after.step_risk)}</div>
      </td>
      <td className="px-4 py-2.5"><Reasons reasons={f.reasons_before} /></td>
      <td className="px-4 py-2.5"><Reasons reasons={f.reasons_after} /></td>
      <td className="px-4 py-2.5"><Policies before={f.determining_before} after={f.determining_after} /></td>
    </tr>
  );
}

export type { WhatIfRunView };
