import "server-only";
import { argumentsHash, verifyCapabilityToken, type CapabilityClaims, type TokenRejection } from "@/engine/tokens/capability-token";
import { prisma } from "@/lib/db";
import { publicKeyFor } from "./signing-keys";

export type StoreRejection = "replayed" | "revoked" | "unknown_token";
export type VerifyTokenResult =
  | { valid: true; claims: CapabilityClaims; consumed: boolean }
  | { valid: false; code: TokenRejection | StoreRejection; message: string };

/**
 * Verifies a token for the step an executor is about to run: the engine's checks (signature, type, times,
 * agent, tool, arguments), then the token's row: revoked → refused; consumed before → replayed. With
 * `consume`, marks it used in one conditional UPDATE, so of two concurrent consumes exactly one succeeds,
 * whichever app process each runs in.
 */
export async function verifyToken(input: { token: string; agent: string; tool: string; arguments: unknown; consume?: boolean }): Promise<VerifyTokenResult> {
  const checked = await verifyCapabilityToken(input.token, {
    keys: (kid) => publicKeyFor(kid, "capability_token"),
    expect: { agent: input.agent, tool: input.tool, argumentsHash: argumentsHash(input.arguments) },
    now: new Date(),
  });
  if (!checked.ok) return { valid: false, code: checked.code, message: checked.message };
  const { jti } = checked.claims;

  const row = await prisma.capabilityToken.findUnique({ where: { jti }, select: { consumedAt: true, revokedAt: true } });
  if (!row) return { valid: false, code: "unknown_token", message: `no token ${jti} was issued by this server` };
  const refused = storeRejection(jti, row);
  if (refused) return refused;
  if (!input.consume) return { valid: true, claims: checked.claims, consumed: false };

  const updated = await prisma.$executeRaw`
    UPDATE capability_tokens SET consumed_at = now()
    WHERE jti = ${jti} AND consumed_at IS NULL AND revoked_at IS NULL`;
  if (updated === 1) return { valid: true, claims: checked.claims, consumed: true };

  // lost a race: someone consumed or revoked it between the read and the update
  const after = await prisma.capabilityToken.findUnique({ where: { jti }, select: { consumedAt: true, revokedAt: true } });
  return storeRejection(jti, after ?? { consumedAt: new Date(), revokedAt: null })!;
}

/** Revokes a token so it is refused from now on; false if no such token or it was already revoked. */
export async function revokeToken(jti: string): Promise<boolean> {
  const n = await prisma.$executeRaw`UPDATE capability_tokens SET revoked_at = now() WHERE jti = ${jti} AND revoked_at IS NULL`;
  return n === 1;
}

function storeRejection(jti: string, row: { consumedAt: Date | null; revokedAt: Date | null }): VerifyTokenResult | null {
  if (row.revokedAt) return { valid: false, code: "revoked", message: `token ${jti} was revoked at ${row.revokedAt.toISOString()}` };
  if (row.consumedAt) return { valid: false, code: "replayed", message: `token ${jti} was already used at ${row.consumedAt.toISOString()}; a token grants one execution` };
  return null;
}
