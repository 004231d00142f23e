import { fmt2 } from "./evidence";

/**
 * Projected R_total on a scale with the agent's approval and halt thresholds marked. The dark part is risk the
 * trace has already accumulated (executed steps), the lighter part what the submitted plan adds.
 */
export function RiskBar({ executed, total, thresholds, compact = false }: { executed: number | null; total: number | null; thresholds: { approval: number; halt: number } | null; compact?: boolean }) {
  const t = total ?? 0;
  const ex = Math.min(executed ?? 0, t);
  const th = thresholds ?? { approval: 1.5, halt: 2.0 };
  const max = Math.max(th.halt * 1.25, t * 1.05, 0.01);
  const pct = (x: number) => `${Math.min(100, (x / max) * 100)}%`;
  const tone = t > th.halt ? "bg-red-500" : t > th.approval ? "bg-amber-500" : "bg-emerald-500";
  const toneEx = t > th.halt ? "bg-red-700" : t > th.approval ? "bg-amber-700" : "bg-emerald-700";
  const label = `projected R_total ${fmt2(t)}; approval above ${fmt2(th.approval)}, halt above ${fmt2(th.halt)}${executed ? `; ${fmt2(executed)} already executed` : ""}`;
  return (
    <div className={compact ? "w-24" : "w-full"} title={label} role="img" aria-label={label}>
      <div className={`relative ${compact ? "h-1.5" : "h-2.5"} overflow-visible rounded-sm bg-slate-200`}>
        <div className={`absolute inset-y-0 left-0 rounded-sm ${tone}`} style={{ width: pct(t) }} />
        {ex > 0 && <div className={`absolute inset-y-0 left-0 rounded-l-sm ${toneEx}`} style={{ width: pct(ex) }} />}
        <div className="absolute -inset-y-1 w-px bg-amber-700" style={{ left: pct(th.approval) }} />
        <div className="absolute -inset-y-1 w-px bg-red-700" style={{ left: pct(th.halt) }} />
      </div>
      {!compact && (
        <div className="relative mt-1 h-4 text-[10px] tabular-nums text-slate-500">
          <span className="absolute left-0">0</span>
          {/* the approval label ends at its mark and the halt label starts at its own, so close thresholds never overlap */}
          <span className="absolute -translate-x-full whitespace-nowrap pr-1 text-amber-800" style={{ left: pct(th.approval) }}>approval {fmt2(th.approval)}</span>
          <span className="absolute whitespace-nowrap pl-1 text-red-800" style={{ left: pct(th.halt) }}>halt {fmt2(th.halt)}</span>
        </div>
      )}
    </div>
  );
}
