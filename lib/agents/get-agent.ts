import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import { AGENT_SELECT, agentJson } from "./agent-json";
import type { Agent } from "./schemas";

/** One agent, or null when the id is unknown. */
export async function getAgent(id: string): Promise<Agent | null> {
  const row = await prisma.agent.findUnique({ where: { id }, select: AGENT_SELECT });
  return row ? agentJson(row) : null;
}

/** One agent; a 404 naming the id when unknown, so routes never check for null themselves. */
export async function getAgentOrThrow(id: string): Promise<Agent> {
  const agent = await getAgent(id);
  if (!agent) throw new ApiError("not_found", `no agent with id ${JSON.stringify(id)}`);
  return agent;
}
