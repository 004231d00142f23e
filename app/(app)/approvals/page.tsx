import type { Metadata } from "next";
import { ApprovalsClient } from "@/components/approvals/approvals-client";
import { listApprovals } from "@/lib/approvals/approvals";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Approvals" };
export const dynamic = "force-dynamic";

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await requireUser("approvals:read", "/approvals");
  const [{ tab }, initial] = await Promise.all([searchParams, listApprovals({ status: "pending", limit: 200 })]);
  return (
    <ApprovalsClient
      initial={initial}
      canDecide={roleCan(user.role, "approvals:decide")}
      user={{ email: user.email, name: user.name, role: user.role }}
      initialTab={tab === "history" ? "history" : "queue"}
    />
  );
}
