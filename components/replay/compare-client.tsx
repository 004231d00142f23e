"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { fmtRisk, riskTone } from "@/components/ui/format";
import { ProvenanceBadges } from "@/components/trace/provenance-badge";
import { TrustBadge } from "@/components/ui/trust-badge";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { getJson } from "@/components/ui/request-json";
import { SEVERITIES } from "@/engine/replay/diff";
import type { CompareResponse } from "@/lib/replay/schemas";
import type { TraceListResponse } from "@/lib/traces/schemas";
import { ResultBadge, SeverityBadge } from "./badges";

type Comparison = CompareResponse["comparison"];
type Pair = Comparison["pairs"][number];
type Side = Comparison["a"];
type Step = NonNullable<Pair["a"]>;
type Field = Pair["changed"][number];

const STATUS: Record<Pair["status"], { label: string; cls: string; mark: string }> = {
  same: { label: "Same", cls: "bg-white text-slate-500 ring-slate-300", mark: "=" },
  changed: { label: "Changed", cls: "bg-amber-100 text-amber-900 ring-amber-500/60", mark: "≠" },
  only_a: { label: "Only in A", cls: "bg-sky-100 text-sky-900 ring-sky-500/60", mark: "A" },
  only_b: { label: "Only in B", cls: "bg-violet-100 text-violet-900 ring-violet-500/60", mark: "B" },
};

const PAGE = 200;

