// POST /api/v1/replay/what-if — start a what-if replay (201 finished for a small single trace, else 202 running; first page: flips caused by the candidate); GET — recent runs
import { after, NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { recordHumanAction } from "@/lib/audit/record-action";
import { createWhatIfRun } from "@/lib/replay/what-if/create-run";
import { getRun, listRuns } from "@/lib/replay/what-if/get-run";
import { runWhatIf } from "@/lib/replay/what-if/run-what-if";
import { CreateWhatIfBody, FLIPS_DEFAULT_LIMIT, ListRunsQuery } from "@/lib/replay/what-if/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "replay:run", query: ListRunsQuery }, async ({ query }) => listRuns(query.limit));

export const POST = withApi({ auth: "user", permission: "replay:run", body: CreateWhatIfBody, maxBytes: 8 * 1024 * 1024 }, async ({ principal, body }) => {
  const run = await createWhatIfRun(body, principal.email, (tx, created) => recordHumanAction(tx, principal, "what_if.started", {
    run_id: created.id, bundle: created.label, ...(body.bundle_id ? { bundle_id: body.bundle_id } : { draft_files: body.draft!.files.map((f) => f.name) }),
    ...(body.trace_id ? { trace_id: body.trace_id } : { filter: body.filter }),
  }));
  if (run.inline) {
    await runWhatIf(run.id);
    return NextResponse.json(await getRun(run.id, { limit: FLIPS_DEFAULT_LIMIT, class: "changed_by_candidate" }), { status: 201 });
  }
  // runs in this process after the response; readers fail it if this process stops (heartbeat)
  after(() => runWhatIf(run.id));
  return NextResponse.json(await getRun(run.id, { limit: FLIPS_DEFAULT_LIMIT, class: "changed_by_candidate" }), { status: 202 });
});
