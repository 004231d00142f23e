// GET /api/v1/policies/{id} — one bundle version with its content and source files
import { withApi } from "@/lib/api/with-api";
import { getBundle } from "@/lib/policies/list-bundles";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "policies:read" }, async ({ params }) => getBundle(params.id));
