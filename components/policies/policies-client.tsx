"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EnvBadge } from "@/components/ui/badges";
import { formatTime } from "@/components/ui/format";
import { Button, Card, ConfirmDialog, ErrorBanner, PageHeader, td, th } from "@/components/ui/primitives";
import { activate, fetchBundles, shortSha, type BundleListData, type BundleVersionRow } from "./api";
import { DiffPanel } from "./diff-panel";
import { ImportPanel } from "./import-panel";
import { UploadPanel } from "./upload-panel";

type Tab = "versions" | "diff" | "upload" | "import";

export type PoliciesTab = Tab;

export function PoliciesClient({ initial, canWrite, initialTab, initialPair }: { initial: BundleListData; canWrite: boolean; initialTab: Tab; initialPair: { from: string; to: string } | null }) {
  const [tab, setTab] = useState<Tab>(!canWrite && (initialTab === "upload" || initialTab === "import") ? "versions" : initialTab);
  const [diffPair, setDiffPair] = useState<{ from: string; to: string } | null>(initialPair);
  const list = useQuery({ queryKey: ["policies"], queryFn: fetchBundles, initialData: initial, refetchInterval: 15_000 });
  const data = list.data;

  function switchTab(t: Tab) {
    setTab(t);
    const url = new URL(window.location.href);
    if (t === "versions") url.searchParams.delete("tab");
    else url.searchParams.set("tab", t);
    if (t !== "diff") { url.searchParams.delete("from"); url.searchParams.delete("to"); }
    window.history.replaceState(null, "", url);
  }

  const tabs: Array<[Tab, string]> = [["versions", "Versions"], ["diff", "Compare"], ...(canWrite ? ([["upload", "Upload"], ["import", "Import reference bundle"]] as Array<[Tab, string]>) : [])];

  return (
    <>
      <PageHeader
        title="Policies"
        description="Versioned policy bundles: agents' grants, capabilities, budgets, thresholds and Cedar policies. One version is active per environment; anything it does not permit is denied."
      />
      <ActiveEnvironments data={data} />
      <div className="mb-3 mt-5 flex items-center gap-1 border-b border-slate-200" role="tablist">
        {tabs.map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => switchTab(t)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t ? "border-indigo-600 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}>
            {label}
          </button>
        ))}
        {!canWrite && <span className="ml-auto pb-1.5 text-xs text-slate-500">Read only: your role cannot upload or activate bundles.</span>}
      </div>
      {list.isError && <div className="mb-3"><ErrorBanner message={`Could not refresh the version list: ${(list.error as Error).message}`} /></div>}
      {tab === "versions" && (
        <VersionTable data={data} canWrite={canWrite} onCompare={(from, to) => { setDiffPair({ from, to }); switchTab("diff"); }} />
      )}
      {tab === "diff" && <DiffPanel key={diffPair ? `${diffPair.from}:${diffPair.to}` : "default"} versions={data.versions} initialPair={diffPair} />}
      {tab === "upload" && canWrite && <UploadPanel />}
      {tab === "import" && canWrite && <ImportPanel />}
    </>
  );
}

function ActiveEnvironments({ data }: { data: BundleListData }) {
  if (data.environments.length === 0) {
    return (
      <div className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
        <span className="font-semibold">No bundle is active.</span> Every evaluation is blocked until a version is activated for the agent&apos;s environment.
      </div>
    );
  }
  const byId = new Map(data.versions.map((v) => [v.id, v]));
  return (
    <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-4" data-testid="active-environments">
      {data.environments.map((e) => {
        const v = byId.get(e.bundle_id);
        return (
          <Link key={e.environment} href={`/policies/${e.bundle_id}`} className="group rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm hover:border-indigo-300">
            <div className="flex items-center justify-between">
              <EnvBadge>{e.environment}</EnvBadge>
              <span className="inline-flex items-center gap-1.5 text-[11px] font-semibold text-emerald-700"><span className="h-1.5 w-1.5 rounded-full bg-emerald-500" aria-hidden />active</span>
            </div>
            <div className="mt-2 flex items-baseline gap-2">
              <span className="font-mono text-sm font-semibold text-slate-900 group-hover:text-indigo-700">{v?.summary.bundle_id ?? e.bundle_id}</span>
              <span className="text-sm text-slate-600">v{e.version}</span>
              {v && <span className="font-mono text-[11px] text-slate-500" title={`sha256 ${v.sha256}`}>{shortSha(v.sha256)}</span>}
            </div>
            <div className="mt-1 text-xs text-slate-500">activated {formatTime(e.activated_at)}{e.activated_by ? ` by ${e.activated_by}` : ""}</div>
          </Link>
        );
      })}
    </div>
  );
}

