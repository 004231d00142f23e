"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EnvBadge } from "@/components/ui/badges";
import { formatTime } from "@/components/ui/format";
import { Button, Card, ConfirmDialog, PageHeader, td, th } from "@/components/ui/primitives";
import { AccessBadge } from "@/components/approvals/approval-evidence";
import { TrustBadge } from "@/components/ui/trust-badge";
import type { Budgets, AgentBudgets } from "@/engine/policy/bundle";
import { activate, shortSha, type BundleDetail } from "./api";
import { CodeView, languageOf } from "./code-view";
import { ScenarioPanel } from "./scenario-panel";

type Tab = "agents" | "capabilities" | "policies" | "settings" | "scenarios" | "sources";

type PolicyEntry = { id: string; effect: "permit" | "forbid"; reason: string | null; approval: boolean; file: string; line: number };

/** The policies of a Cedar file by their annotations: what each one is called, does, and why. */
export function indexPolicies(file: string, text: string): PolicyEntry[] {
  const out: PolicyEntry[] = [];
  let ann: Record<string, string> = {};
  let n = 0;
  text.split("\n").forEach((line, i) => {
    const a = /^\s*@([a-z_]+)\(\s*"((?:[^"\\]|\\.)*)"\s*\)/.exec(line);
    if (a) { ann[a[1]] = a[2].replace(/\\"/g, '"'); return; }
    const e = /^\s*(permit|forbid)\s*\(/.exec(line);
    if (e) {
      n++;
      out.push({ id: ann.id ?? `${file}#${n}`, effect: e[1] as "permit" | "forbid", reason: ann.reason ?? null, approval: ann.require_approval === "true", file, line: i + 1 });
      ann = {};
    }
  });
  return out;
}

function budgetText(b: Budgets | undefined): string {
  if (!b) return "—";
  const parts = [
    b.max_tool_calls !== undefined && `${b.max_tool_calls} calls`,
    b.max_write_operations !== undefined && `${b.max_write_operations} writes`,
    b.max_execution_time_s !== undefined && `${b.max_execution_time_s} s`,
    b.max_cost_usd !== undefined && `$${b.max_cost_usd}`,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "no limit";
}

function dayBudgetText(b: AgentBudgets | undefined): string {
  if (!b) return "—";
  const parts = [
    b.max_tool_calls_per_day !== undefined && `${b.max_tool_calls_per_day} calls`,
    b.max_write_operations_per_day !== undefined && `${b.max_write_operations_per_day} writes`,
    b.max_cost_usd_per_day !== undefined && `$${b.max_cost_usd_per_day}`,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "no limit";
}

export function BundleDetailClient({ bundle, canWrite, activeVersion }: { bundle: BundleDetail; canWrite: boolean; activeVersion: { id: string; version: number } | null }) {
  const router = useRouter();
  const [tab, setTab] = useState<Tab>("agents");
  const [confirm, setConfirm] = useState(false);
  const c = bundle.content;
  const m = useMutation({ mutationFn: () => activate(bundle.id), onSuccess: () => { setConfirm(false); router.refresh(); } });
  const rollback = !!activeVersion && bundle.version < activeVersion.version;

  const policies = useMemo(() => c.cedar.policies.flatMap((f) => indexPolicies(f.name, f.text)), [c]);
  const grantedTo = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const [agent, g] of Object.entries(c.agents)) for (const cap of g.capabilities) map.set(cap, [...(map.get(cap) ?? []), agent]);
    return map;
  }, [c]);
  const sources = Object.entries(bundle.sources ?? {});

  const tabs: Array<[Tab, string, number | null]> = [
    ["agents", "Agents", Object.keys(c.agents).length],
    ["capabilities", "Capabilities", Object.keys(c.capabilities).length],
    ["policies", "Cedar policies", policies.length],
    ["settings", "Guard, approvals, thresholds", null],
    ["scenarios", "Scenarios", null],
    ["sources", "Source files", sources.length],
  ];

  return (
    <>
      <PageHeader
        breadcrumb={<><Link href="/policies" className="hover:text-slate-800 hover:underline">Policies</Link> / {bundle.environment}</>}
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{c.id}</span>
            <span className="text-slate-500">v{bundle.version}</span>
            {bundle.active
              ? <span className="rounded bg-emerald-100 px-1.5 py-px text-xs font-semibold text-emerald-800">active in {bundle.environment}</span>
              : <span className="rounded bg-slate-100 px-1.5 py-px text-xs font-semibold text-slate-600">not active</span>}
          </span>
        }
        description={c.description || undefined}
        actions={canWrite && !bundle.active && (
          <Button variant={rollback ? "danger-outline" : "primary"} onClick={() => { m.reset(); setConfirm(true); }}>{rollback ? `Roll back to v${bundle.version}` : `Activate v${bundle.version}`}</Button>
        )}
      />
      <dl className="mb-4 grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm md:grid-cols-4">
        <div><dt className="text-xs text-slate-500">Environment</dt><dd><EnvBadge>{bundle.environment}</EnvBadge></dd></div>
        <div><dt className="text-xs text-slate-500">SHA-256</dt><dd className="font-mono text-xs text-slate-800" title={bundle.sha256}>{shortSha(bundle.sha256)}</dd></div>
        <div><dt className="text-xs text-slate-500">Created</dt><dd className="text-xs text-slate-800">{formatTime(bundle.created_at)} by {bundle.created_by ?? "system"}</dd></div>
        <div><dt className="text-xs text-slate-500">Note</dt><dd className="text-xs text-slate-800">{bundle.note || "—"}</dd></div>
      </dl>

      <div className="mb-3 flex flex-wrap items-center gap-1 border-b border-slate-200" role="tablist">
        {tabs.map(([t, label, n]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t ? "border-indigo-600 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}>
            {label}{n !== null && <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-px text-[11px] tabular-nums text-slate-600">{n}</span>}
          </button>
        ))}
      </div>

      {tab === "agents" && (
        <Card>
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="bundle-agents">
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>Agent</th><th className={th}>Trust</th><th className={th}>Capabilities</th>
                  <th className={th}>Per run</th><th className={th}>Per day</th><th className={`${th} whitespace-nowrap text-right`}>Approval / halt</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {Object.entries(c.agents).map(([id, g]) => (
                  <tr key={id} className="align-top">
                    <td className={td}>
                      <div className="font-mono text-[13px] font-medium text-slate-900">{id}</div>
                      <div className="text-xs text-slate-500">{g.owner || "no owner"}{g.environment ? ` · ${g.environment}` : ""}</div>
                    </td>
                    <td className={td}><TrustBadge level={g.trust_level} /></td>
                    <td className={`${td} max-w-md`}>
                      <div className="flex flex-wrap gap-1">
                        {g.capabilities.length === 0 ? <span className="text-xs text-slate-500">none (denied everything)</span> : g.capabilities.map((cap) => (
                          <span key={cap} className="rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] text-slate-700" title={c.capabilities[cap]?.description}>{cap}</span>
                        ))}
                      </div>
                    </td>
                    <td className={`${td} whitespace-nowrap text-xs text-slate-700`}>{budgetText(g.budgets)}</td>
                    <td className={`${td} whitespace-nowrap text-xs text-slate-700`}>{dayBudgetText(g.agent_budgets)}</td>
                    <td className={`${td} whitespace-nowrap text-right font-mono text-xs tabular-nums`}>
                      {(g.thresholds ?? c.default_thresholds).approval.toFixed(2)} / {(g.thresholds ?? c.default_thresholds).halt.toFixed(2)}
                      {!g.thresholds && <div className="font-sans text-[11px] text-slate-500">default</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      {tab === "capabilities" && (
        <Card>
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="bundle-capabilities">
              <thead className="bg-slate-50">
                <tr><th className={th}>Capability</th><th className={th}>Access</th><th className={`${th} text-right`}>R_step</th><th className={th}>Tools</th><th className={th}>Granted to</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {Object.entries(c.capabilities).map(([name, cap]) => (
                  <tr key={name} className="align-top">
                    <td className={td}>
                      <div className="font-mono text-[13px] font-medium text-slate-900">{name}</div>
                      {cap.description && <div className="text-xs text-slate-500">{cap.description}</div>}
                    </td>
                    <td className={td}><AccessBadge access={cap.access} /></td>
                    <td className={`${td} text-right font-mono text-xs tabular-nums`}>{cap.r_step.toFixed(2)}</td>
                    <td className={`${td} max-w-md`}><div className="flex flex-wrap gap-1">{cap.tools.map((t) => <span key={t} className="rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] text-slate-700">{t}</span>)}</div></td>
                    <td className={`${td} text-xs text-slate-700`}>{grantedTo.get(name)?.join(", ") ?? <span className="text-slate-500">no agent</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      {tab === "policies" && (
        <div className="space-y-4">
          <Card title={<span>{policies.length} policies <span className="font-normal text-slate-500">· {policies.filter((p) => p.effect === "forbid").length} forbid, {policies.filter((p) => p.approval).length} need approval · forbid overrides permit; nothing permitted means deny</span></span>}>
            <div className="max-h-80 overflow-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="policy-index">
                <thead className="sticky top-0 bg-slate-50"><tr><th className={th}>Policy</th><th className={th}>Effect</th><th className={th}>Reason</th><th className={th}>Where</th></tr></thead>
                <tbody className="divide-y divide-slate-100">
                  {policies.map((p) => (
                    <tr key={`${p.file}:${p.line}`}>
                      <td className="px-4 py-1.5 font-mono text-xs font-medium text-indigo-800">{p.id}</td>
                      <td className="px-4 py-1.5">
                        <span className={`rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${p.effect === "forbid" ? "bg-red-50 text-red-800 ring-red-600/30" : p.approval ? "bg-amber-50 text-amber-900 ring-amber-600/40" : "bg-emerald-50 text-emerald-800 ring-emerald-600/30"}`}>
                          {p.effect === "forbid" ? "forbid" : p.approval ? "permit with approval" : "permit"}
                        </span>
                      </td>
                      <td className="px-4 py-1.5 text-xs text-slate-700">{p.reason ?? <span className="text-slate-500">—</span>}</td>
                      <td className="whitespace-nowrap px-4 py-1.5 font-mono text-[11px]"><a href={`#${p.file}-L${p.line}`} className="text-slate-500 hover:text-indigo-700">{p.file}:{p.line}</a></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          {c.cedar.policies.map((f) => (
            <Card key={f.name} title={<span className="font-mono" id={f.name}>{f.name}</span>}>
              <div className="p-3"><CodeView text={f.text} language="cedar" anchorPrefix={`${f.name}-`} /></div>
            </Card>
          ))}
          <Card title={<span className="font-mono">schema (Cedar)</span>}>
            <div className="p-3"><CodeView text={c.cedar.schema} language="cedar" /></div>
          </Card>
        </div>
      )}

      {tab === "settings" && (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Card title="Chain risk thresholds">
            <dl className="grid grid-cols-[12rem_1fr] gap-y-1.5 px-4 py-3 text-sm">
              <dt className="text-slate-500">Default approval above</dt><dd className="font-mono">{c.default_thresholds.approval.toFixed(2)}</dd>
              <dt className="text-slate-500">Default halt above</dt><dd className="font-mono">{c.default_thresholds.halt.toFixed(2)}</dd>
              <dt className="text-slate-500">Per-agent overrides</dt>
              <dd>{Object.entries(c.agents).filter(([, g]) => g.thresholds).map(([id, g]) => <div key={id} className="font-mono text-xs">{id}: {g.thresholds!.approval.toFixed(2)} / {g.thresholds!.halt.toFixed(2)}</div>)}</dd>
            </dl>
          </Card>
          <Card title="Guard">
            <dl className="grid grid-cols-[12rem_1fr] gap-y-1.5 px-4 py-3 text-sm">
              <dt className="text-slate-500">Signal to policy at score</dt><dd className="font-mono">{c.guard.signal_score.toFixed(2)}</dd>
              <dt className="text-slate-500">Block at score</dt><dd className="font-mono">{c.guard.block_score.toFixed(2)}</dd>
            </dl>
          </Card>
          <Card title="Approvals">
            <dl className="grid grid-cols-[12rem_1fr] gap-y-1.5 px-4 py-3 text-sm">
              <dt className="text-slate-500">Expire after</dt><dd>{Math.round(c.approvals.ttl_seconds / 60)} min <span className="text-slate-500">({c.approvals.ttl_seconds} s)</span></dd>
              <dt className="text-slate-500">Who may approve</dt><dd>{c.approvals.approver_roles.join(", ")} <span className="text-slate-500">(never the agent&apos;s owner)</span></dd>
              <dt className="text-slate-500">Webhook</dt><dd className="truncate font-mono text-xs">{c.approvals.webhook_url ?? <span className="font-sans text-slate-500">none</span>}</dd>
            </dl>
          </Card>
          <Card title="Tokens and destinations">
            <dl className="grid grid-cols-[12rem_1fr] gap-y-1.5 px-4 py-3 text-sm">
              <dt className="text-slate-500">Capability token lifetime</dt><dd>{c.token_ttl_seconds} s</dd>
              <dt className="text-slate-500">Internal domains</dt>
              <dd className="flex flex-wrap gap-1">{(c.internal_domains ?? []).length ? c.internal_domains.map((d) => <span key={d} className="rounded bg-slate-100 px-1.5 py-px font-mono text-[11px]">{d}</span>) : <span className="text-slate-500">none: every destination counts as external</span>}</dd>
            </dl>
          </Card>
        </div>
      )}

      {tab === "scenarios" && <ScenarioPanel target={{ kind: "version", id: bundle.id }} gate={bundle.scenarios ?? null} />}

      {tab === "sources" && <Sources sources={sources} />}

      <ConfirmDialog
        open={confirm}
        title={`${rollback ? "Roll back" : "Activate"} ${bundle.environment} to v${bundle.version}?`}
        confirmLabel={rollback ? "Roll back" : "Activate"}
        danger={rollback}
        busy={m.isPending}
        error={m.error ? (m.error as Error).message : null}
        onClose={() => setConfirm(false)}
        onConfirm={() => m.mutate()}
        body={
          <>
            {bundle.scenarios?.require_pass && <p className="rounded-md bg-indigo-50 px-3 py-2 text-indigo-900">This bundle requires the project&apos;s scenario suite to pass: activation runs it first and refuses this version on {bundle.scenarios.fail_on === "unsafe_allow" ? "any unsafe allow" : "any failing scenario"}.</p>}
            <p>Every evaluation for agents in <span className="font-mono">{bundle.environment}</span> will be decided by this version ({shortSha(bundle.sha256)}) from the next request on.{activeVersion ? ` It replaces v${activeVersion.version}.` : ""}</p>
            {activeVersion && <p><Link href={`/policies?tab=diff&from=${activeVersion.id}&to=${bundle.id}`} className="text-indigo-700 hover:underline">Review the changes first</Link></p>}
          </>
        }
      />
    </>
  );
}

function Sources({ sources }: { sources: Array<[string, string]> }) {
  const [open, setOpen] = useState(sources[0]?.[0] ?? null);
  if (sources.length === 0) return <Card><p className="px-6 py-14 text-center text-sm text-slate-500">The source files of this version were not kept.</p></Card>;
  const text = sources.find(([n]) => n === open)?.[1] ?? "";
  return (
    <Card title="Files as uploaded" actions={
      <div className="flex flex-wrap gap-1">
        {sources.map(([n]) => (
          <button key={n} type="button" onClick={() => setOpen(n)} className={`rounded px-2 py-0.5 font-mono text-xs ${open === n ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}>{n}</button>
        ))}
      </div>
    }>
      {open && <div className="p-3"><CodeView text={text} language={languageOf(open)} /></div>}
    </Card>
  );
}
