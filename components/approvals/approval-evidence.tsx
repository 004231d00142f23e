import Link from "next/link";
import { GuardWindowView, readGuardWindow } from "@/components/guard/guard-window";
import type { ReactNode } from "react";
import { ProvenanceBadge } from "@/components/trace/provenance-badge";
import { TrustBadge } from "@/components/ui/trust-badge";
import type { ApprovalView } from "@/lib/approvals/schemas";
import { fmt2, type Evidence, type Verdict } from "./evidence";
import { RiskBar } from "./risk-bar";

const ACCESS_TONE: Record<string, string> = {
  read: "bg-slate-100 text-slate-700 ring-slate-400/40",
  write: "bg-violet-50 text-violet-800 ring-violet-600/30",
  outbound: "bg-orange-50 text-orange-800 ring-orange-600/40",
};

export function AccessBadge({ access }: { access: string | null }) {
  if (!access) return null;
  return (
    <span className={`inline-flex rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${ACCESS_TONE[access] ?? ACCESS_TONE.read}`} title={`access: ${access}`}>
      {access}
    </span>
  );
}

const VERDICT_TONE: Record<string, string> = {
  pass: "text-emerald-700",
  fail: "text-red-700",
  signal: "text-amber-700",
  skipped: "text-slate-500",
};

export function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="border-t border-slate-200 px-4 py-3">
      <div className="mb-1.5 flex items-baseline justify-between gap-3">
        <h3 className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
        {aside && <div className="text-[11px] text-slate-500">{aside}</div>}
      </div>
      {children}
    </section>
  );
}

function Kv({ k, children }: { k: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{k}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </>
  );
}

/**
 * Everything an approver needs about one request. Left: what would happen (the step, its exact arguments, where its
 * context came from, what the guard found). Right: why it stopped (risk against thresholds, policy) and who asks.
 */
