"use client";
import Link from "next/link";
import { useState } from "react";
import type { TraceDetail } from "@/lib/traces/schemas";
import { DecisionBadge } from "./decision-badge";
import { riskLevel } from "@/engine/replay/trace-outcome";
import { duration, fmtRisk, riskTone, shortHash, utcDateTime, type RiskThresholds } from "@/components/ui/format";
import { TrustLevelBadge } from "./provenance-badge";
import { ForeignNotice } from "./foreign-notice";
import type { ForeignOrigin } from "@/engine/replay/reconstruct";

/**
 * The header a reviewer reads first: who acted, what was decided and why, how risky, over what span — and, for a
 * trace that stands for a foreign or legacy log (`foreign`, from the trace's outcome), why its records are not all
 * the engine's.
 */
export function TraceSummary({ t, live, foreign }: { t: TraceDetail; live: boolean; foreign?: ForeignOrigin | null }) {
  return (
    <section className="rounded-md border border-slate-200 bg-white" data-testid="trace-summary">
      <div className="flex flex-wrap items-start gap-x-6 gap-y-2 border-b border-slate-200 px-4 py-2.5">
        <div className="min-w-0">
          <div className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Trace</div>
          <div className="flex items-center gap-2">
            <h1 className="truncate font-mono text-lg font-semibold text-slate-900">{t.id}</h1>
            <CopyButton text={t.id} label="Copy trace id" />
          </div>
        </div>
        <div className="min-w-0 flex-1">
          <div className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Final decision</div>
          <div className="flex min-w-0 items-center gap-2" data-testid="trace-header-decision" data-decision={t.final_decision ?? ""}>
            {t.final_decision ? <DecisionBadge decision={t.final_decision} size="lg" /> : <span className="text-sm text-slate-500">No decision yet</span>}
            {t.final_reason && <span className="truncate text-sm text-slate-700" title={t.final_reason}>{t.final_reason}</span>}
          </div>
        </div>
        <div className="flex items-center gap-2 self-center text-xs text-slate-500">
          {live ? (
            <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 font-medium text-emerald-700 ring-1 ring-emerald-200" title="New events are fetched every 3 seconds">
              <span className="relative flex h-2 w-2"><span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" /><span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" /></span>
              Live
            </span>
          ) : null}
        </div>
      </div>
      {foreign && <div className="border-b border-slate-200 px-4 py-2"><ForeignNotice foreign={foreign} where="header" /></div>}

      <dl className="grid grid-cols-2 gap-px bg-slate-100 md:grid-cols-3 xl:grid-cols-6">
        <Cell label={t.agent.length > 1 ? `Agents (${t.agent.length})` : "Agent"} wide>
          {t.agent.length === 0 ? <span className="text-slate-500">—</span> : t.agent.slice(0, 3).map((a) => (
            <div key={a.id} className="min-w-0">
              <div className="flex min-w-0 items-center gap-1.5">
                <span className="truncate font-medium text-slate-900">{a.name ?? a.id}</span>
                {a.trust_level && <TrustLevelBadge level={a.trust_level} />}
                {!a.registered && <span className="rounded bg-red-50 px-1 text-[11px] text-red-700 ring-1 ring-red-200" title="No agent with this id is registered">unregistered</span>}
              </div>
              <div className="truncate text-xs text-slate-500">
                <code>{a.id}</code>
                {a.owner && <> · owner {a.owner}</>}
                {a.environment && <> · {a.environment}</>}
              </div>
            </div>
          ))}
          {t.agent.length > 3 && <div className="text-xs text-slate-500">+{t.agent.length - 3} more</div>}
        </Cell>
        <Cell label="Plan intent" wide>
          {t.plan_intent ? <span className="line-clamp-2 text-slate-800" title={t.plan_intent}>{t.plan_intent}</span> : <span className="text-slate-500">No plan submitted</span>}
        </Cell>
        <Cell label="Max risk (R_total)">
          <RiskMeter value={t.max_risk} thresholds={t.thresholds ?? null} />
        </Cell>
        <Cell label="Budget">
          <BudgetStatus t={t} />
        </Cell>
        <Cell label="Time span (UTC)" wide>
          <div className="font-mono text-xs text-slate-800">{utcDateTime(t.first_seen)}</div>
          <div className="font-mono text-xs text-slate-800">
            → {t.first_seen.slice(0, 10) === t.last_seen.slice(0, 10) ? `${t.last_seen.slice(11, 19)} UTC` : utcDateTime(t.last_seen)}
            <span className="ml-2 font-sans text-slate-500">({duration(t.first_seen, t.last_seen)})</span>
          </div>
        </Cell>
        <Cell label="Events">
          <div className="text-lg font-semibold tabular-nums text-slate-900" data-testid="event-count">{t.event_count.toLocaleString("en-US")}</div>
          <div className="truncate font-mono text-[11px] text-slate-500" title={`chain head #${t.head_seq}: ${t.head_hash}`}>head #{t.head_seq} {shortHash(t.head_hash, 10)}</div>
        </Cell>
        <Cell label="Provenance trust">
          {Object.keys(t.trust_summary).length === 0 ? (
            <span className="text-xs text-slate-500">No provenance recorded</span>
          ) : (
            <div className="flex flex-wrap gap-1">
              {Object.entries(t.trust_summary).sort(([a], [b]) => a.localeCompare(b)).map(([level, n]) => <TrustLevelBadge key={level} level={level} count={n} />)}
            </div>
          )}
        </Cell>
        <Cell label="Tools">
          {t.tools.length ? (
            <div className="flex flex-wrap gap-1">
              {t.tools.slice(0, 6).map((x) => <code key={x} className="rounded bg-slate-100 px-1 text-[11px] text-slate-700">{x}</code>)}
              {t.tools.length > 6 && <span className="text-[11px] text-slate-500" title={t.tools.slice(6).join(", ")}>+{t.tools.length - 6}</span>}
            </div>
          ) : <span className="text-xs text-slate-500">—</span>}
        </Cell>
        <Cell label="Linked traces">
          <div className="space-y-0.5 text-xs">
            <div>
              <span className="text-slate-500">parent </span>
              {t.parent_trace_id ? <Link className="font-mono text-indigo-700 hover:underline" href={`/traces/${encodeURIComponent(t.parent_trace_id)}`}>{t.parent_trace_id}</Link> : <span className="text-slate-500">none</span>}
            </div>
            <div className="flex flex-wrap gap-x-2">
              <span className="text-slate-500">children </span>
              {t.child_trace_ids.length ? t.child_trace_ids.slice(0, 4).map((c) => (
                <Link key={c} className="font-mono text-indigo-700 hover:underline" href={`/traces/${encodeURIComponent(c)}`}>{c}</Link>
              )) : <span className="text-slate-500">none</span>}
              {t.child_trace_ids.length > 4 && <span className="text-slate-500">+{t.child_trace_ids.length - 4}</span>}
            </div>
          </div>
        </Cell>
      </dl>
    </section>
  );
}

