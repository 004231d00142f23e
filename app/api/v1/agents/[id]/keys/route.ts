// GET /api/v1/agents/{id}/keys — an agent's API keys (metadata only); POST — issue a key, returned in full once (admin)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { getAgentOrThrow } from "@/lib/agents/get-agent";
import { issueApiKey } from "@/lib/agents/issue-api-key";
import { listApiKeys } from "@/lib/agents/list-api-keys";
import { IssueApiKeyBody, type ApiKeyList } from "@/lib/agents/schemas";

export const GET = withApi({ auth: "user", permission: "agents:read" }, async ({ params }): Promise<ApiKeyList> => {
  await getAgentOrThrow(params.id);
  return { keys: await listApiKeys(params.id) };
});

export const POST = withApi({ auth: "user", permission: "keys:write", body: IssueApiKeyBody, maxBytes: 10_000 }, async ({ principal, body, params }) =>
  // no-store: the response carries the only copy of the key
  NextResponse.json(await issueApiKey(principal, params.id, body.name), { status: 201, headers: { "cache-control": "no-store" } }),
);
