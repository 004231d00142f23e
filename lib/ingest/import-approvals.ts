import "server-only";
import { approvalIdsOf, parseInterceptorApprovalsJsonl } from "@/engine/events/interceptor-approvals";
import { ApiError } from "@/lib/api/errors";
import { pgPool } from "@/lib/pg-pool";
import type { IngestResult } from "./schemas";
import { storeEvents } from "./store-events";

/**
 * Which trace requested each approval id, among the agent's imported interceptor events. The approval_required line
 * wins over later lines that cite the same id (the reference's approved re-run is a new trace that passes the id
 * along), so the decision lands where the request is.
 */
export async function tracesRequestingApprovals(agentId: string, approvalIds: string[]): Promise<Map<string, string>> {
  if (!approvalIds.length) return new Map();
  const { rows } = await pgPool().query<{ approval_id: string; trace_id: string }>(
    `SELECT DISTINCT ON (body->'approval'->>'id') body->'approval'->>'id' AS approval_id, trace_id
       FROM events
      WHERE agent_id = $1 AND format = 'interceptor' AND body->'approval'->>'id' = ANY($2::text[])
      ORDER BY body->'approval'->>'id', (type = 'approval_required') DESC, "timestamp", seq`,
    [agentId, approvalIds],
  );
  return new Map(rows.map((r) => [r.approval_id, r.trace_id]));
}

/**
 * Imports the reference interceptor's approval store (approvals.jsonl) for an agent whose audit log was imported
 * before: each record becomes the approval event our model uses, in the trace that requested it, so replay shows
 * the real outcome with who and when. One result per line, like POST /api/v1/events; re-importing stores nothing new.
 */
export async function importInterceptorApprovals(text: string, agentId: string, maxLines = Infinity): Promise<IngestResult[]> {
  if (!text.trim()) throw new ApiError("bad_request", "request body is empty; send the lines of approvals.jsonl");
  const count = text.split("\n").filter((l) => l.trim()).length;
  if (count > maxLines) throw new ApiError("payload_too_large", `${count} lines in one request; the limit is ${maxLines} per request`);
  const traces = await tracesRequestingApprovals(agentId, approvalIdsOf(text));
  const lines = parseInterceptorApprovalsJsonl(text, agentId, (id) => traces.get(id));
  const good = lines.flatMap((l) => (l.ok ? [l] : []));
  const stored = await storeEvents(good.map((l) => ({ event: l.event, raw: l.raw, format: "interceptor" as const })));
  const byLine = new Map(good.map((l, k) => [l.line, stored[k]]));
  return lines.map((l, index): IngestResult => {
    if (!l.ok) return { index, line: l.line, id: null, status: "invalid", error: l.error };
    const s = byLine.get(l.line)!;
    return { index, line: l.line, id: s.id, status: s.status, trace_id: s.trace_id, seq: s.seq, hash: s.hash };
  });
}
