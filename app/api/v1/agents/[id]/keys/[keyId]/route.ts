// DELETE /api/v1/agents/{id}/keys/{keyId} — revoke an API key (admin)
import { withApi } from "@/lib/api/with-api";
import { revokeApiKey } from "@/lib/agents/revoke-api-key";

export const DELETE = withApi({ auth: "user", permission: "keys:write" }, async ({ principal, params }) =>
  revokeApiKey(principal, params.id, params.keyId),
);
