import "server-only";
import { prisma } from "@/lib/db";
import { issueCapabilityToken, type IssuedToken } from "@/lib/tokens/issue-token";

export type GrantInput = {
  agentId: string; traceId: string; index: number; tool: string; capability: string; arguments: unknown;
  access: string; stepRisk: number; untrusted: boolean; guardSignal: boolean;
  approvalId: string | null; bundleRowId: string; policyVersion: number; ttlSeconds: number;
  /** the grant's issue time; defaults to now (the demo seed passes its fixed clock) */
  now?: Date;
  /** the token's id; random unless the demo seed's clock gives one */
  jti?: string;
};

/**
 * Issues one step's capability token. When the step rides on an approval, the approval is used up atomically
 * (single use): if another request used it first, the token is revoked and null comes back.
 */
export async function grantStep(g: GrantInput): Promise<IssuedToken | null> {
  const issued = await issueCapabilityToken({
    agentId: g.agentId, traceId: g.traceId, stepIndex: g.index, tool: g.tool, capability: g.capability, arguments: g.arguments,
    policyBundleId: g.bundleRowId, policyVersion: g.policyVersion, approvalId: g.approvalId, ttlSeconds: g.ttlSeconds,
    access: g.access, stepRisk: g.stepRisk, untrusted: g.untrusted, guardSignal: g.guardSignal, now: g.now, jti: g.jti,
  });
  if (g.approvalId) {
    const used = await prisma.approval.updateMany({ where: { id: g.approvalId, status: "approved", tokenJti: null }, data: { tokenJti: issued.jti } });
    if (used.count !== 1) {
      await prisma.capabilityToken.update({ where: { jti: issued.jti }, data: { revokedAt: new Date() } });
      return null;
    }
  }
  return issued;
}
