// POST /api/v1/policies/validate — validate bundle files without storing them
import { scenarioGateOf } from "@/engine/policy/bundle";
import { loadBundle } from "@/engine/policy/load-bundle";
import { withApi } from "@/lib/api/with-api";
import { ValidateBundleBody } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:read", body: ValidateBundleBody, maxBytes: 8 * 1024 * 1024 }, async ({ body }) => {
  const r = loadBundle(body.files);
  if (!r.ok) return { ok: false, errors: r.errors, report: [] };
  return { ok: true, errors: [], report: r.report, bundle: r.bundle, scenarios: scenarioGateOf(r.bundle) };
});
