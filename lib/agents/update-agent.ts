import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { AGENT_SELECT, agentJson } from "./agent-json";
import type { Agent, UpdateAgentBody } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

const COLUMN = {
  name: "name",
  owner: "owner",
  environment: "environment",
  trust_level: "trustLevel",
  description: "description",
  disabled: "disabled",
} as const;

/**
 * Edits an agent's descriptive fields or disables / enables it. A disabled agent's keys stop authenticating
 * at once (agentFromApiKey checks the flag) but are kept, so enabling it again restores them.
 * The audit event lists each changed field with its old and new value.
 */
export async function updateAgent(actor: Actor, id: string, patch: UpdateAgentBody): Promise<Agent> {
  const before = await prisma.agent.findUnique({ where: { id }, select: AGENT_SELECT });
  if (!before) throw new ApiError("not_found", `no agent with id "${id}"`);

  const data: Record<string, string | boolean> = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of Object.keys(COLUMN) as Array<keyof typeof COLUMN>) {
    const next = patch[field];
    const col = COLUMN[field];
    if (next === undefined || next === before[col]) continue;
    data[col] = next;
    changes[field] = { from: before[col], to: next };
  }
  if (Object.keys(data).length === 0) return agentJson(before);

  const row = await prisma.$transaction(async (tx) => {
    const updated = await tx.agent.update({ where: { id }, data, select: AGENT_SELECT });
    await recordHumanAction(tx, actor, "agent.updated", { agent_id: id, changes });
    return updated;
  });
  return agentJson(row);
}