/** Trace vs trace: a picker for the two traces, their verdicts, summary counts and the aligned steps. */
export function CompareClient({ a, b, data, error }: { a: string; b: string; data: CompareResponse | null; error: string | null }) {
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const pairs = useMemo(() => (data ? (onlyDiff ? data.comparison.pairs.filter((p) => p.status !== "same") : data.comparison.pairs) : []), [data, onlyDiff]);
  return (
    <div className="space-y-3">
      <nav className="flex items-center gap-1.5 text-xs text-slate-500" aria-label="Breadcrumb">
        <Link href="/traces" className="hover:text-indigo-700 hover:underline">Traces</Link>
        <span>/</span>
        <span className="text-slate-700">Compare</span>
      </nav>
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Compare traces</h1>
        <p className="text-sm text-slate-500">
          Steps of both traces aligned by tool (longest common subsequence, in plan order); differences in tool, arguments, provenance,
          decision, risk and outcome are highlighted.
        </p>
      </div>
      <Picker a={a} b={b} />
      {error && <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      {!data && !error && (
        <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
          Pick two traces above, or select two rows in the <Link href="/traces" className="font-medium text-indigo-700 hover:underline">trace list</Link> and press Compare.
        </div>
      )}
      {data && (
        <>
          {(data.truncated.a || data.truncated.b) && (
            <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Only the first {data.event_limit.toLocaleString("en-US")} events of {data.truncated.a && data.truncated.b ? "both traces" : `trace ${data.truncated.a ? "A" : "B"}`} were compared.
            </p>
          )}
          <div className="grid grid-cols-2 gap-3">
            <SideCard label="A" side={data.comparison.a} />
            <SideCard label="B" side={data.comparison.b} />
          </div>
          <Summary c={data.comparison} onlyDiff={onlyDiff} setOnlyDiff={setOnlyDiff} />
          {pairs.length === 0 ? (
            <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
              {onlyDiff ? "No differences: every aligned step is the same." : "Neither trace has plan steps, decisions or executions to compare."}
            </div>
          ) : (
            <div className="overflow-hidden rounded-md border border-slate-200 bg-white">
              <table className="w-full table-fixed border-collapse text-sm" data-testid="compare-table">
                <colgroup>
                  <col className="w-[96px]" />
                  <col />
                  <col />
                </colgroup>
                <thead className="border-b border-slate-200 bg-slate-50 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-3 py-1.5">Alignment</th>
                    <th scope="col" className="px-3 py-1.5">A · <span className="font-mono normal-case">{data.comparison.a.trace_id}</span></th>
                    <th scope="col" className="border-l border-slate-200 px-3 py-1.5">B · <span className="font-mono normal-case">{data.comparison.b.trace_id}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {pairs.slice(0, shown).map((p, i) => <PairRows key={i} p={p} traceA={data.comparison.a.trace_id} traceB={data.comparison.b.trace_id} />)}
                </tbody>
              </table>
              {pairs.length > shown && (
                <button type="button" onClick={() => setShown((s) => s + PAGE * 5)} className="w-full border-t border-slate-200 bg-slate-50 py-2 text-sm text-slate-700 hover:bg-slate-100">
                  Show {Math.min(PAGE * 5, pairs.length - shown).toLocaleString("en-US")} more of {(pairs.length - shown).toLocaleString("en-US")} remaining rows
                </button>
              )}
            </div>
          )}
          {data.comparison.alignment === "position" && (
            <p className="text-xs text-slate-500">The traces were too long for a full alignment in between their common start and end; the middle is aligned by position.</p>
          )}
        </>
      )}
    </div>
  );
}

function Picker({ a, b }: { a: string; b: string }) {
  const router = useRouter();
  const [va, setA] = useState(a);
  const [vb, setB] = useState(b);
  const listId = useId();
  // recent traces as suggestions for both fields
  const recent = useQuery({
    queryKey: ["traces", "compare-suggestions"],
    queryFn: () => getJson<TraceListResponse>("/api/v1/traces?limit=100").then((r) => r.traces, () => []),
    staleTime: 60_000,
  });
  function go(e?: React.FormEvent) {
    e?.preventDefault();
    const q = new URLSearchParams();
    if (va.trim()) q.set("a", va.trim());
    if (vb.trim()) q.set("b", vb.trim());
    router.push(`/traces/compare?${q}`);
  }
  const input = "w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm text-slate-900 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
  return (
    <form onSubmit={go} className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 bg-white p-3" aria-label="Traces to compare">
      <label className="min-w-64 flex-1 text-xs font-medium text-slate-600">
        Trace A
        <input value={va} onChange={(e) => setA(e.target.value)} list={listId} placeholder="trace id" className={input} spellCheck={false} />
      </label>
      <button type="button" onClick={() => { setA(vb); setB(va); }} className="mb-0.5 rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-50" title="Swap A and B" aria-label="Swap A and B">
        ⇄
      </button>
      <label className="min-w-64 flex-1 text-xs font-medium text-slate-600">
        Trace B
        <input value={vb} onChange={(e) => setB(e.target.value)} list={listId} placeholder="trace id" className={input} spellCheck={false} />
      </label>
      <datalist id={listId}>
        {(recent.data ?? []).map((t) => <option key={t.id} value={t.id}>{t.plan_intent ?? ""}</option>)}
      </datalist>
      <button type="submit" disabled={!va.trim() || !vb.trim()} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50">
        Compare
      </button>
    </form>
  );
}

function SideCard({ label, side }: { label: string; side: Side }) {
  const id = side.trace_id ?? "";
  return (
    <section className="rounded-md border border-slate-200 bg-white p-3" aria-label={`Trace ${label}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 text-xs font-bold ${label === "A" ? "bg-sky-100 text-sky-900" : "bg-violet-100 text-violet-900"}`}>{label}</span>
        <Link href={`/traces/${encodeURIComponent(id)}?tab=replay`} className="min-w-0 truncate font-mono text-sm font-semibold text-indigo-700 hover:underline" title="Open this trace's replay diff">{id}</Link>
        <span className="ml-auto"><ResultBadge result={side.verdict} /></span>
      </div>
      <p className="mt-1 line-clamp-2 text-xs text-slate-600" title={side.verdict_reason}>{side.verdict_reason}</p>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
        <span className="tabular-nums">{side.plans} {side.plans === 1 ? "plan" : "plans"} · {side.steps.toLocaleString("en-US")} steps · {side.event_count.toLocaleString("en-US")} events</span>
        {SEVERITIES.filter((s) => s !== "info" && side.severities[s]).map((s) => (
          <span key={s} className="inline-flex items-center gap-1"><SeverityBadge severity={s} /><span className="tabular-nums">{side.severities[s]}</span></span>
        ))}
      </div>
    </section>
  );
}

function Summary({ c, onlyDiff, setOnlyDiff }: { c: Comparison; onlyDiff: boolean; setOnlyDiff: (v: boolean) => void }) {
  const s = c.summary;
  const fields = (Object.keys(s.fields) as Field[]).filter((f) => s.fields[f]);
  return (
    <section className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs" aria-label="Comparison summary">
      {(["same", "changed", "only_a", "only_b"] as const).map((k) => (
        <span key={k} className="inline-flex items-center gap-1">
          <StatusBadge status={k} />
          <span className="font-semibold tabular-nums text-slate-800">{s[k].toLocaleString("en-US")}</span>
        </span>
      ))}
      <span className="text-slate-500">
        {fields.length ? <>differences in {fields.map((f) => `${f} (${s.fields[f]})`).join(", ")}</> : "no field differs"}
      </span>
      <label className="ml-auto inline-flex cursor-pointer items-center gap-1.5 text-slate-700">
        <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} className="h-3.5 w-3.5 accent-indigo-600" />
        Only differences
      </label>
    </section>
  );
}

