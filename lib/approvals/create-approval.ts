import "server-only";
import { createHmac } from "node:crypto";
import type { ActiveBundle, Decision, StepDecision } from "@/engine/evaluate";
import { prisma } from "@/lib/db";
import { newId, type DecisionClock } from "@/lib/decisions/clock";

export type ApprovalRef = { id: string; status: string; expires_at: string };

/**
 * Opens (or reuses) the approval request for one exact step. A pending, unexpired request with the same binding
 * is reused, so an agent that re-asks does not flood the queue. The evidence stored is what the approver sees.
 */
export async function createApprovalRequest(input: {
  agentId: string; traceId: string; step: StepDecision; decision: Decision; bundle: ActiveBundle; evaluationId: string; now: Date; planIntent: string | null;
  /** the agent as the caller already loaded it (saves a query) */
  agent?: { id: string; name: string; owner: string; environment: string; trust_level: string } | null;
  /** the demo seed's deterministic ids */
  clock?: DecisionClock;
}): Promise<ApprovalRef> {
  const { step, decision, bundle, now } = input;
  const existing = await prisma.approval.findFirst({
    where: { binding: step.binding, status: "pending", expiresAt: { gt: now } },
    select: { id: true, status: true, expiresAt: true },
  });
  if (existing) return { id: existing.id, status: existing.status, expires_at: existing.expiresAt.toISOString() };
  const agent = input.agent !== undefined
    ? input.agent && { id: input.agent.id, name: input.agent.name, owner: input.agent.owner, environment: input.agent.environment, trustLevel: input.agent.trust_level }
    : await prisma.agent.findUnique({ where: { id: input.agentId }, select: { id: true, name: true, owner: true, environment: true, trustLevel: true } });
  const id = newId(input.clock, "apr", 8);
  const expiresAt = new Date(now.getTime() + bundle.content.approvals.ttl_seconds * 1000);
  const evidence = {
    agent: agent && { id: agent.id, name: agent.name, owner: agent.owner, environment: agent.environment, trust_level: bundle.content.agents[agent.id]?.trust_level ?? agent.trustLevel },
    plan_intent: input.planIntent,
    evaluation_id: input.evaluationId,
    step: { index: step.index, tool: step.tool, intent: step.intent, capability: step.capability, access: step.access, arguments: step.arguments, provenance: step.provenance },
    stages: step.stages,
    reasons: step.reasons,
    determining_policies: step.stages.policy.determining,
    r_total: decision.r_total,
    r_executed: decision.r_executed,
    thresholds: decision.thresholds,
    gate: decision.gate,
    approver_roles: bundle.content.approvals.approver_roles,
  };
  await prisma.approval.create({
    data: {
      id, agentId: input.agentId, traceId: input.traceId, stepIndex: step.index, tool: step.tool, capability: step.capability,
      arguments: step.arguments as object, binding: step.binding, status: "pending", projectedRisk: decision.r_total,
      policyBundleId: bundle.rowId, policyVersion: bundle.version, evidence: JSON.parse(JSON.stringify(evidence)), requestedAt: now, expiresAt,
    },
  });
  const hook = bundle.content.approvals.webhook_url;
  if (hook) void notifyWebhook(hook, { type: "approval.requested", approval: { id, agent: input.agentId, trace: input.traceId, step: step.index, tool: step.tool, expires_at: expiresAt.toISOString(), r_total: decision.r_total } });
  return { id, status: "pending", expires_at: expiresAt.toISOString() };
}

/**
 * POSTs a notification signed with HMAC-SHA256 over `${timestamp}.${body}` (header X-Replay-Audit-Signature:
 * t=<unix>,v1=<hex>), keyed by WEBHOOK_SECRET. Best effort: a failing receiver never blocks a decision.
 */
export async function notifyWebhook(url: string, payload: unknown): Promise<boolean> {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.warn("[webhook] approvals.webhook_url is set but WEBHOOK_SECRET is not; not sending unsigned notifications");
    return false;
  }
  const body = JSON.stringify(payload);
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-replay-audit-signature": `t=${t},v1=${sig}` }, body, signal: AbortSignal.timeout(5000) });
    return res.ok;
  } catch (e) {
    console.warn(`[webhook] ${url}: ${(e as Error).message}`);
    return false;
  }
}
