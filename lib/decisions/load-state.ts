import "server-only";
import type { EngineState } from "@/engine/evaluate";
import type { Access } from "@/engine/policy/bundle";
import { pgPool } from "@/lib/pg-pool";

type Row = {
  agent: { id: string; name: string; disabled: boolean; trust_level: string; environment: string; owner: string } | null;
  trace: { owner: string | null; tool_calls: number; tool_counts: Record<string, number>; cost_usd: number; created_at: string } | null;
  usage: { tool_calls: number; tool_counts: Record<string, number>; cost_usd: number } | null;
  executed: Array<{ tool: string; capability: string; access: string; step_risk: number; untrusted: boolean; guard_signal: boolean }> | null;
  approvals: Array<{ id: string; binding: string; status: string; projected_risk: number; token_jti: string | null }> | null;
  history: Array<{ trace_id: string; tool: string; arguments: unknown; executed_at: string }> | null;
};

/** How far back, and how many, of the agent's executed steps feed "seen before" and fan-out (the bundle narrows it). */
const HISTORY_DAYS = 365;
const HISTORY_ROWS = 500;

/**
 * What the engine needs to know about a trace and an agent, read from what the server stored — executions counted
 * at ingest (never the caller's claims), the steps it granted that were executed, approvals, and the agent's recent
 * executed steps with the arguments they were granted for (destinations seen before, fan-out) — in one round trip
 * (evaluate sits on every agent's hot path). `traceOwner` lets the caller refuse a trace another agent opened.
 */
export async function loadEngineState(agentId: string, traceId: string, now: Date): Promise<EngineState & { traceOwner: string | null }> {
  const { rows } = await pgPool().query<Row>(
    `SELECT
       (SELECT json_build_object('id', a.id, 'name', a.name, 'disabled', a.disabled, 'trust_level', a.trust_level,
                                 'environment', a.environment, 'owner', a.owner) FROM agents a WHERE a.id = $1) AS agent,
       (SELECT json_build_object('owner', t.owner_agent_id, 'tool_calls', t.tool_calls, 'tool_counts', t.tool_counts,
                                 'cost_usd', t.cost_usd, 'created_at', t.created_at) FROM traces t WHERE t.id = $2) AS trace,
       (SELECT json_build_object('tool_calls', u.tool_calls, 'tool_counts', u.tool_counts, 'cost_usd', u.cost_usd)
          FROM agent_usage u WHERE u.agent_id = $1 AND u.day = $3::date) AS usage,
       (SELECT json_agg(json_build_object('tool', c.tool, 'capability', c.capability, 'access', c.access, 'step_risk', c.step_risk,
                                          'untrusted', c.untrusted, 'guard_signal', c.guard_signal) ORDER BY c.executed_at, c.jti)
          FROM capability_tokens c WHERE c.trace_id = $2 AND c.executed_at IS NOT NULL) AS executed,
       (SELECT json_agg(json_build_object('id', p.id, 'binding', p.binding, 'status', p.status, 'projected_risk', p.projected_risk,
                                          'token_jti', p.token_jti))
          FROM approvals p WHERE p.trace_id = $2 AND p.agent_id = $1 AND p.status = 'approved') AS approvals,
       (SELECT json_agg(h ORDER BY h.executed_at DESC) FROM (
          -- the newest executed tokens first (index capability_tokens (agent_id, executed_at DESC)), then each one's
          -- decision event in its own trace: joining before the limit made Postgres hash-join every decision event
          SELECT c.trace_id, c.tool, e.arguments, c.executed_at
            FROM (SELECT c.jti, c.trace_id, c.tool, c.executed_at FROM capability_tokens c
                   WHERE c.agent_id = $1 AND c.executed_at IS NOT NULL AND c.executed_at > $4::timestamptz - make_interval(days => ${HISTORY_DAYS})
                   ORDER BY c.executed_at DESC LIMIT ${HISTORY_ROWS}) c
            JOIN LATERAL (SELECT e.body->'arguments' AS arguments FROM events e
                           WHERE e.trace_id = c.trace_id AND e.type = 'decision.made' AND e.body->>'token_jti' = c.jti LIMIT 1) e ON true) h) AS history`,
    [agentId, traceId, now.toISOString().slice(0, 10), now.toISOString()],
  );
  const r = rows[0];
  return {
    traceId,
    now,
    traceOwner: r.trace?.owner ?? null,
    agent: r.agent,
    executed: (r.executed ?? []).map((t) => ({ ...t, access: t.access as Access })),
    trace: { tool_calls: r.trace?.tool_calls ?? 0, tool_counts: r.trace?.tool_counts ?? {}, cost_usd: r.trace?.cost_usd ?? 0, started_at: r.trace ? new Date(r.trace.created_at) : null },
    agentToday: { tool_calls: r.usage?.tool_calls ?? 0, tool_counts: r.usage?.tool_counts ?? {}, cost_usd: r.usage?.cost_usd ?? 0 },
    approvals: r.approvals ?? [],
    history: (r.history ?? []).map((h) => ({ trace_id: h.trace_id, tool: h.tool, arguments: h.arguments ?? {}, executed_at: new Date(h.executed_at) })),
  };
}