function StatusBadge({ status }: { status: Pair["status"] }) {
  const s = STATUS[status];
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${s.cls}`} data-status={status}>
      <span className="font-mono" aria-hidden>{s.mark}</span>
      {s.label}
    </span>
  );
}

function preview(v: unknown, max = 60): string {
  if (v === undefined) return "—";
  const t = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v ?? null);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const hl = (on: boolean) => (on ? "rounded bg-amber-100 px-1 -mx-1 ring-1 ring-amber-300" : "");

function PairRows({ p, traceA, traceB }: { p: Pair; traceA: string | null; traceB: string | null }) {
  const ch = new Set(p.changed);
  const showDetails = p.status === "changed" && (p.arguments.length > 0 || p.provenance || ch.has("decision") || ch.has("risk") || ch.has("outcome") || ch.has("tool"));
  const tone = p.status === "changed" ? "bg-amber-50/40" : p.status === "same" ? "" : "bg-slate-50/60";
  return (
    <>
      <tr className={`border-t border-slate-100 align-top ${tone}`} data-pair={p.status}>
        <td className="px-3 py-2"><StatusBadge status={p.status} /></td>
        <StepCell step={p.a} changed={ch} traceId={traceA} />
        <StepCell step={p.b} changed={ch} traceId={traceB} border />
      </tr>
      {showDetails && (
        <tr className={`align-top ${tone}`}>
          <td />
          <td colSpan={2} className="px-3 pb-2">
            <DiffDetails p={p} />
          </td>
        </tr>
      )}
    </>
  );
}

function StepCell({ step, changed, traceId, border = false }: { step: Step | null; changed: Set<Field>; traceId: string | null; border?: boolean }) {
  const cls = `px-3 py-2 ${border ? "border-l border-slate-200" : ""}`;
  if (!step) return <td className={`${cls} text-xs italic text-slate-500`}>no matching step</td>;
  const href = `/traces/${encodeURIComponent(traceId ?? "")}?tab=replay`;
  return (
    <td className={cls}>
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="font-mono text-[11px] text-slate-500">step {step.index}</span>
        <span className={`font-mono text-xs font-semibold text-slate-900 ${hl(changed.has("tool"))}`}>{step.tool}</span>
        <span className="ml-auto"><ResultBadge result={step.result} /></span>
      </div>
      {step.intent && <div className="mt-0.5 text-xs text-slate-700">{step.intent}</div>}
      {step.arguments !== null && step.arguments !== undefined && (
        <div className={`mt-0.5 truncate font-mono text-[11px] text-slate-600 ${hl(changed.has("arguments"))}`} title={JSON.stringify(step.arguments, null, 2)}>{preview(step.arguments, 160)}</div>
      )}
      {step.provenance.length > 0 && <div className={`mt-1 ${hl(changed.has("provenance"))}`}><ProvenanceBadges list={step.provenance} max={3} /></div>}
      <div className="mt-1 flex flex-wrap items-center gap-1.5 text-[11px]">
        <span className={hl(changed.has("decision"))}><DecisionBadge decision={step.decision} /></span>
        {step.effective_decision !== step.decision && step.effective_decision !== "none" && <span className="text-slate-500">→ <DecisionBadge decision={step.effective_decision} /></span>}
        {step.risk && (
          <span className={`tabular-nums ${riskTone(step.risk.r_total)} ${hl(changed.has("risk"))}`}>risk {fmtRisk(step.risk.step_risk)} · R<sub>total</sub> {fmtRisk(step.risk.r_total)}</span>
        )}
        <span className={`text-slate-600 ${hl(changed.has("outcome"))}`}>{step.outcome.replace("_", " ")}</span>
        {step.worst_severity && step.worst_severity !== "info" && <SeverityBadge severity={step.worst_severity}>{`${step.mismatches} mismatch${step.mismatches === 1 ? "" : "es"}`}</SeverityBadge>}
      </div>
      {step.determining.length > 0 && (
        <div className="mt-1 flex flex-wrap gap-1">{step.determining.map((d) => <code key={d} className="rounded bg-slate-100 px-1 text-[10px] text-slate-700">{d}</code>)}</div>
      )}
      {step.reasons[0] && <p className="mt-1 line-clamp-2 text-[11px] text-slate-600" title={step.reasons.join("\n")}>{step.reasons[0]}</p>}
      {step.event && <Link href={href} className="mt-1 inline-block font-mono text-[11px] text-indigo-700 hover:underline" prefetch={false}>decision #{step.event.seq} in trace</Link>}
    </td>
  );
}

/** Sources only on one side, with the fields that tell them apart (name and origin), not just type and trust. */
function SourceList({ list }: { list: NonNullable<Pair["provenance"]>["only_a"] }) {
  if (!list.length) return <>—</>;
  return (
    <ul className="space-y-0.5" data-testid="compare-sources">
      {list.map((s, i) => (
        <li key={i} className="flex flex-wrap items-center gap-1">
          <TrustBadge level={s.trust_level} />
          <code>{s.source_type}</code>
          <span>{s.source_name ?? s.id ?? <i className="text-slate-500">no name</i>}</span>
          {s.origin_uri && <code className="break-all text-slate-500">{s.origin_uri}</code>}
        </li>
      ))}
    </ul>
  );
}

function DiffDetails({ p }: { p: Pair }) {
  const a = p.a!, b = p.b!;
  const rows: Array<{ field: string; a: React.ReactNode; b: React.ReactNode }> = [];
  if (a.tool !== b.tool) rows.push({ field: "tool", a: <code>{a.tool}</code>, b: <code>{b.tool}</code> });
  const absent = <i className="text-slate-500">absent</i>;
  for (const d of p.arguments) rows.push({ field: `arguments.${d.key}`, a: "a" in d ? <code>{preview(d.a)}</code> : absent, b: "b" in d ? <code>{preview(d.b)}</code> : absent });
  if (p.provenance) {
    for (const t of p.provenance.trust_changed) rows.push({ field: `trust of ${t.source}`, a: t.a, b: t.b });
    if (p.provenance.only_a.length || p.provenance.only_b.length) {
      rows.push({
        field: "sources",
        a: <SourceList list={p.provenance.only_a} />,
        b: <SourceList list={p.provenance.only_b} />,
      });
    }
  }
  if (p.changed.includes("decision")) {
    rows.push({
      field: "decision",
      a: <span className="inline-flex flex-wrap items-center gap-1"><DecisionBadge decision={a.effective_decision} />{a.determining.join(", ")}</span>,
      b: <span className="inline-flex flex-wrap items-center gap-1"><DecisionBadge decision={b.effective_decision} />{b.determining.join(", ")}</span>,
    });
  }
  if (p.changed.includes("risk")) rows.push({ field: "risk (step · R_total)", a: `${fmtRisk(a.risk?.step_risk)} · ${fmtRisk(a.risk?.r_total)}`, b: `${fmtRisk(b.risk?.step_risk)} · ${fmtRisk(b.risk?.r_total)}` });
  if (p.changed.includes("outcome")) {
    rows.push({
      field: "outcome",
      a: <span className="inline-flex items-center gap-1">{a.outcome.replace("_", " ")} <ResultBadge result={a.result} /></span>,
      b: <span className="inline-flex items-center gap-1">{b.outcome.replace("_", " ")} <ResultBadge result={b.result} /></span>,
    });
  }
  if (!rows.length) return null;
  return (
    <table className="w-full table-fixed rounded border border-amber-200 bg-white text-[11px]" aria-label="Differences">
      <colgroup><col className="w-[22%]" /><col /><col /></colgroup>
      <thead className="bg-amber-50 text-left text-[10px] font-semibold uppercase tracking-wide text-amber-900">
        <tr><th className="px-2 py-1">Differs</th><th className="px-2 py-1">A</th><th className="px-2 py-1">B</th></tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className="border-t border-amber-100 align-top">
            <td className="px-2 py-1 font-mono text-slate-600">{r.field}</td>
            <td className="break-all px-2 py-1 text-sky-900">{r.a}</td>
            <td className="break-all px-2 py-1 text-violet-900">{r.b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
