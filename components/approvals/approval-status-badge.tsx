const STATUS: Record<string, { label: string; cls: string; dot: string }> = {
  pending: { label: "Pending", cls: "bg-amber-50 text-amber-900 ring-amber-600/40", dot: "bg-amber-500" },
  approved: { label: "Approved", cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/30", dot: "bg-emerald-600" },
  denied: { label: "Denied", cls: "bg-red-50 text-red-800 ring-red-600/30", dot: "bg-red-600" },
  expired: { label: "Expired", cls: "bg-slate-100 text-slate-600 ring-slate-400/40", dot: "bg-slate-400" },
};

/** An approval's state as a word with a coloured dot (readable without colour). */
export function ApprovalStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, cls: STATUS.expired.cls, dot: STATUS.expired.dot };
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${s.cls}`} data-status={status}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}
