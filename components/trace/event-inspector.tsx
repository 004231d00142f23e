"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EventRow } from "@/lib/events/schemas";
import { fetchEvent } from "./api";
import { DecisionBadge } from "./decision-badge";
import { fmtRisk, prettyJson, riskTone, utcDateTime } from "@/components/ui/format";
import { TrustLevelBadge } from "./provenance-badge";
import { StageChip } from "./stages";
import { Spinner } from "@/components/ui/spinner";
import { GuardWindowView, readGuardWindow } from "@/components/guard/guard-window";

/**
 * Side panel for one event: the parsed fields a reviewer reasons with, beside the exact bytes the agent sent
 * (fetched from /api/v1/events/{id}) so any claim in the parsed view can be checked against the evidence.
 */
export function EventInspector({ ev, onClose, onStep }: { ev: EventRow; onClose: () => void; onStep: (dir: 1 | -1) => void }) {
  const stored = useQuery({ queryKey: ["event", ev.id], queryFn: () => fetchEvent(ev.id), staleTime: Infinity });

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape") onClose();
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA") return;
      if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); onStep(1); }
      if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); onStep(-1); }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose, onStep]);

  const e = ev.event;
  return (
    <aside
      className="fixed bottom-0 right-0 top-12 z-40 flex w-[min(1180px,86vw)] flex-col border-l border-slate-300 bg-white shadow-2xl"
      aria-label={`Event ${ev.seq} inspector`}
      data-testid="event-inspector"
    >
      <header className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2.5">
        <span className="font-mono text-sm font-semibold tabular-nums text-slate-500">#{ev.seq}</span>
        <StageChip stage={e.stage} />
        <h2 className="truncate font-mono text-sm font-semibold text-slate-900">{e.type}</h2>
        <DecisionBadge decision={e.decision} />
        <div className="ml-auto flex items-center gap-1 text-xs text-slate-500">
          <span className="hidden lg:inline">j / k to move</span>
          <button onClick={() => onStep(-1)} className="rounded px-2 py-1 hover:bg-slate-200" aria-label="Previous event">↑</button>
          <button onClick={() => onStep(1)} className="rounded px-2 py-1 hover:bg-slate-200" aria-label="Next event">↓</button>
          <button onClick={onClose} className="rounded px-2 py-1 font-medium text-slate-700 hover:bg-slate-200" aria-label="Close inspector">Close ✕</button>
        </div>
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-[1.15fr_1fr] divide-x divide-slate-200">
        <div className="min-h-0 overflow-auto px-4 py-3 text-sm" role="region" aria-label="Parsed fields" tabIndex={0}>
          <ParsedFields ev={ev} />
        </div>
        <div className="flex min-h-0 flex-col bg-slate-950">
          <RawPanel id={ev.id} raw={stored.data?.raw} loading={stored.isPending} error={stored.error} />
        </div>
      </div>
    </aside>
  );
}

function RawPanel({ id, raw, loading, error }: { id: string; raw: string | undefined; loading: boolean; error: Error | null }) {
  const [copied, setCopied] = useState<"" | "ok" | "fail">("");
  const [wrap, setWrap] = useState(true);
  const [formatted, setFormatted] = useState(false);
  const shown = formatted && raw !== undefined ? formatRaw(raw) : raw;
  useEffect(() => setCopied(""), [id]);
  async function copy() {
    if (raw === undefined) return;
    try {
      await navigator.clipboard.writeText(raw);
      setCopied("ok");
    } catch {
      setCopied("fail");
    }
    setTimeout(() => setCopied(""), 2000);
  }
  const bytes = raw === undefined ? null : new TextEncoder().encode(raw).length;
  return (
    <>
      <div className="flex shrink-0 items-center gap-2 whitespace-nowrap border-b border-slate-800 px-3 py-2 text-xs text-slate-300">
        <span className="font-semibold uppercase tracking-wide text-slate-200" title="The JSON exactly as the agent sent it">Raw JSON</span>
        {bytes !== null && <span className="truncate tabular-nums text-slate-400">{bytes.toLocaleString("en-US")} bytes as received</span>}
        <label className="ml-auto flex cursor-pointer items-center gap-1 text-slate-400" title="Soft-wrap long lines; the bytes are unchanged">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} className="accent-indigo-500" /> wrap
        </label>
        <label className="flex cursor-pointer items-center gap-1 text-slate-400" title="Indented view for reading; Copy always copies the stored bytes">
          <input type="checkbox" checked={formatted} onChange={(e) => setFormatted(e.target.checked)} className="accent-indigo-500" /> indent
        </label>
        <a href={`/api/v1/events/${encodeURIComponent(id)}?format=raw`} target="_blank" rel="noreferrer" className="rounded px-2 py-1 text-slate-300 hover:bg-slate-800">
          Open raw
        </a>
        <button
          onClick={copy}
          disabled={raw === undefined}
          className="rounded bg-indigo-600 px-2.5 py-1 font-medium text-white hover:bg-indigo-500 disabled:opacity-40"
          data-testid="copy-raw"
        >
          {copied === "ok" ? "Copied" : copied === "fail" ? "Copy failed" : "Copy"}
        </button>
      </div>
      {loading ? (
        <div className="flex items-center gap-2 p-4 text-xs text-slate-400"><Spinner /> Loading stored bytes…</div>
      ) : error ? (
        <div className="p-4 text-xs text-red-300">Could not load the raw event: {error.message}</div>
      ) : (
        <>
          {formatted && <div className="shrink-0 bg-amber-900/40 px-3 py-1 text-[11px] text-amber-200">Indented for reading. This is not the stored form; Copy and Open raw give the exact bytes.</div>}
          <pre
            className={`min-h-0 flex-1 overflow-auto p-3 font-mono text-[12px] leading-5 text-slate-100 ${wrap ? "whitespace-pre-wrap break-all" : "whitespace-pre"}`}
            data-testid="raw-json"
            data-formatted={formatted}
          >
            {shown}
          </pre>
        </>
      )}
    </>
  );
}

