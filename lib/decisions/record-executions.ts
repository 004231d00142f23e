import "server-only";
import { randomBytes } from "node:crypto";
import { argumentsHash } from "@/engine/tokens/capability-token";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { EXECUTION_TYPES, type AfterStore, type IncomingEvent } from "@/lib/ingest/store-events";

type TokenRow = {
  jti: string; agent_id: string; trace_id: string; tool: string; arguments_hash: string;
  revoked_at: Date | null; executed_at: Date | null;
};

/**
 * Matches the executor's reports (tool.executed / tool.failed, just chained) against the grants: a report whose
 * token_jti names a token issued to the same agent, trace and tool (and, when the report carries arguments, the
 * same arguments) marks that grant executed — later evaluations count its risk. Any other execution gets a
 * `governance.unauthorized_execution` event naming why. Runs as `storeEvents`' afterStore, inside the ingest
 * transaction, so an execution is never stored without its flag (nor a grant marked used without the report).
 */
export const recordExecutions: AfterStore = async (sql, events) => {
  const runs = events.filter((e) => EXECUTION_TYPES.has(e.type) && !(e.flags ?? []).some((f) => f === "dry_run" || f === "explain"));
  if (runs.length === 0) return [];
  const jtis = [...new Set(runs.map((e) => e.token_jti).filter((j): j is string => !!j))];
  const tokens = new Map(
    (await sql.query<TokenRow>(
      `SELECT jti, agent_id, trace_id, tool, arguments_hash, revoked_at, executed_at FROM capability_tokens WHERE jti = ANY($1::text[])`,
      [jtis],
    )).rows.map((t) => [t.jti, t]),
  );
  const flagged: IncomingEvent[] = [];
  for (const e of runs) {
    const t = e.token_jti ? tokens.get(e.token_jti) : undefined;
    let why: string | null = null;
    if (!e.token_jti) why = `${e.tool ?? "a tool"} ran without a capability token (no token_jti in ${e.id})`;
    else if (!t) why = `${e.id} references token ${e.token_jti}, which Replay Audit never issued`;
    else if (t.agent_id !== e.agent.id) why = `token ${t.jti} was issued to agent ${t.agent_id}, not ${e.agent.id}`;
    else if (t.trace_id !== e.trace_id) why = `token ${t.jti} was issued for trace ${t.trace_id}, not ${e.trace_id}`;
    else if (e.tool && t.tool !== e.tool) why = `token ${t.jti} grants ${t.tool}, but ${e.tool} ran`;
    else if (e.arguments !== undefined && argumentsHash(e.arguments) !== t.arguments_hash) why = `${e.tool} ran with arguments other than the ones token ${t.jti} was granted for`;
    else if (t.revoked_at) why = `token ${t.jti} was revoked before this execution`;
    else if (t.executed_at) why = `token ${t.jti} was already used for an execution; each grant covers one run`;
    if (!why && t) {
      const marked = await sql.query<{ jti: string }>(
        "UPDATE capability_tokens SET executed_at = now() WHERE jti = $1 AND executed_at IS NULL RETURNING jti",
        [t.jti],
      );
      if (marked.rows.length === 1) continue;
      why = `token ${t.jti} was already used for an execution; each grant covers one run`;
    }
    const event: RuntimeEvent = {
      id: `unauth_${randomBytes(8).toString("hex")}`, trace_id: e.trace_id, timestamp: new Date().toISOString(),
      type: "governance.unauthorized_execution", stage: "execution", agent: { id: e.agent.id }, schema_version: SCHEMA_VERSION,
      parent_id: e.id, step: e.step ?? null, tool: e.tool ?? null, decision: "block", token_jti: e.token_jti ?? null,
      reasons: [`execution without authorization: ${why}`], flags: ["system"],
    };
    flagged.push({ event, raw: JSON.stringify(event), format: "system" });
  }
  return flagged;
};
