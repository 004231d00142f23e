"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { middleEllipsis, relativeTime, utcDateTime } from "@/components/ui/format";
import { ForeignChip } from "@/components/trace/foreign-notice";
import { TrustBadge } from "@/components/ui/trust-badge";
import type { TraceSummary } from "@/lib/traces/schemas";
import type { TraceFilters } from "./trace-filters";

const TRUST_ORDER = ["trusted", "internal", "external", "unverified"];
const RISK_SCALE = 3.0;

function Time({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={utcDateTime(iso)} className="whitespace-nowrap tabular-nums">
      {relativeTime(iso, now)}
    </time>
  );
}

/** One trace: the whole row opens it; tool chips filter by tool; the checkbox selects it for bulk actions. */
export function TraceRow({
  t, fresh, now, agentNames, onFilter, checked, onToggle,
}: {
  t: TraceSummary; fresh: boolean; now: number; agentNames: Map<string, string>; onFilter: (p: Partial<TraceFilters>) => void;
  checked: boolean; onToggle: (id: string) => void;
}) {
  const router = useRouter();
  const href = `/traces/${encodeURIComponent(t.id)}`;
  const trust = [...t.trust_levels].sort((a, b) => rank(a) - rank(b));
  return (
    <tr
      data-trace-id={t.id}
      data-fresh={fresh || undefined}
      onClick={(e) => {
        // the whole row opens the trace, unless the click was on a control or the reader is selecting text
        if ((e.target as HTMLElement).closest("a,button,input,select") || window.getSelection()?.toString()) return;
        if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
        else router.push(href);
      }}
      className={`cursor-pointer border-b border-slate-100 align-middle transition-colors duration-1000 last:border-0 hover:bg-slate-50 ${fresh ? "bg-indigo-50" : ""} ${checked ? "bg-indigo-50/60" : ""}`}
    >
      <td className="py-1.5 pl-3">
        <input
          type="checkbox"
          checked={checked}
          onChange={() => onToggle(t.id)}
          aria-label={`Select trace ${t.id}`}
          className="h-3.5 w-3.5 cursor-pointer accent-indigo-600"
        />
      </td>
      <td className="px-3 py-1.5">
        <div className="flex min-w-0 items-center gap-1.5">
          {fresh && <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-indigo-500" title="New since you opened this view" />}
          <Link href={href} className="truncate whitespace-nowrap font-mono text-xs font-medium text-indigo-700 hover:text-indigo-900 hover:underline" title={t.id} prefetch={false}>
            {middleEllipsis(t.id, fresh ? 21 : 23)}
          </Link>
        </div>
        <AgentLine agents={t.agents} names={agentNames} parent={t.parent_trace_id} />
      </td>
      <td className="px-3 py-1.5">
        {t.plan_intent ? (
          <div className="truncate text-slate-800" title={t.plan_intent}>
            {t.plan_intent}
          </div>
        ) : (
          <div className="text-slate-600">No plan recorded</div>
        )}
        {t.final_reason && (
          <div className="truncate text-xs text-slate-600" title={t.final_reason}>
            {t.final_reason}
          </div>
        )}
      </td>
      <td className="px-3 py-1.5">
        <ToolChips tools={t.tools} onFilter={onFilter} />
      </td>
      <td className="px-3 py-1.5">
        <div className="flex flex-col items-start">
          <DecisionBadge decision={t.final_decision} title={t.final_reason ? `Reason: ${t.final_reason}` : undefined} />
          {t.foreign && <ForeignChip kind={t.foreign} />}
        </div>
      </td>
      <td className="px-3 py-1.5">
        <RiskCell risk={t.max_risk} thresholds={t.risk_thresholds} />
      </td>
      <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">{t.event_count.toLocaleString("en-US")}</td>
      <td className="px-3 py-1.5">
        {trust.length ? (
          <div className="flex flex-wrap gap-1">
            {trust.map((l) => {
              const n = t.trust_summary[l];
              return (
                <TrustBadge
                  key={l}
                  level={l}
                  title={`Trust level ${l}: ${n ?? "some"} provenance ${n === 1 ? "entry" : "entries"} in this trace`}
                />
              );
            })}
          </div>
        ) : (
          <span className="text-xs text-slate-600" title="No provenance recorded">—</span>
        )}
      </td>
      <td className="px-3 py-1.5">
        {t.budget_status === "violated" ? (
          <span
            className="inline-flex items-center gap-1 rounded bg-red-600 px-1.5 py-px text-[11px] font-semibold text-white"
            title="A budget limit was exceeded in this trace"
          >
            <svg viewBox="0 0 12 12" className="h-2.5 w-2.5" aria-hidden>
              <path d="M6 1.5v5M6 9.5v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
            Over
          </span>
        ) : (
          <span className="text-xs text-slate-600" title={`Budget: ${t.budget_status.replace(/_/g, " ")}`}>within</span>
        )}
      </td>
      <td className="px-3 py-1.5 text-xs">
        <div className="font-medium text-slate-700">
          <Time iso={t.last_seen} now={now} />
        </div>
        <div className="text-slate-600">
          started <Time iso={t.first_seen} now={now} />
        </div>
      </td>
    </tr>
  );
}

function rank(level: string): number {
  const i = TRUST_ORDER.indexOf(level);
  return i === -1 ? TRUST_ORDER.length : i;
}

function AgentLine({ agents, names, parent }: { agents: string[]; names: Map<string, string>; parent: string | null }) {
  const label = (id: string) => (names.get(id) && names.get(id) !== id ? `${names.get(id)} (${id})` : id);
  return (
    <div className="flex min-w-0 items-center gap-1 text-xs text-slate-600">
      {agents.length ? (
        <span className="truncate" title={agents.map(label).join("\n")}>
          {names.get(agents[0]) ?? agents[0]}
          {agents.length > 1 && <span className="ml-1 rounded bg-slate-100 px-1 text-[11px] text-slate-600">+{agents.length - 1}</span>}
        </span>
      ) : (
        <span className="text-slate-600">no agent</span>
      )}
      {parent && (
        <span className="shrink-0 rounded bg-slate-100 px-1 text-[10px] font-medium uppercase tracking-wide text-slate-600" title={`Child of trace ${parent}`}>
          child
        </span>
      )}
    </div>
  );
}

// Tool chips are monospace, so their width is predictable: show as many of the first three as fit on one line.
const CHIP_CHAR_PX = 6.7;
const CHIP_PAD_PX = 14;
const CHIP_MAX_PX = 150;
const TOOLS_CELL_PX = 176;

function chipsThatFit(tools: string[]): number {
  let used = 0;
  let n = 0;
  for (const t of tools.slice(0, 3)) {
    const w = Math.min(CHIP_MAX_PX, t.length * CHIP_CHAR_PX + CHIP_PAD_PX) + (n ? 4 : 0);
    const restChip = tools.length > n + 1 ? 30 : 0;
    if (n > 0 && used + w + restChip > TOOLS_CELL_PX) break;
    used += w;
    n++;
  }
  return Math.max(1, n);
}

function ToolChips({ tools, onFilter }: { tools: string[]; onFilter: (p: Partial<TraceFilters>) => void }) {
  if (!tools.length) return <span className="text-slate-600">—</span>;
  const shown = tools.slice(0, chipsThatFit(tools));
  const rest = tools.length - shown.length;
  return (
    <div className="flex min-w-0 items-center gap-1">
      {shown.map((tool) => (
        <button
          key={tool}
          type="button"
          onClick={() => onFilter({ tool })}
          title={`${tool}: click to show only traces using this tool`}
          className="min-w-0 max-w-[150px] shrink truncate rounded border border-slate-200 bg-slate-50 px-1.5 py-px font-mono text-[11px] text-slate-700 hover:border-indigo-300 hover:bg-indigo-50"
        >
          {tool}
        </button>
      ))}
      {rest > 0 && (
        <span className="shrink-0 rounded bg-slate-100 px-1 text-[11px] text-slate-600" title={tools.slice(shown.length).join("\n")}>
          +{rest}
        </span>
      )}
    </div>
  );
}

/** Max risk against the thresholds the engine applied in this trace (strictly above crosses, the engine's rule). */
function RiskCell({ risk, thresholds }: { risk: number | null; thresholds: TraceSummary["risk_thresholds"] }) {
  if (risk === null) return <span className="text-xs text-slate-600" title="No risk recorded">—</span>;
  const pct = Math.min(1, Math.max(0, risk / RISK_SCALE)) * 100;
  const tone = !thresholds ? ["bg-slate-400", "text-slate-700"]
    : risk > thresholds.halt ? ["bg-red-500", "text-red-700 font-semibold"]
    : risk > thresholds.approval ? ["bg-amber-500", "text-amber-700 font-semibold"] : ["bg-slate-400", "text-slate-700"];
  const title = thresholds
    ? `Max chain risk ${risk} (this trace's thresholds: above ${thresholds.approval} needs approval, above ${thresholds.halt} halts)`
    : `Max chain risk ${risk} (no thresholds recorded in this trace)`;
  return (
    <div
      className="flex items-center gap-2"
      title={title}
    >
      <span className={`w-9 text-right text-xs tabular-nums ${tone[1]}`}>{risk.toFixed(2)}</span>
      <span className="relative h-1.5 w-12 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span className={`absolute inset-y-0 left-0 rounded-full ${tone[0]}`} style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}
