// GET /api/v1/policies/diff?from=&to= — what changed between two versions, authority expansion flagged
import { diffBundles } from "@/engine/policy/diff";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import { withApi } from "@/lib/api/with-api";
import { getBundle } from "@/lib/policies/list-bundles";
import { withGate } from "@/lib/policies/scenario-settings";
import { DiffQuery } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "policies:read", query: DiffQuery }, async ({ query }) => {
  const [a, b] = await Promise.all([getBundle(query.from), getBundle(query.to)]);
  return {
    from: { id: a.id, environment: a.environment, version: a.version },
    to: { id: b.id, environment: b.environment, version: b.version },
    // withGate: versions stored before the engine kept scenarios: in the content carry it only in their source
    ...diffBundles(PolicyBundleContent.parse(withGate(a.content as object, a.sources)), PolicyBundleContent.parse(withGate(b.content as object, b.sources))),
  };
});
