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
  const created = await createBundleVersion(body.files, principal.email, body.note);
  await recordHumanAction(principal, "policy.uploaded", { bundle_version: created.id, environment: created.environment, version: created.version, sha256: created.sha256, files: body.files.map((f) => f.name) });
  let activation = null;
  if (body.activate) {
    activation = await activateBundle(created.id, principal.email, principal).catch((e) => {
      // stored but refused by its scenario gate: say which version was stored
      if (e instanceof ApiError && e.code === "scenarios_failed") throw new ApiError(e.code, `stored as ${created.environment} v${created.version} (${created.id}), not activated: ${e.message}`, e.details);
      throw e;
    });
    await recordHumanAction(principal, "policy.activated", activation);
  }
  return NextResponse.json({ ...created, created_at: created.createdAt.toISOString(), createdAt: undefined, activation }, { status: 201 });
});
