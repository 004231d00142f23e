// POST /api/v1/policies/import-reference — convert a reference-interceptor bundle into our files, with a report
import { importReferenceBundle } from "@/engine/policy/import-reference";
import { loadBundle } from "@/engine/policy/load-bundle";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { ImportReferenceBody } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:write", body: ImportReferenceBody, maxBytes: 8 * 1024 * 1024 }, async ({ body }) => {
  let converted;
  try {
    converted = importReferenceBundle(body.policies_yaml, body.capabilities_yaml);
  } catch (e) {
    throw new ApiError("validation_failed", `could not read the reference bundle: ${(e as Error).message}`);
  }
  const check = loadBundle(converted.files);
  return { files: converted.files, report: converted.report, valid: check.ok, errors: check.ok ? [] : check.errors };
});
