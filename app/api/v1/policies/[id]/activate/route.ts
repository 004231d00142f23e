// POST /api/v1/policies/{id}/activate — make this version the active one for its environment (also rollback);
// a bundle with scenarios.require_pass must pass the project's suite first (409 scenarios_failed)
import { withApi } from "@/lib/api/with-api";
import { recordHumanAction } from "@/lib/audit/record-action";
import { activateBundle } from "@/lib/policies/store-bundle";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:write" }, async ({ principal, params }) => {
  return activateBundle(params.id, principal.email, principal, (tx, a) => recordHumanAction(tx, principal, "policy.activated", a));
});
