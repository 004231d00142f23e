import type { WhatIfRunView } from "./api";

const STATUS: Record<string, { label: string; cls: string; mark: string }> = {
  queued: { label: "Queued", cls: "bg-slate-100 text-slate-700 ring-slate-400/40", mark: "○" },
  running: { label: "Running", cls: "bg-indigo-50 text-indigo-800 ring-indigo-500/40", mark: "◐" },
  done: { label: "Done", cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/30", mark: "✓" },
  failed: { label: "Failed", cls: "bg-rose-50 text-rose-800 ring-rose-600/30", mark: "✕" },
};

export function RunStatus({ status }: { status: string }) {
  const s = STATUS[status] ?? STATUS.queued;
  return <span className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] font-semibold ring-1 ring-inset ${s.cls}`} data-status={status}><span aria-hidden>{s.mark}</span>{s.label}</span>;
}

export function scopeText(run: WhatIfRunView): string {
  if (run.scope.trace_id) return run.scope.trace_id;
  const f = run.scope.filter!;
  const d = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return `${d(f.from)} – ${d(f.to)} UTC${f.agent ? `, agent ${f.agent}` : ", all agents"}`;
}
