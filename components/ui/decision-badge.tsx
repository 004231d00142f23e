/**
 * A decision as a badge: colour plus an icon and a word, so it reads without colour too.
 * allow = green check, block = red cross, require_approval = amber warning, no decision = grey "None".
 */
const STYLE: Record<string, { label: string; cls: string; icon: React.ReactNode }> = {
  allow: {
    label: "Allow",
    cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    icon: <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />,
  },
  block: {
    label: "Block",
    cls: "bg-red-50 text-red-800 ring-red-600/30",
    icon: <path d="M4.5 4.5l7 7m0-7l-7 7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />,
  },
  require_approval: {
    label: "Approval required",
    cls: "bg-amber-50 text-amber-900 ring-amber-600/40",
    icon: (
      <>
        <path d="M8 2.5l6 11H2z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        <path d="M8 6.5v3.2M8 11.6v.2" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </>
    ),
  },
  pending: {
    label: "Pending",
    cls: "bg-slate-100 text-slate-700 ring-slate-400/40",
    icon: (
      <>
        <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 5v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </>
    ),
  },
  dry_run: {
    label: "Dry run",
    cls: "bg-white text-slate-600 ring-slate-300",
    icon: <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="2 2" />,
  },
  explain: {
    label: "Explain",
    cls: "bg-white text-indigo-700 ring-indigo-300",
    icon: <path d="M8 7v4.5M8 4.6v.2" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />,
  },
  observed: { label: "Observed", cls: "bg-white text-slate-500 ring-slate-300", icon: <circle cx="8" cy="8" r="2.5" fill="currentColor" /> },
  none: {
    label: "None",
    cls: "bg-slate-50 text-slate-500 ring-slate-300",
    icon: <path d="M4.5 8h7" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />,
  },
};

const TITLE: Record<string, string> = {
  allow: "Decision: allow",
  block: "Decision: block",
  require_approval: "Decision: require approval (a human must approve)",
  none: "No allow / block / approval decision yet",
};

/** `decision` null or "none" renders a grey "None"; an unknown value is shown as sent, in grey. */
export function DecisionBadge({ decision, title }: { decision: string | null; title?: string }) {
  const key = decision ?? "none";
  const s = STYLE[key] ?? { label: key, cls: "bg-slate-100 text-slate-700 ring-slate-300", icon: null };
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${s.cls}`}
      data-decision={key}
      title={title ?? TITLE[key] ?? `Decision: ${key}`}
    >
      {s.icon && (
        <svg viewBox="0 0 16 16" className="h-3 w-3" aria-hidden>
          {s.icon}
        </svg>
      )}
      {s.label}
    </span>
  );
}
