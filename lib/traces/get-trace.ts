import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { TraceAgent, TraceDetail } from "@/lib/traces/schemas";

const MAX_CHILDREN = 200;

/** A trace's rollup with the identities of its agents, its child traces and its latest budget; null when unknown. */
export async function getTrace(id: string): Promise<TraceDetail | null> {
  const t = await prisma.trace.findUnique({ where: { id } });
  if (!t) return null;

  const [agents, children, budgetRows, stageRows] = await Promise.all([
    prisma.agent.findMany({
      where: { id: { in: t.agents ?? [] } },
      select: { id: true, name: true, owner: true, environment: true, trustLevel: true },
    }),
    prisma.trace.findMany({
      where: { parentTraceId: id },
      orderBy: [{ firstSeen: "asc" }, { id: "asc" }],
      take: MAX_CHILDREN,
      select: { id: true },
    }),
    // newest event carrying a budget object; walks the (trace_id, seq) index backwards
    prisma.$queryRaw<Array<{ budget: unknown }>>`
      SELECT body->'budget' AS budget FROM events
      WHERE trace_id = ${id} AND jsonb_typeof(body->'budget') = 'object'
      ORDER BY seq DESC LIMIT 1`,
    prisma.event.groupBy({ by: ["stage"], where: { traceId: id }, _count: { _all: true } }),
  ]);

  const byId = new Map(agents.map((a) => [a.id, a]));
  const agent: TraceAgent[] = (t.agents ?? []).map((aid) => {
    const a = byId.get(aid);
    return a
      ? { id: aid, registered: true, name: a.name, owner: a.owner, environment: a.environment, trust_level: a.trustLevel }
      : { id: aid, registered: false, name: null, owner: null, environment: null, trust_level: null };
  });

  return {
    id: t.id,
    // the array columns are nullable in the database; an empty list reads better than null
    agents: t.agents ?? [],
    tools: t.tools ?? [],
    trust_levels: t.trustLevels ?? [],
    first_seen: t.firstSeen.toISOString(),
    last_seen: t.lastSeen.toISOString(),
    event_count: t.eventCount,
    final_decision: t.finalDecision,
    final_reason: t.finalReason,
    max_risk: t.maxRisk,
    plan_intent: t.planIntent,
    budget_status: t.budgetStatus,
    trust_summary: numberRecord(t.trustSummary),
    parent_trace_id: t.parentTraceId,
    head_seq: t.headSeq,
    head_hash: t.headHash,
    agent,
    child_trace_ids: children.map((c) => c.id),
    budget: (budgetRows[0]?.budget as TraceDetail["budget"]) ?? null,
    stage_counts: Object.fromEntries(stageRows.map((r) => [r.stage, r._count._all])),
    // decision, reason, max risk and thresholds are the engine's trace outcome, rolled up with the events
    thresholds: (t.riskThresholds as TraceDetail["thresholds"]) ?? null,
  };
}

function numberRecord(v: unknown): Record<string, number> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, n]) => typeof n === "number")) as Record<string, number>;
}

/** Whether a trace with this id has been stored (cheap: primary-key lookup). */
export async function traceExists(id: string): Promise<boolean> {
  return (await prisma.trace.count({ where: { id } })) > 0;
}

/** The 404 of an unknown trace id, one wording for every trace route. */
export function traceNotFound(id: string): never {
  throw new ApiError("not_found", `no trace with id ${JSON.stringify(id)}`);
}

/** A trace's detail; a 404 naming the id when unknown, so routes never check for null themselves. */
export async function getTraceOrThrow(id: string): Promise<TraceDetail> {
  return (await getTrace(id)) ?? traceNotFound(id);
}
