import "server-only";
import { createHash } from "node:crypto";
import { alreadyUsedReason, unauthorizedExecutionEvent, unauthorizedReason, type IssuedToken } from "@/engine/decisions/unauthorized-execution";
import { EXECUTION_TYPES, type AfterStore, type IncomingEvent } from "@/lib/ingest/store-events";

/**
 * Matches the executor's reports (tool.executed / tool.failed, just chained) against the grants: a report whose
 * token_jti names a token issued to the same agent, trace and tool (and, when the report carries arguments, the
 * same arguments) marks that grant executed — later evaluations count its risk. Any other execution gets a
 * `governance.unauthorized_execution` event naming why (the rule is the engine's `unauthorizedReason`; this is its I/O). Runs as `storeEvents`' afterStore, inside the ingest
 * transaction, so an execution is never stored without its flag (nor a grant marked used without the report).
 * The flag's id is derived from the execution it flags (one execution, one flag) and its time is `now()`'s, so a
 * seed played at a fixed clock (lib/demo/play-scenario.ts) writes the same events every time.
 */
export function recordExecutionsAt(now: () => Date): AfterStore {
  return async (sql, events) => {
    const runs = events.filter((e) => EXECUTION_TYPES.has(e.type) && !(e.flags ?? []).some((f) => f === "dry_run" || f === "explain"));
    if (runs.length === 0) return [];
    const jtis = [...new Set(runs.map((e) => e.token_jti).filter((j): j is string => !!j))];
    const tokens = new Map(
      (await sql.query<IssuedToken>(
        `SELECT jti, agent_id, trace_id, tool, arguments_hash, revoked_at, executed_at FROM capability_tokens WHERE jti = ANY($1::text[])`,
        [jtis],
      )).rows.map((t) => [t.jti, t]),
    );
    const flagged: IncomingEvent[] = [];
    for (const e of runs) {
      const t = e.token_jti ? tokens.get(e.token_jti) : undefined;
      let why = unauthorizedReason(e, t);
      if (!why && t) {
        const marked = await sql.query<{ jti: string }>(
          "UPDATE capability_tokens SET executed_at = $2 WHERE jti = $1 AND executed_at IS NULL RETURNING jti",
          [t.jti, now().toISOString()],
        );
        if (marked.rows.length === 1) continue;
        why = alreadyUsedReason(t.jti);
      }
      const id = `unauth_${createHash("sha256").update(`${e.trace_id}\0${e.id}`).digest("hex").slice(0, 16)}`;
      const event = unauthorizedExecutionEvent(e, why!, id, now().toISOString());
      flagged.push({ event, raw: JSON.stringify(event), format: "system" });
    }
    return flagged;
  };
}

/** The execution check as ingest runs it (POST /api/v1/events): flags carry the server's time. */
export const recordExecutions: AfterStore = recordExecutionsAt(() => new Date());
