// GET /api/v1/traces/{id}/diff — replay diff of one trace: planned vs decided vs executed per step, with mismatches
import { withApi } from "@/lib/api/with-api";
import { getTraceDiffOrThrow } from "@/lib/replay/get-trace-diff";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ params }) => getTraceDiffOrThrow(params.id));
