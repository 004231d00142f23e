import "server-only";
import { prisma } from "@/lib/db";
import { API_KEY_SELECT, apiKeyJson } from "./agent-json";
import type { ApiKey } from "./schemas";

/** An agent's keys, newest first, revoked ones included (they are part of the record). Never the hash. */
export async function listApiKeys(agentId: string): Promise<ApiKey[]> {
  const rows = await prisma.apiKey.findMany({ where: { agentId }, select: API_KEY_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(apiKeyJson);
}