export function ApprovalEvidence({ approval, ev }: { approval: ApprovalView; ev: Evidence }) {
  const risk = ev.stages.risk;
  const guard = ev.stages.guard;
  const policy = ev.stages.policy;
  const stageRows: Array<[string, Verdict | undefined]> = [
    ["identity", ev.stages.identity],
    ["capability", ev.stages.capability],
    ["guard", guard],
    ["policy", policy],
    ["budget", ev.stages.budget],
    ["risk", risk],
  ];
  return (
    <div className="text-sm">
      <div className="grid grid-cols-1 border-t border-slate-200 xl:grid-cols-2 xl:divide-x xl:divide-slate-200 [&>div>section:first-child]:border-t-0">
        <div className="min-w-0">
          <Section title="Step" aside={<span>arguments are bound to the approval; any change needs a new request</span>}>
            <div className="mb-2 flex flex-wrap items-center gap-2 text-[13px]">
              <span className="rounded bg-slate-800 px-1.5 py-px font-mono text-[11px] text-white">step {ev.step.index}</span>
              <span className="font-mono font-semibold text-slate-900">{ev.step.tool}</span>
              <span className="text-slate-500">→</span>
              <span className="font-mono text-slate-700">{ev.step.capability ?? "no capability"}</span>
              <AccessBadge access={ev.step.access} />
            </div>
            <pre className="max-h-72 overflow-auto rounded border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs leading-relaxed text-slate-800" data-testid="approval-arguments">
              {JSON.stringify(ev.step.arguments, null, 2)}
            </pre>
          </Section>

          <Section title="Provenance" aside={ev.step.provenance.length ? `${ev.step.provenance.length} source${ev.step.provenance.length === 1 ? "" : "s"}` : undefined}>
            {ev.step.provenance.length === 0 ? (
              <p className="text-[13px] text-slate-500">No provenance recorded for this step (treated as neutral, T = 1.0).</p>
            ) : (
              <ul className="space-y-1.5">
                {ev.step.provenance.map((p, i) => (
                  <li key={i} className="text-[13px]">
                    <div className="flex flex-wrap items-center gap-2">
                      <ProvenanceBadge p={p} />
                      {p.source_name && <span className="text-slate-700">{p.source_name}</span>}
                      {p.origin_uri && <span className="truncate font-mono text-xs text-slate-500">{p.origin_uri}</span>}
                    </div>
                    {p.content && (
                      <p className="mt-1 line-clamp-3 border-l-2 border-slate-200 pl-2 text-xs text-slate-600">{p.content}</p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="Guard" aside={guard ? <span className={VERDICT_TONE[guard.verdict] ?? ""}>{guard.verdict}</span> : undefined}>
            {!guard || guard.verdict === "skipped" ? (
              <p className="text-[13px] text-slate-500">{guard?.reason || "No external or unverified content to scan."}</p>
            ) : (
              <>
                <div className="flex items-center gap-3 text-[13px]">
                  <span className="text-slate-500">score</span>
                  <span className={`font-mono font-semibold tabular-nums ${guard.score >= 0.5 ? "text-amber-800" : "text-slate-800"}`}>{guard.score.toFixed(2)}</span>
                  <span className="text-slate-600">{guard.reason}</span>
                </div>
                {guard.findings.length > 0 && (
                  <ul className="mt-1.5 space-y-1">
                    {guard.findings.map((f, i) => (
                      <li key={i} className="rounded border border-amber-200 bg-amber-50/60 px-2 py-1 text-xs">
                        <span className="font-semibold text-amber-900">{f.category}</span>
                        <span className="text-amber-800"> · {f.detector} · {f.score.toFixed(2)}</span>
                        {f.source_name && <span className="text-slate-600"> · in {f.source_name}</span>}
                        <div className="mt-0.5 font-mono text-slate-800">“{f.evidence}”</div>
                      </li>
                    ))}
                  </ul>
                )}
                {readGuardWindow((guard as { window?: unknown }).window) && <GuardWindowView window={readGuardWindow((guard as { window?: unknown }).window)!} />}
              </>
            )}
          </Section>
        </div>
        <div className="min-w-0">
          <Section title="Chain risk" aside={ev.gate?.kind && ev.gate.kind !== "none" ? `gate: ${ev.gate.kind}${ev.gate.step_index !== undefined ? ` at step ${ev.gate.step_index}` : ""}` : undefined}>
            <div className="flex flex-wrap items-baseline gap-x-2 font-mono text-[13px] tabular-nums text-slate-800" data-testid="risk-formula">
              <span><span className="text-slate-500">R_step</span> {fmt2(risk?.r_step)}</span>
              <span className="text-slate-500">×</span>
              <span><span className="text-slate-500">E</span> {fmt2(risk?.e)}</span>
              <span className="text-slate-500">×</span>
              <span><span className="text-slate-500">T</span> {fmt2(risk?.t)}</span>
              <span className="text-slate-500">×</span>
              <span><span className="text-slate-500">B</span> {fmt2(risk?.b)}</span>
              <span className="text-slate-500">=</span>
              <span className="font-semibold">{fmt2(risk?.step_risk)}</span>
              <span className="ml-1 font-sans text-xs text-slate-500">step risk</span>
            </div>
            {(risk?.escalation?.length || risk?.trust) && (
              <p className="mt-1 text-xs text-slate-500">
                {risk?.escalation?.length ? <>E: {risk.escalation.join("; ")}. </> : null}
                {risk?.trust ? <>T: {risk.trust}.</> : null}
              </p>
            )}
            <div className="mt-2.5 flex items-center gap-3">
              <div className="shrink-0 text-[13px]">
                <span className="text-slate-500">projected R_total</span>{" "}
                <span className="font-mono font-semibold tabular-nums" data-testid="r-total">{fmt2(ev.r_total)}</span>
              </div>
              <div className="min-w-0 flex-1 pt-3">
                <RiskBar executed={ev.r_executed} total={ev.r_total} thresholds={ev.thresholds} />
              </div>
            </div>
          </Section>

          <Section title="Policy">
            {ev.determining_policies.length === 0 ? (
              <p className="text-[13px] text-slate-500">No determining policy recorded.</p>
            ) : (
              <div className="flex flex-wrap gap-1.5">
                {ev.determining_policies.map((p) => (
                  <span key={p} className="rounded bg-indigo-50 px-1.5 py-px font-mono text-xs text-indigo-800 ring-1 ring-inset ring-indigo-600/20">{p}</span>
                ))}
              </div>
            )}
            {policy?.reason && <p className="mt-1.5 text-[13px] text-slate-700">{policy.reason}</p>}
            <p className="mt-1 text-xs text-slate-500">
              Policy bundle <span className="font-mono">{approval.policy.bundle_id}</span> v{approval.policy.version}
              {ev.approver_roles?.length ? <> · approvers: {ev.approver_roles.join(", ")}</> : null}
            </p>
          </Section>

          <Section title="Agent">
            <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1 text-[13px]">
              <Kv k="Name">
                <span className="font-medium">{ev.agent?.name}</span>{" "}
                <Link href={`/agents/${encodeURIComponent(ev.agent?.id ?? approval.agent_id)}`} className="font-mono text-xs text-indigo-700 hover:underline">{ev.agent?.id ?? approval.agent_id}</Link>
              </Kv>
              <Kv k="Owner">{ev.agent?.owner || <span className="text-slate-500">—</span>}</Kv>
              <Kv k="Environment"><span className="font-mono text-xs">{ev.agent?.environment || "—"}</span></Kv>
              <Kv k="Trust"><TrustBadge level={ev.agent?.trust_level ?? "unverified"} /></Kv>
            </dl>
          </Section>

          <Section title="Plan intent">
            {ev.plan_intent ? <p className="text-[13px] text-slate-800">{ev.plan_intent}</p> : <p className="text-[13px] text-slate-500">The agent stated no intent for this plan.</p>}
            {ev.step.intent && <p className="mt-1 text-[13px] text-slate-600"><span className="text-slate-500">Step intent:</span> {ev.step.intent}</p>}
          </Section>
        </div>
      </div>

      <Section title="Reasons">
        <table className="w-full text-[13px]">
          <tbody>
            {stageRows.filter(([, v]) => v && v.verdict !== "skipped" && v.reason).map(([name, v]) => (
              <tr key={name} className="align-top">
                <td className="w-24 py-0.5 pr-2 text-slate-500">{name}</td>
                <td className={`w-14 py-0.5 pr-2 text-xs font-semibold uppercase ${VERDICT_TONE[v!.verdict] ?? "text-slate-600"}`}>{v!.verdict}</td>
                <td className="py-0.5 text-slate-800">{v!.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ev.reasons.length > 0 && (
          <ul className="mt-1.5 list-disc space-y-0.5 pl-5 text-[13px] text-slate-700">
            {ev.reasons.map((r, i) => <li key={i}>{r}</li>)}
          </ul>
        )}
      </Section>
    </div>
  );
}
