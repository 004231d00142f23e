"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { usePendingApprovalCount } from "@/components/approvals/use-pending-count";

/** `badge: "pending-approvals"` shows the live number of approvals waiting next to the label. */
export type NavItem = { href: string; label: string; badge?: "pending-approvals" };

function PendingBadge() {
  const n = usePendingApprovalCount();
  if (!n) return null;
  return (
    <span className="ml-1.5 inline-flex min-w-[1.25rem] justify-center rounded-full bg-amber-400 px-1.5 text-[11px] font-semibold leading-[1.125rem] text-slate-900 tabular-nums"
      title={`${n} approval${n === 1 ? "" : "s"} waiting`} data-testid="nav-pending-count">
      {n > 99 ? "99+" : n}
    </span>
  );
}

export function AppNav({ items, user }: { items: NavItem[]; user: { name: string; email: string; role: string } }) {
  const path = usePathname();
  async function signOut() {
    await fetch("/api/v1/auth/session", { method: "DELETE" }).catch(() => {});
    window.location.assign("/signin");
  }
  return (
    <header className="sticky top-0 z-30 border-b border-slate-800 bg-slate-900 text-slate-100">
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-6 px-4">
        <Link href="/traces" className="flex items-center gap-2 font-semibold tracking-tight">
          <span className="inline-block h-3 w-3 rounded-sm bg-indigo-500" aria-hidden /> Replay Audit
        </Link>
        <nav className="flex items-center gap-1 text-sm" aria-label="Main">
          {items.map((it) => {
            const active = path === it.href || path.startsWith(it.href + "/");
            return (
              <Link key={it.href} href={it.href} aria-current={active ? "page" : undefined}
                className={`inline-flex items-center rounded px-3 py-1.5 ${active ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`}>
                {it.label}
                {it.badge === "pending-approvals" && <PendingBadge />}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-slate-300" title={user.email}>{user.name}</span>
          <span className="rounded bg-slate-700 px-2 py-0.5 text-xs uppercase tracking-wide text-slate-200">{user.role}</span>
          <button onClick={signOut} className="rounded px-2 py-1 text-slate-300 hover:bg-slate-800 hover:text-white">Sign out</button>
        </div>
      </div>
    </header>
  );
}
