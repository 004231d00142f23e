import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { API_KEY_SELECT, apiKeyJson } from "./agent-json";
import type { ApiKey } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

/**
 * Revokes one of an agent's keys; it stops authenticating on the next request. Revoking an already revoked
 * key changes nothing and records nothing (safe to retry).
 */
export async function revokeApiKey(actor: Actor, agentId: string, keyId: string): Promise<ApiKey> {
  const key = await prisma.apiKey.findFirst({ where: { id: keyId, agentId }, select: API_KEY_SELECT });
  if (!key) throw new ApiError("not_found", `agent "${agentId}" has no API key with id "${keyId}"`);
  if (key.revokedAt) return apiKeyJson(key);

  // the revokedAt condition makes a concurrent double revoke record one event, not two
  const row = await prisma.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date(), revokedBy: actor.email } });
    const after = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: API_KEY_SELECT });
    if (count === 1) {
      await recordHumanAction(tx, actor, "api_key.revoked", { agent_id: agentId, key_id: keyId, key_name: after.name, prefix: after.prefix });
    }
    return after;
  });
  return apiKeyJson(row);
}
