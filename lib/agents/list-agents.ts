import "server-only";
import { prisma } from "@/lib/db";
import { AGENT_SELECT, agentJson } from "./agent-json";
import type { Agent } from "./schemas";

/** Every agent, by name; the agent table stays small (one row per deployed agent), so no paging. */
export async function listAgents(): Promise<Agent[]> {
  const rows = await prisma.agent.findMany({ select: AGENT_SELECT, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map(agentJson);
}