function formatRaw(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mb-4">
      <h3 className="mb-1.5 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

function Field({ k, children, mono }: { k: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="text-xs text-slate-500">{k}</dt>
      <dd className={`min-w-0 break-all text-[13px] text-slate-800 ${mono ? "font-mono text-xs" : ""}`}>{children ?? <span className="text-slate-500">—</span>}</dd>
    </>
  );
}

function Json({ value }: { value: unknown }) {
  return <pre className="max-h-72 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 font-mono text-[12px] leading-5 text-slate-800">{prettyJson(value)}</pre>;
}

function ParsedFields({ ev }: { ev: EventRow }) {
  const e = ev.event;
  const r = e.risk;
  return (
    <>
      <Section title="Event">
        <dl className="grid grid-cols-[120px_1fr] gap-x-3 gap-y-1">
          <Field k="id" mono>{e.id}</Field>
          <Field k="type" mono>{e.type}</Field>
          <Field k="stage"><StageChip stage={e.stage} /></Field>
          <Field k="timestamp" mono>{e.timestamp}</Field>
          <Field k="received" mono>{utcDateTime(ev.received_at)}</Field>
          <Field k="agent" mono>{[e.agent.id, e.agent.name, e.agent.version && `v${e.agent.version}`].filter(Boolean).join(" · ")}</Field>
          {e.step !== undefined && e.step !== null && <Field k="step" mono>{e.step}</Field>}
          {e.tool && <Field k="tool" mono>{e.tool}</Field>}
          {e.parent_id && <Field k="parent event" mono>{e.parent_id}</Field>}
          {e.parent_trace_id && <Field k="parent trace" mono>{e.parent_trace_id}</Field>}
          <Field k="format">{ev.format}{ev.flags.length ? ` · flags: ${ev.flags.join(", ")}` : ""}</Field>
          <Field k="schema" mono>{e.schema_version}</Field>
        </dl>
      </Section>

      {(e.decision || e.reasons?.length || e.policy) && (
        <Section title={e.decision ? "Decision" : "Reasons"}>
          {e.decision && <div className="mb-1.5"><DecisionBadge decision={e.decision} size={e.decision === "observed" ? "sm" : "lg"} /></div>}
          {e.reasons?.length ? (
            <ul className="mb-2 list-disc space-y-0.5 pl-5 text-[13px] text-slate-800">
              {e.reasons.map((x, i) => <li key={i}>{x}</li>)}
            </ul>
          ) : null}
          {e.policy && (
            <dl className="grid grid-cols-[120px_1fr] gap-x-3 gap-y-1">
              <Field k="policy bundle" mono>{e.policy.bundle_id}</Field>
              <Field k="version" mono>{e.policy.version === null || e.policy.version === undefined ? null : String(e.policy.version)}</Field>
              <Field k="determining">
                {e.policy.determining?.length ? (
                  <ul className="space-y-0.5">{e.policy.determining.map((d, i) => <li key={i}><code className="rounded bg-indigo-50 px-1 text-xs text-indigo-800">{d}</code></li>)}</ul>
                ) : null}
              </Field>
            </dl>
          )}
        </Section>
      )}

      {r && (
        <Section title="Risk">
          <div className="flex flex-wrap items-center gap-1 font-mono text-[13px]">
            <Term label="R_step" v={r.r_step} /> <Op>×</Op> <Term label="E" v={r.e} /> <Op>×</Op> <Term label="T" v={r.t} /> <Op>×</Op> <Term label="B" v={r.b} />
            <Op>=</Op> <Term label="step risk" v={r.step_risk} strong />
          </div>
          <div className="mt-1.5 text-[13px]">
            Running <span className="font-mono">R_total</span> <span className={`font-mono ${riskTone(r.r_total)}`}>{fmtRisk(r.r_total)}</span>
            {r.level && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">level {r.level}</span>}
          </div>
        </Section>
      )}

      {e.budget && (
        <Section title="Budget">
          {e.budget.status && <div className="mb-1 text-[13px]">status <b>{e.budget.status}</b></div>}
          {e.budget.violations?.length ? <div className="mb-1 text-[13px] font-medium text-red-700">Violations: {e.budget.violations.join(", ")}</div> : null}
          <BudgetTable limits={e.budget.limits} usage={e.budget.usage} />
        </Section>
      )}

      {e.approval && (
        <Section title="Approval">
          <dl className="grid grid-cols-[120px_1fr] gap-x-3 gap-y-1">
            <Field k="id" mono>{e.approval.id}</Field>
            <Field k="status">{e.approval.status}</Field>
            <Field k="actor">{e.approval.actor}</Field>
            <Field k="note">{e.approval.note}</Field>
          </dl>
        </Section>
      )}

      {e.provenance?.length ? (
        <Section title={`Provenance (${e.provenance.length})`}>
          <div className="overflow-x-auto rounded border border-slate-200">
            <table className="w-full text-left text-xs">
              <thead className="bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500">
                <tr><th className="px-2 py-1">Source</th><th className="px-2 py-1">Trust</th><th className="px-2 py-1">Name</th><th className="px-2 py-1">Origin</th><th className="px-2 py-1">Content hash</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {e.provenance.map((p, i) => (
                  <tr key={i} className="align-top">
                    <td className="break-all px-2 py-1 font-mono">{p.source_type}</td>
                    <td className="px-2 py-1"><TrustLevelBadge level={p.trust_level} /></td>
                    <td className="break-all px-2 py-1">{p.source_name ?? "—"}</td>
                    <td className="break-all px-2 py-1 font-mono">{p.origin_uri ?? "—"}</td>
                    <td className="break-all px-2 py-1 font-mono">{p.content_hash ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ) : null}

      {e.plan && (
        <Section title={`Plan${e.plan.steps ? ` (${e.plan.steps.length} steps)` : ""}`}>
          {e.plan.intent && <p className="mb-1 text-[13px] text-slate-800">{e.plan.intent}</p>}
          <ol className="space-y-0.5 text-xs">
            {e.plan.steps?.map((s) => (
              <li key={s.index} className="font-mono"><span className="text-slate-500">{s.index}.</span> {s.tool}{s.capability ? <span className="text-slate-500"> ({s.capability})</span> : null}</li>
            ))}
          </ol>
        </Section>
      )}

      {e.arguments !== undefined && <Section title="Arguments"><Json value={e.arguments} /></Section>}
      {e.cost && <Section title="Cost"><Json value={e.cost} /></Section>}
      {e.type === "guard.scanned" && readGuardWindow((e.payload as { window?: unknown } | undefined)?.window) && (
        <Section title="Guard: worst window"><GuardWindowView window={readGuardWindow((e.payload as { window?: unknown }).window)!} /></Section>
      )}
      {e.payload !== undefined && <Section title="Payload"><Json value={e.payload} /></Section>}

      <Section title="Hash chain">
        <dl className="grid grid-cols-[120px_1fr] gap-x-3 gap-y-1">
          <Field k="seq" mono>{ev.seq}</Field>
          <Field k="hash" mono>{ev.hash}</Field>
          <Field k="prev_hash" mono>{ev.prev_hash}</Field>
          {e.token_jti && <Field k="token jti" mono>{e.token_jti}</Field>}
        </dl>
      </Section>
    </>
  );
}

function Term({ label, v, strong }: { label: string; v: number | undefined; strong?: boolean }) {
  return (
    <span className={`inline-flex items-baseline gap-1 rounded px-1.5 py-0.5 ring-1 ring-inset ${strong ? "bg-orange-50 ring-orange-200" : "bg-slate-50 ring-slate-200"}`}>
      <span className="text-[10px] uppercase text-slate-500">{label}</span>
      <span className={strong ? riskTone(v) : "text-slate-900"}>{v === undefined ? "—" : v}</span>
    </span>
  );
}
function Op({ children }: { children: React.ReactNode }) {
  return <span className="text-slate-500">{children}</span>;
}

function BudgetTable({ limits, usage }: { limits?: Record<string, unknown>; usage?: Record<string, unknown> }) {
  const keys = [...new Set([...Object.keys(usage ?? {}), ...Object.keys(limits ?? {}).map((k) => k.replace(/^max_/, ""))])];
  if (!keys.length) return null;
  const limitOf = (k: string) => limits?.[`max_${k}`] ?? limits?.[k];
  return (
    <table className="w-full text-left text-xs">
      <thead className="text-[11px] uppercase tracking-wide text-slate-500"><tr><th className="py-0.5">Counter</th><th className="py-0.5 text-right">Used</th><th className="py-0.5 text-right">Limit</th></tr></thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k} className="border-t border-slate-100">
            <td className="py-0.5 font-mono">{k}</td>
            <td className="py-0.5 text-right font-mono tabular-nums">{fmtJson(usage?.[k])}</td>
            <td className="py-0.5 text-right font-mono tabular-nums">{fmtJson(limitOf(k))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function fmtJson(v: unknown): string {
  return v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);
}
