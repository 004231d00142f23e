import "server-only";
import { prisma } from "@/lib/db";
import { AGENT_SELECT, agentJson } from "./agent-json";
import type { Agent } from "./schemas";

/** One agent, or null when the id is unknown. */
export async function getAgent(id: string): Promise<Agent | null> {
  const row = await prisma.agent.findUnique({ where: { id }, select: AGENT_SELECT });
  return row ? agentJson(row) : null;
}
