import "server-only";
import { randomBytes } from "node:crypto";
import { argumentsHash } from "@/engine/tokens/capability-token";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { EXECUTION_TYPES, storeEvents } from "@/lib/ingest/store-events";

/**
 * Matches the executor's reports (tool.executed / tool.failed, stored a moment ago) against the grants: a report
 * whose token_jti names a token issued to the same agent, trace and tool (and, when the report carries arguments,
 * the same arguments) marks that grant executed — later evaluations count its risk. Any other execution is
 * written into its trace as `governance.unauthorized_execution`, naming why.
 */
export async function recordExecutions(events: RuntimeEvent[]): Promise<number> {
  const runs = events.filter((e) => EXECUTION_TYPES.has(e.type) && !(e.flags ?? []).some((f) => f === "dry_run" || f === "explain"));
  if (runs.length === 0) return 0;
  const jtis = [...new Set(runs.map((e) => e.token_jti).filter((j): j is string => !!j))];
  const tokens = new Map(
    (await prisma.capabilityToken.findMany({ where: { jti: { in: jtis } } })).map((t) => [t.jti, t]),
  );
  const flagged: RuntimeEvent[] = [];
  for (const e of runs) {
    const t = e.token_jti ? tokens.get(e.token_jti) : undefined;
    let why: string | null = null;
    if (!e.token_jti) why = `${e.tool ?? "a tool"} ran without a capability token (no token_jti in ${e.id})`;
    else if (!t) why = `${e.id} references token ${e.token_jti}, which Replay Audit never issued`;
    else if (t.agentId !== e.agent.id) why = `token ${t.jti} was issued to agent ${t.agentId}, not ${e.agent.id}`;
    else if (t.traceId !== e.trace_id) why = `token ${t.jti} was issued for trace ${t.traceId}, not ${e.trace_id}`;
    else if (e.tool && t.tool !== e.tool) why = `token ${t.jti} grants ${t.tool}, but ${e.tool} ran`;
    else if (e.arguments !== undefined && argumentsHash(e.arguments) !== t.argumentsHash) why = `${e.tool} ran with arguments other than the ones token ${t.jti} was granted for`;
    else if (t.revokedAt) why = `token ${t.jti} was revoked before this execution`;
    else if (t.executedAt) why = `token ${t.jti} was already used for an execution; each grant covers one run`;
    if (!why && t) {
      const marked = await prisma.capabilityToken.updateMany({ where: { jti: t.jti, executedAt: null }, data: { executedAt: new Date() } });
      if (marked.count === 1) continue;
      why = `token ${t.jti} was already used for an execution; each grant covers one run`;
    }
    flagged.push({
      id: `unauth_${randomBytes(8).toString("hex")}`, trace_id: e.trace_id, timestamp: new Date().toISOString(),
      type: "governance.unauthorized_execution", stage: "execution", agent: { id: e.agent.id }, schema_version: SCHEMA_VERSION,
      parent_id: e.id, step: e.step ?? null, tool: e.tool ?? null, decision: "block", token_jti: e.token_jti ?? null,
      reasons: [`execution without authorization: ${why}`], flags: ["system"],
    });
  }
  if (flagged.length) await storeEvents(flagged.map((event) => ({ event, raw: JSON.stringify(event), format: "system" as const })));
  return flagged.length;
}
