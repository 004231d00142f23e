// POST /api/v1/policies/scenarios — run a scenario suite against a draft bundle that is not stored (?format=junit)
import { withApi } from "@/lib/api/with-api";
import { runSuiteOnDraft, suiteResponse, suiteSpecOf } from "@/lib/policies/run-suite";
import { RunDraftScenariosBody, ScenariosQuery } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "policies:read", body: RunDraftScenariosBody, query: ScenariosQuery, maxBytes: 8 * 1024 * 1024 }, async ({ body, query }) =>
  suiteResponse(await runSuiteOnDraft(body.draft.files, suiteSpecOf(body)), query.format),
);
