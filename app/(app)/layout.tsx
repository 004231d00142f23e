import { AppNav, type NavItem } from "@/components/app-nav";
import { Providers } from "@/components/providers";
import { ROLE_PERMISSIONS, roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Every page inside (app) requires a signed-in user; each page checks its own permission too. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const items: NavItem[] = [{ href: "/traces", label: "Traces" }];
  if (roleCan(user.role, "approvals:read")) items.push({ href: "/approvals", label: "Approvals", badge: "pending-approvals" });
  if (roleCan(user.role, "replay:run")) items.push({ href: "/replay", label: "What-if" });
  items.push({ href: "/evidence/verify", label: "Verify evidence" });
  if (roleCan(user.role, "policies:read")) items.push({ href: "/policies", label: "Policies" });
  if (roleCan(user.role, "agents:read")) items.push({ href: "/agents", label: "Agents" });
  if (roleCan(user.role, "users:read")) items.push({ href: "/users", label: "Users" });
  return (
    <Providers permissions={[...ROLE_PERMISSIONS[user.role]]}>
      <AppNav items={items} user={{ name: user.name, email: user.email, role: user.role }} />
      <div className="mx-auto max-w-[1600px] px-4 py-6">{children}</div>
    </Providers>
  );
}
