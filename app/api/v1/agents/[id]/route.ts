// GET /api/v1/agents/{id} — one agent; PATCH — edit it, or disable / enable it (admin)
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { getAgent } from "@/lib/agents/get-agent";
import { updateAgent } from "@/lib/agents/update-agent";
import { UpdateAgentBody } from "@/lib/agents/schemas";

export const GET = withApi({ auth: "user", permission: "agents:read" }, async ({ params }) => {
  const agent = await getAgent(params.id);
  if (!agent) throw new ApiError("not_found", `no agent with id "${params.id}"`);
  return agent;
});

export const PATCH = withApi({ auth: "user", permission: "agents:write", body: UpdateAgentBody, maxBytes: 20_000 }, async ({ principal, body, params }) =>
  updateAgent(principal, params.id, body),
);
