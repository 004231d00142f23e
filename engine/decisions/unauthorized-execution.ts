import { argumentsHash } from "../tokens/capability-token";
import { SCHEMA_VERSION, type RuntimeEvent } from "../events/schema";
import { EVENT } from "../events/decision-events";

/** A capability token as the server stored it when granting it. */
export type IssuedToken = {
  jti: string; agent_id: string; trace_id: string; tool: string; arguments_hash: string;
  revoked_at: Date | null; executed_at: Date | null;
};

/**
 * Why an execution report is not covered by a grant, or null when its token covers it: no token, a token never
 * issued, issued to another agent, trace or tool, for other arguments, revoked, or already used. This is the rule
 * behind `governance.unauthorized_execution`; the server only loads the token and marks it used (atomically, in
 * the ingest transaction — a lost race reads as `alreadyUsedReason`).
 */
export function unauthorizedReason(e: RuntimeEvent, t: IssuedToken | undefined): string | null {
  if (!e.token_jti) return `${e.tool ?? "a tool"} ran without a capability token (no token_jti in ${e.id})`;
  if (!t) return `${e.id} references token ${e.token_jti}, which Replay Audit never issued`;
  if (t.agent_id !== e.agent.id) return `token ${t.jti} was issued to agent ${t.agent_id}, not ${e.agent.id}`;
  if (t.trace_id !== e.trace_id) return `token ${t.jti} was issued for trace ${t.trace_id}, not ${e.trace_id}`;
  if (e.tool && t.tool !== e.tool) return `token ${t.jti} grants ${t.tool}, but ${e.tool} ran`;
  if (e.arguments !== undefined && argumentsHash(e.arguments) !== t.arguments_hash) return `${e.tool} ran with arguments other than the ones token ${t.jti} was granted for`;
  if (t.revoked_at) return `token ${t.jti} was revoked before this execution`;
  if (t.executed_at) return alreadyUsedReason(t.jti);
  return null;
}

/** The reason when a token's single use was taken by another execution. */
export function alreadyUsedReason(jti: string): string {
  return `token ${jti} was already used for an execution; each grant covers one run`;
}

/** The flag event the server chains after an execution that no grant covers. */
export function unauthorizedExecutionEvent(e: RuntimeEvent, why: string, id: string, timestamp: string): RuntimeEvent {
  return {
    id, trace_id: e.trace_id, timestamp, type: EVENT.unauthorizedExecution, stage: "execution", agent: { id: e.agent.id }, schema_version: SCHEMA_VERSION,
    parent_id: e.id, step: e.step ?? null, tool: e.tool ?? null, decision: "block", token_jti: e.token_jti ?? null,
    reasons: [`execution without authorization: ${why}`], flags: ["system"],
  };
}
