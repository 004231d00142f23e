// POST /api/v1/policies/{id}/scenarios — run a scenario suite against a stored version (dry run; ?format=junit)
import { withApi } from "@/lib/api/with-api";
import { runSuiteOnVersion, suiteResponse, suiteSpecOf } from "@/lib/policies/run-suite";
import { RunScenariosBody, ScenariosQuery } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:read", body: RunScenariosBody, query: ScenariosQuery, maxBytes: 8 * 1024 * 1024 }, async ({ params, body, query }) =>
  suiteResponse(await runSuiteOnVersion(params.id, suiteSpecOf(body)), query.format),
);