function VersionTable({ data, canWrite, onCompare }: { data: BundleListData; canWrite: boolean; onCompare: (from: string, to: string) => void }) {
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState<BundleVersionRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const activeByEnv = new Map(data.versions.filter((v) => v.active).map((v) => [v.environment, v]));
  const m = useMutation({
    mutationFn: (id: string) => activate(id),
    onSuccess: (r) => {
      setDone(`${r.environment} now runs version ${r.version}.`);
      setConfirm(null);
      qc.invalidateQueries({ queryKey: ["policies"] });
    },
  });

  if (data.versions.length === 0) {
    return (
      <Card>
        <div className="px-6 py-14 text-center">
          <p className="text-sm font-semibold text-slate-900">No policy bundles yet</p>
          <p className="mt-1 text-sm text-slate-500">Upload a bundle (bundle.yaml with its .cedar files) or import the reference implementation&apos;s policies.</p>
        </div>
      </Card>
    );
  }

  const current = confirm ? activeByEnv.get(confirm.environment) : undefined;
  const rollback = !!(confirm && current && confirm.version < current.version);

  return (
    <>
      {done && (
        <div role="status" className="mb-3 flex items-center gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          <span className="font-semibold">Activated</span><span className="flex-1">{done}</span>
          <button type="button" onClick={() => setDone(null)} aria-label="Dismiss">×</button>
        </div>
      )}
      <Card title={<span>{data.versions.length} version{data.versions.length === 1 ? "" : "s"}</span>}>
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="policy-versions">
            <thead className="bg-slate-50">
              <tr>
                <th className={th}>Environment</th>
                <th className={th}>Version</th>
                <th className={th}>Bundle</th>
                <th className={th}>SHA-256</th>
                <th className={th}>Created</th>
                <th className={th}>Note</th>
                <th className={`${th} text-right`}>Agents</th>
                <th className={`${th} text-right`}>Capabilities</th>
                <th className={`${th} text-right`}>Policies</th>
                <th className={`${th} text-right`}>Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.versions.map((v) => {
                const act = activeByEnv.get(v.environment);
                return (
                  <tr key={v.id} className={v.active ? "bg-emerald-50/40" : "hover:bg-slate-50"} data-version-id={v.id}>
                    <td className={td}><EnvBadge>{v.environment}</EnvBadge></td>
                    <td className={td}>
                      <span className="font-semibold tabular-nums text-slate-900">v{v.version}</span>
                      {v.active && <span className="ml-2 rounded bg-emerald-100 px-1.5 py-px text-[11px] font-semibold text-emerald-800">active</span>}
                    </td>
                    <td className={td}><Link href={`/policies/${v.id}`} className="font-mono text-[13px] text-indigo-700 hover:underline">{v.summary.bundle_id}</Link></td>
                    <td className={`${td} font-mono text-xs text-slate-500`} title={v.sha256}>{shortSha(v.sha256)}</td>
                    <td className={`${td} whitespace-nowrap text-xs text-slate-600`}>{formatTime(v.created_at)}<div className="text-slate-500">{v.created_by ?? "system"}</div></td>
                    <td className={`${td} max-w-xs text-xs text-slate-700`}>{v.note ? <span className="line-clamp-2" title={v.note}>{v.note}</span> : <span className="text-slate-500">—</span>}</td>
                    <td className={`${td} text-right tabular-nums`}>{v.summary.agents}</td>
                    <td className={`${td} text-right tabular-nums`}>{v.summary.capabilities}</td>
                    <td className={`${td} text-right tabular-nums`}>{v.summary.policies}</td>
                    <td className={`${td} whitespace-nowrap text-right`}>
                      <div className="inline-flex gap-1.5">
                        <Link href={`/policies/${v.id}`} className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">View</Link>
                        {act && act.id !== v.id && (
                          <Button size="sm" variant="ghost" onClick={() => onCompare(act.id, v.id)} title={`changes from the active v${act.version} to v${v.version}`}>Diff vs active</Button>
                        )}
                        {canWrite && !v.active && (
                          <Button size="sm" variant={act && v.version < act.version ? "danger-outline" : "secondary"} onClick={() => { m.reset(); setConfirm(v); }}>
                            {act && v.version < act.version ? "Roll back" : "Activate"}
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
      <ConfirmDialog
        open={!!confirm}
        title={confirm ? `${rollback ? "Roll back" : "Activate"} ${confirm.environment} to v${confirm.version}?` : ""}
        confirmLabel={rollback ? "Roll back" : "Activate"}
        danger={rollback}
        busy={m.isPending}
        error={m.error ? (m.error as Error).message : null}
        onClose={() => setConfirm(null)}
        onConfirm={() => confirm && m.mutate(confirm.id)}
        body={confirm && (
          <>
            <p>
              Every evaluation for agents in <span className="font-mono">{confirm.environment}</span> will be decided by{" "}
              <span className="font-mono">{confirm.summary.bundle_id}</span> v{confirm.version} ({shortSha(confirm.sha256)}) from the next request on.
              {current ? <> It replaces v{current.version}.</> : null}
            </p>
            <p className="text-slate-500">Pending approvals stay bound to the version they were requested under. The activation is recorded with your name.</p>
            {current && (
              <p><button type="button" className="text-indigo-700 hover:underline" onClick={() => { setConfirm(null); onCompare(current.id, confirm.id); }}>Review the changes first</button></p>
            )}
          </>
        )}
      />
    </>
  );
}
