// GET /api/v1/agents/{id} — one agent; PATCH — edit it, or disable / enable it (admin)
import { withApi } from "@/lib/api/with-api";
import { getAgentOrThrow } from "@/lib/agents/get-agent";
import { updateAgent } from "@/lib/agents/update-agent";
import { UpdateAgentBody } from "@/lib/agents/schemas";

export const GET = withApi({ auth: "user", permission: "agents:read" }, async ({ params }) => getAgentOrThrow(params.id));

export const PATCH = withApi({ auth: "user", permission: "agents:write", body: UpdateAgentBody, maxBytes: 20_000 }, async ({ principal, body, params }) =>
  updateAgent(principal, params.id, body),
);
