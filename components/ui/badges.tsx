import type { ReactNode } from "react";

export function StatusBadge({ active, activeLabel = "Active", inactiveLabel = "Disabled" }: { active: boolean; activeLabel?: string; inactiveLabel?: string }) {
  return active ? (
    <span className="inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/30 bg-emerald-50">
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-emerald-500" />
      {activeLabel}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-400/40 bg-slate-100">
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-slate-400" />
      {inactiveLabel}
    </span>
  );
}

const ROLE: Record<string, string> = {
  admin: "bg-indigo-50 text-indigo-800 ring-indigo-600/30",
  approver: "bg-violet-50 text-violet-800 ring-violet-600/30",
  reviewer: "bg-slate-100 text-slate-800 ring-slate-500/30",
  viewer: "bg-white text-slate-600 ring-slate-400/40",
};

export function RoleBadge({ role }: { role: string }) {
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${ROLE[role] ?? ROLE.viewer}`}>{role}</span>;
}

export function EnvBadge({ children }: { children: ReactNode }) {
  return <span className="inline-flex rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{children}</span>;
}
