import "server-only";
import { randomBytes } from "node:crypto";
import { argumentsHash, signCapabilityToken } from "@/engine/tokens/capability-token";
import { prisma } from "@/lib/db";
import { activeSigningKey } from "./signing-keys";

export type IssueTokenInput = {
  agentId: string;
  traceId: string;
  stepIndex: number;
  tool: string;
  capability: string;
  arguments: unknown;
  policyBundleId: string;
  policyVersion: number;
  approvalId?: string | null;
  ttlSeconds: number;
  /** What the engine knew when granting (the chain risk of later evaluations in the trace reads it back). */
  access?: string;
  stepRisk?: number;
  untrusted?: boolean;
  guardSignal?: boolean;
  /** Defaults to the current time; tests pass a fixed one. */
  now?: Date;
  /** Defaults to a random one; the demo seed passes deterministic ids. */
  jti?: string;
};

export type IssuedToken = { token: string; jti: string; expires_at: string };

/**
 * Grants one step: records the token (so it can be consumed once and revoked) and signs it with the active
 * key. The row is written before the token exists, so every token a caller ever holds has a row.
 */
export async function issueCapabilityToken(input: IssueTokenInput): Promise<IssuedToken> {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive integer, got ${input.ttlSeconds}`);
  const key = await activeSigningKey();
  const jti = input.jti ?? "ct_" + randomBytes(16).toString("base64url");
  // JWT times are whole seconds; the row carries the same instants as the token
  const now = new Date(Math.floor((input.now ?? new Date()).getTime() / 1000) * 1000);
  const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000);
  const args_hash = argumentsHash(input.arguments);

  await prisma.capabilityToken.create({
    data: {
      jti,
      kid: key.kid,
      agentId: input.agentId,
      traceId: input.traceId,
      stepIndex: input.stepIndex,
      tool: input.tool,
      capability: input.capability,
      argumentsHash: args_hash,
      policyBundleId: input.policyBundleId,
      policyVersion: input.policyVersion,
      approvalId: input.approvalId ?? null,
      issuedAt: now,
      expiresAt,
      ...(input.access !== undefined ? { access: input.access } : {}),
      ...(input.stepRisk !== undefined ? { stepRisk: input.stepRisk } : {}),
      ...(input.untrusted !== undefined ? { untrusted: input.untrusted } : {}),
      ...(input.guardSignal !== undefined ? { guardSignal: input.guardSignal } : {}),
    },
  });

  const token = await signCapabilityToken(
    {
      agent: input.agentId,
      scope: { trace: input.traceId, step: input.stepIndex, tool: input.tool, capability: input.capability, args_hash },
      policy: { bundle_id: input.policyBundleId, version: input.policyVersion },
      jti,
      now,
      ttlSeconds: input.ttlSeconds,
    },
    key,
  );
  return { token, jti, expires_at: expiresAt.toISOString() };
}
