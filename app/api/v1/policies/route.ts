// GET /api/v1/policies — bundle versions and the active one per environment; POST — upload a new version
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { recordHumanAction } from "@/lib/audit/record-action";
import { listBundles } from "@/lib/policies/list-bundles";
import { UploadBundleBody } from "@/lib/policies/schemas";
import { activateBundle, createBundleVersion } from "@/lib/policies/store-bundle";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "policies:read" }, async () => listBundles());

export const POST = withApi({ auth: "user", permission: "policies:write", body: UploadBundleBody, maxBytes: 8 * 1024 * 1024 }, async ({ principal, body }) => {
  const created = await createBundleVersion(body.files, principal.email, body.note, (tx, v) =>
    recordHumanAction(tx, principal, "policy.uploaded", { bundle_version: v.id, environment: v.environment, version: v.version, sha256: v.sha256, files: body.files.map((f) => f.name) }));
  const activation = body.activate
    ? await activateBundle(created.id, principal.email, principal, (tx, a) => recordHumanAction(tx, principal, "policy.activated", a)).catch((e) => {
      // stored but refused by its scenario gate: say which version was stored
      if (e instanceof ApiError && e.code === "scenarios_failed") throw new ApiError(e.code, `stored as ${created.environment} v${created.version} (${created.id}), not activated: ${e.message}`, e.details);
      throw e;
    })
    : null;
  return NextResponse.json({ ...created, created_at: created.createdAt.toISOString(), createdAt: undefined, activation }, { status: 201 });
});
