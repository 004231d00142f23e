"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Card, ErrorBanner, PageHeader } from "@/components/ui/primitives";
import { utcDateTime } from "@/components/ui/format";
import { fetchRuns, type WhatIfRunDetail, type WhatIfRunView } from "./api";
import { WhatIfForm, type VersionOption } from "./what-if-form";
import { RunStatus, scopeText } from "./run-status";
import { RunView } from "./run-view";

/** /replay: start a what-if run, watch it, read its flips; recent runs below the form. */
export function WhatIfClient({ versions, agents, initialRuns, initialTrace, initialRunId }: {
  versions: VersionOption[]; agents: Array<{ id: string; name: string }>; initialRuns: WhatIfRunView[]; initialTrace: string | null; initialRunId: string | null;
}) {
  const qc = useQueryClient();
  const [selected, setSelected] = useState<string | null>(initialRunId ?? null);
  const [started, setStarted] = useState<WhatIfRunDetail | undefined>(undefined);
  const runs = useQuery({
    queryKey: ["what-if-runs"],
    queryFn: fetchRuns,
    initialData: { runs: initialRuns },
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "queued" || r.status === "running") ? 2000 : false),
  });
  const open = (id: string) => {
    setSelected(id);
    const url = new URL(window.location.href);
    url.searchParams.set("run", id);
    window.history.replaceState(null, "", url);
  };

  return (
    <div>
      <PageHeader title="What-if replay" description="Re-decide recorded plans under another policy — a stored version or a draft — and see which decisions it would change compared with the bundle in force when they were recorded. Nothing is written into the traces." />
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(360px,440px)_1fr]">
        <div className="space-y-4">
          <WhatIfForm versions={versions} agents={agents} initialTrace={initialTrace}
            onStarted={(r) => { setStarted(r); open(r.run.id); qc.invalidateQueries({ queryKey: ["what-if-runs"] }); }} />
          <Card title="Recent runs">
            {runs.isError && <div className="p-3"><ErrorBanner message={(runs.error as Error).message} /></div>}
            {runs.data.runs.length === 0 ? (
              <p className="px-4 py-8 text-center text-sm text-slate-500">No runs yet. Start one above.</p>
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="recent-runs">
                {runs.data.runs.map((r) => {
                  const flips = Object.values(r.summary.flips).reduce((a, b) => a + b, 0);
                  return (
                    <li key={r.id}>
                      <button type="button" onClick={() => open(r.id)} aria-current={selected === r.id}
                        className={`block w-full px-4 py-2 text-left hover:bg-slate-50 ${selected === r.id ? "bg-indigo-50/60" : ""}`}>
                        <div className="flex items-center justify-between gap-2">
                          <span className="truncate text-sm font-medium text-slate-900">{r.bundle.label}</span>
                          <RunStatus status={r.status} />
                        </div>
                        <div className="flex items-center justify-between gap-2 text-xs text-slate-600">
                          <span className="truncate">{scopeText(r)}</span>
                          <span className="shrink-0 tabular-nums">{r.status === "done" ? `${flips.toLocaleString("en-US")} ${r.summary.classified ? "changed" : `flip${flips === 1 ? "" : "s"}`}` : `${r.done}/${r.total}`}</span>
                        </div>
                        <div className="text-[11px] text-slate-600">{utcDateTime(r.created_at)} · {r.created_by ?? "—"}</div>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </div>
        {selected ? (
          <RunView key={selected} runId={selected} initial={started?.run.id === selected ? started : undefined} />
        ) : (
          <Card>
            <div className="px-6 py-20 text-center">
              <p className="text-sm font-medium text-slate-900">No run selected</p>
              <p className="mt-1 text-sm text-slate-500">Pick a policy and the recorded decisions to replay, then Run — or open a recent run.</p>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}
