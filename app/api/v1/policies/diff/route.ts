// GET /api/v1/policies/diff?from=&to= — what changed between two versions, authority expansion flagged
import { diffBundles } from "@/engine/policy/diff";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import { withApi } from "@/lib/api/with-api";
import { getBundle } from "@/lib/policies/list-bundles";
import { DiffQuery } from "@/lib/policies/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "policies:read", query: DiffQuery }, async ({ query }) => {
  const [a, b] = await Promise.all([getBundle(query.from), getBundle(query.to)]);
  return {
    from: { id: a.id, environment: a.environment, version: a.version },
    to: { id: b.id, environment: b.environment, version: b.version },
    ...diffBundles(PolicyBundleContent.parse(a.content), PolicyBundleContent.parse(b.content)),
  };
});
