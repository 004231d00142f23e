import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BundleDetailClient } from "@/components/policies/bundle-detail-client";
import type { BundleDetail } from "@/components/policies/api";
import { ApiError } from "@/lib/api/errors";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getBundle, listBundles } from "@/lib/policies/list-bundles";

export const metadata: Metadata = { title: "Policy bundle" };
export const dynamic = "force-dynamic";

export default async function PolicyBundlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser("policies:read", `/policies/${id}`);
  let bundle;
  try {
    bundle = await getBundle(id);
  } catch (e) {
    if (e instanceof ApiError) notFound();
    throw e;
  }
  const { environments } = await listBundles();
  const active = environments.find((e) => e.environment === bundle.environment);
  return (
    <BundleDetailClient
      bundle={bundle as unknown as BundleDetail}
      canWrite={roleCan(user.role, "policies:write")}
      activeVersion={active ? { id: active.bundle_id, version: active.version } : null}
    />
  );
}
