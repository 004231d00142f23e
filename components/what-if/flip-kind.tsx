import { DecisionBadge } from "@/components/ui/decision-badge";

const SEVERITY: Record<string, number> = { allow: 0, pending: 1, require_approval: 2, block: 3 };

/** Stricter (more restrictive after) or looser, in words: never colour alone. */
export function direction(before: string, after: string): "stricter" | "looser" {
  return (SEVERITY[after] ?? 0) > (SEVERITY[before] ?? 0) ? "stricter" : "looser";
}

/** "Allow → Block" with both decisions as badges; `from`/`to` name whose decisions they are (baseline, candidate, …). */
export function FlipKind({ before, after, from = "recorded", to = "candidate" }: { before: string; after: string; from?: string; to?: string }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap" title={`${from} ${before}, ${to} ${after}`}>
      <DecisionBadge decision={before} />
      <svg viewBox="0 0 16 16" className="h-3 w-3 text-slate-500" aria-label="becomes"><path d="M2 8h10m-3-3 3 3-3 3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" /></svg>
      <DecisionBadge decision={after} />
    </span>
  );
}

/** A summary chip for one flip kind: the kind, its count and whether it tightens or loosens; a button that filters. */
export function FlipKindChip({ kind, count, selected, onClick, from, to }: { kind: string; count: number; selected: boolean; onClick: () => void; from?: string; to?: string }) {
  const [before, after] = kind.split("→");
  const dir = direction(before, after);
  return (
    <button type="button" onClick={onClick} aria-pressed={selected} data-kind={kind}
      className={`inline-flex items-center gap-2 rounded-md border px-2 py-1.5 text-left ${selected ? "border-indigo-500 bg-indigo-50 ring-1 ring-indigo-500" : dir === "stricter" ? "border-rose-200 bg-white hover:bg-rose-50/50" : "border-emerald-200 bg-white hover:bg-emerald-50/50"}`}>
      <FlipKind before={before} after={after} from={from} to={to} />
      <span className="text-sm font-semibold tabular-nums text-slate-900">{count.toLocaleString("en-US")}</span>
      <span className={`text-[10px] font-semibold uppercase tracking-wide ${dir === "stricter" ? "text-rose-700" : "text-emerald-700"}`}>{dir === "stricter" ? "▲ stricter" : "▼ looser"}</span>
    </button>
  );
}
