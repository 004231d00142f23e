import "server-only";
import { prisma } from "@/lib/db";

export type AgentOption = { id: string; name: string };

/** Agents for the trace list's agent filter, by name. The agents table is small (hundreds at most). */
export async function listAgentOptions(): Promise<AgentOption[]> {
  return prisma.agent.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000 });
}
