import "server-only";
import type { EngineState } from "@/engine/evaluate";
import type { Access } from "@/engine/policy/bundle";
import { prisma } from "@/lib/db";

/**
 * What the engine needs to know about a trace and an agent, read from what the server stored: executions
 * counted at ingest (never the caller's claims), the steps it granted that were executed, and approvals.
 */
export async function loadEngineState(agentId: string, traceId: string, now: Date): Promise<EngineState> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [agent, trace, usage, executed, approvals] = await Promise.all([
    prisma.agent.findUnique({ where: { id: agentId }, select: { id: true, name: true, disabled: true, trustLevel: true, environment: true, owner: true } }),
    prisma.trace.findUnique({ where: { id: traceId }, select: { toolCalls: true, toolCounts: true, costUsd: true, createdAt: true } }),
    prisma.agentUsage.findUnique({ where: { agentId_day: { agentId, day: today } }, select: { toolCalls: true, toolCounts: true, costUsd: true } }),
    prisma.capabilityToken.findMany({
      where: { traceId, executedAt: { not: null } },
      orderBy: [{ executedAt: "asc" }, { jti: "asc" }],
      select: { tool: true, capability: true, access: true, stepRisk: true, untrusted: true, guardSignal: true },
    }),
    prisma.approval.findMany({
      where: { traceId, agentId, status: "approved" },
      select: { id: true, binding: true, status: true, projectedRisk: true, tokenJti: true, expiresAt: true },
    }),
  ]);
  return {
    traceId,
    now,
    agent: agent && { id: agent.id, name: agent.name, disabled: agent.disabled, trust_level: agent.trustLevel, environment: agent.environment, owner: agent.owner },
    executed: executed.map((t) => ({ tool: t.tool, capability: t.capability, access: t.access as Access, step_risk: t.stepRisk, untrusted: t.untrusted, guard_signal: t.guardSignal })),
    trace: { tool_calls: trace?.toolCalls ?? 0, tool_counts: (trace?.toolCounts ?? {}) as Record<string, number>, cost_usd: trace?.costUsd ?? 0, started_at: trace?.createdAt ?? null },
    agentToday: { tool_calls: usage?.toolCalls ?? 0, tool_counts: (usage?.toolCounts ?? {}) as Record<string, number>, cost_usd: usage?.costUsd ?? 0 },
    approvals: approvals.map((a) => ({ id: a.id, binding: a.binding, status: a.status, projected_risk: a.projectedRisk, token_jti: a.tokenJti })),
  };
}
