import type { Metadata } from "next";
import { PoliciesClient, type PoliciesTab } from "@/components/policies/policies-client";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listBundles } from "@/lib/policies/list-bundles";

export const metadata: Metadata = { title: "Policies" };
export const dynamic = "force-dynamic";

const TABS: PoliciesTab[] = ["versions", "diff", "upload", "import"];

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<{ tab?: string; from?: string; to?: string }> }) {
  const user = await requireUser("policies:read", "/policies");
  const [sp, initial] = await Promise.all([searchParams, listBundles()]);
  const tab = TABS.includes(sp.tab as PoliciesTab) ? (sp.tab as PoliciesTab) : "versions";
  return (
    <PoliciesClient
      initial={initial}
      canWrite={roleCan(user.role, "policies:write")}
      initialTab={tab}
      initialPair={sp.from && sp.to ? { from: sp.from, to: sp.to } : null}
    />
  );
}
