// POST /api/v1/policies/validate — validate bundle files without storing them
import { loadBundle } from "@/engine/policy/load-bundle";
import { withApi } from "@/lib/api/with-api";
import { liftScenarioGate } from "@/lib/policies/scenario-settings";
import { ValidateBundleBody } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:read", body: ValidateBundleBody, maxBytes: 8 * 1024 * 1024 }, async ({ body }) => {
  const lifted = liftScenarioGate(body.files);
  const r = loadBundle(lifted.files);
  if (!r.ok || lifted.issues.length) return { ok: false, errors: [...lifted.issues, ...(r.ok ? [] : r.errors)], report: [] };
  const gate = lifted.gate.require_pass ? [`Scenario gate: activation runs the project's suite and refuses this version on ${lifted.gate.fail_on === "unsafe_allow" ? "any unsafe allow" : "any failing scenario"}.`] : [];
  return { ok: true, errors: [], report: [...r.report, ...gate], bundle: r.bundle, scenarios: lifted.gate };
});
