import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { newApiKey, newId, tokenHash } from "@/lib/auth/secrets";
import { API_KEY_SELECT, apiKeyJson } from "./agent-json";
import type { IssuedApiKey } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

/** Characters of the key kept in clear to tell keys apart: `ra_live_` plus 4 random characters. */
export const KEY_PREFIX_LENGTH = 12;

/**
 * Issues a new API key for an agent. The full key is returned here and nowhere else: the database keeps
 * its SHA-256 and its first 12 characters. Disabled agents get no new keys.
 */
export async function issueApiKey(actor: Actor, agentId: string, name: string): Promise<IssuedApiKey> {
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { id: true, disabled: true } });
  if (!agent) throw new ApiError("not_found", `no agent with id "${agentId}"`);
  if (agent.disabled) throw new ApiError("conflict", `agent "${agentId}" is disabled; enable it before issuing keys`);

  const key = newApiKey();
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { id: newId("key"), agentId, name, prefix: key.slice(0, KEY_PREFIX_LENGTH), hash: tokenHash(key), createdBy: actor.email },
      select: API_KEY_SELECT,
    });
    await recordHumanAction(tx, actor, "api_key.issued", { agent_id: agentId, key_id: created.id, key_name: created.name, prefix: created.prefix });
    return created;
  });
  return { ...apiKeyJson(row), key };
}