function Cell({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 bg-white px-4 py-2 ${wide ? "xl:col-span-2" : ""}`}>
      <dt className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="min-w-0 space-y-1 text-sm">{children}</dd>
    </div>
  );
}

/**
 * Risk against the thresholds the engine applied in this trace, judged by the engine's own rule (`riskLevel`),
 * as number, word and bar. A trace that recorded no thresholds (an imported log) is not judged.
 */
function RiskMeter({ value, thresholds }: { value: number | null; thresholds: RiskThresholds | null }) {
  if (value === null) return <span className="text-slate-500">not scored</span>;
  const level = riskLevel(value, thresholds);
  const halt = thresholds?.halt ?? 2;
  const max = Math.max(3, halt * 1.5);
  const pct = Math.min(100, (value / max) * 100);
  const word = level === "halt" ? "above halt" : level === "approval" ? "above approval" : level === "below" ? "below thresholds" : "no thresholds recorded";
  const bar = level === "halt" ? "bg-red-600" : level === "approval" ? "bg-amber-500" : level === "below" ? "bg-emerald-600" : "bg-slate-400";
  return (
    <div>
      <div className="flex items-baseline gap-2">
        <span className={`font-mono text-lg tabular-nums ${riskTone(value, thresholds)}`}>{fmtRisk(value)}</span>
        <span className="text-xs text-slate-500" data-testid="risk-level">{word}</span>
      </div>
      <div className="relative mt-1 h-1.5 rounded bg-slate-100" title={thresholds ? `approval at ${thresholds.approval}, halt at ${thresholds.halt} (as applied by the engine in this trace)` : "the trace recorded no thresholds"}>
        <div className={`h-full rounded ${bar}`} style={{ width: `${pct}%` }} />
        {thresholds && <span className="absolute -top-0.5 h-2.5 w-px bg-amber-600" style={{ left: `${(thresholds.approval / max) * 100}%` }} />}
        {thresholds && <span className="absolute -top-0.5 h-2.5 w-px bg-red-700" style={{ left: `${(thresholds.halt / max) * 100}%` }} />}
      </div>
    </div>
  );
}

function BudgetStatus({ t }: { t: TraceDetail }) {
  const violated = t.budget_status === "violated";
  const b = t.budget;
  const usage = b?.usage ? Object.entries(b.usage).slice(0, 3) : [];
  return (
    <div>
      <span className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-xs font-semibold ring-1 ring-inset ${violated ? "bg-red-50 text-red-800 ring-red-600/30" : "bg-emerald-50 text-emerald-800 ring-emerald-600/30"}`}>
        {violated ? "✕ violated" : "✓ within budget"}
      </span>
      {b?.violations?.length ? <div className="mt-0.5 truncate text-xs text-red-700" title={b.violations.join(", ")}>{b.violations.join(", ")}</div> : null}
      {usage.map(([k, v]) => {
        const lim = b?.limits?.[`max_${k}`] ?? b?.limits?.[k];
        return (
          <div key={k} className="truncate font-mono text-[11px] text-slate-600">
            {k} {JSON.stringify(v)}{lim !== undefined ? ` / ${JSON.stringify(lim)}` : ""}
          </div>
        );
      })}
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      onClick={async () => {
        await navigator.clipboard.writeText(text).catch(() => {});
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
      className="rounded px-1.5 py-0.5 text-xs text-slate-500 ring-1 ring-slate-200 hover:bg-slate-100"
      aria-label={label}
    >
      {done ? "Copied" : "Copy"}
    </button>
  );
}
