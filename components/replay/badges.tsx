import type { GovernanceResult, Severity } from "@/engine/replay/diff";

/**
 * Governance results and mismatch severities as badges: colour plus an icon and a word, never colour alone.
 * violation = red octagon "!", review = amber eye, blocked = dark shield with a cross, enforced = indigo shield with
 * a check, matched = green check, not reached = grey dash.
 */
const RESULT: Record<GovernanceResult, { label: string; cls: string; icon: React.ReactNode; meaning: string }> = {
  violation: {
    label: "Violation",
    cls: "bg-red-600 text-white ring-red-700",
    icon: (
      <>
        <path d="M5.5 1.5h5l4 4v5l-4 4h-5l-4-4v-5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        <path d="M8 4.8v3.8M8 11v.2" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </>
    ),
    meaning: "something ran that governance did not allow, or not as it was allowed",
  },
  review: {
    label: "Review",
    cls: "bg-amber-100 text-amber-900 ring-amber-500/60",
    icon: (
      <>
        <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <circle cx="8" cy="8" r="1.8" fill="currentColor" />
      </>
    ),
    meaning: "needs a person: a pending decision or approval, an unused approval, or something unknown",
  },
  blocked: {
    label: "Blocked",
    cls: "bg-slate-800 text-white ring-slate-900",
    icon: (
      <>
        <path d="M8 1.5l5.5 2v4.2c0 3.2-2.4 5.6-5.5 6.8-3.1-1.2-5.5-3.6-5.5-6.8V3.5z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        <path d="M6 6l4 4m0-4l-4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </>
    ),
    meaning: "blocked by policy, budget or risk, and it did not run",
  },
  enforced: {
    label: "Enforced",
    cls: "bg-indigo-50 text-indigo-800 ring-indigo-500/50",
    icon: (
      <>
        <path d="M8 1.5l5.5 2v4.2c0 3.2-2.4 5.6-5.5 6.8-3.1-1.2-5.5-3.6-5.5-6.8V3.5z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        <path d="M5.5 8.2l1.8 1.8 3.3-3.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </>
    ),
    meaning: "an approval gate held: denied, expired, or held until approved and re-evaluated",
  },
  matched: {
    label: "Matched",
    cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/40",
    icon: <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />,
    meaning: "ran as decided (or was allowed and did not run)",
  },
  not_reached: {
    label: "Not reached",
    cls: "bg-white text-slate-500 ring-slate-300",
    icon: <path d="M4.5 8h7" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />,
    meaning: "planned, never decided and never run: the run stopped earlier",
  },
};

export function resultMeaning(r: GovernanceResult): string {
  return RESULT[r].meaning;
}

export function ResultBadge({ result, size = "sm", title }: { result: GovernanceResult; size?: "sm" | "lg"; title?: string }) {
  const s = RESULT[result];
  const big = size === "lg";
  return (
    <span
      data-result={result}
      title={title ?? `${s.label}: ${s.meaning}`}
      className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded font-semibold ring-1 ring-inset ${s.cls} ${big ? "px-2.5 py-1 text-sm" : "px-1.5 py-px text-[11px]"}`}
    >
      <svg viewBox="0 0 16 16" className={big ? "h-4 w-4" : "h-3 w-3"} aria-hidden>{s.icon}</svg>
      {s.label}
    </span>
  );
}

const SEVERITY: Record<Severity, { cls: string; mark: string }> = {
  critical: { cls: "bg-red-700 text-white ring-red-800", mark: "!!" },
  high: { cls: "bg-orange-100 text-orange-900 ring-orange-500/60", mark: "!" },
  medium: { cls: "bg-amber-50 text-amber-900 ring-amber-400/60", mark: "~" },
  info: { cls: "bg-slate-50 text-slate-600 ring-slate-300", mark: "i" },
};

/** Severity word with a mark (!! ! ~ i) so it reads without colour. */
export function SeverityBadge({ severity, children, title, onClick }: { severity: Severity; children?: React.ReactNode; title?: string; onClick?: () => void }) {
  const s = SEVERITY[severity];
  const cls = `inline-flex max-w-full items-center gap-1 rounded px-1.5 py-px text-left text-[11px] font-semibold ring-1 ring-inset ${s.cls}`;
  const body = (
    <>
      <span className="font-mono text-[10px] opacity-80" aria-hidden>{s.mark}</span>
      <span className="uppercase tracking-wide">{severity}</span>
      {children && <span className="min-w-0 truncate font-medium normal-case">{children}</span>}
    </>
  );
  return onClick ? (
    <button type="button" onClick={onClick} title={title} className={`${cls} hover:brightness-95 focus-visible:outline-2 focus-visible:outline-indigo-600`}>{body}</button>
  ) : (
    <span title={title} className={cls}>{body}</span>
  );
}
