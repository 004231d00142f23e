// GET /api/v1/agents — list agents; POST /api/v1/agents — create an agent (admin)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { createAgent } from "@/lib/agents/create-agent";
import { listAgents } from "@/lib/agents/list-agents";
import { CreateAgentBody, type AgentList } from "@/lib/agents/schemas";

export const GET = withApi({ auth: "user", permission: "agents:read" }, async (): Promise<AgentList> => ({ agents: await listAgents() }));

export const POST = withApi({ auth: "user", permission: "agents:write", body: CreateAgentBody, maxBytes: 20_000 }, async ({ principal, body }) =>
  NextResponse.json(await createAgent(principal, body), { status: 201 }),
);
