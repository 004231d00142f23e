import { sha256Hex } from "../crypto/hash-chain";
import { readJsonlObjects, sinkFailureError } from "./interceptor";
import { RuntimeEvent } from "./schema";
import { INTERCEPTOR_SCHEMA_PREFIX } from "./decision-events";

/*
 * Reads the reference interceptor's approval store, `audit/approvals.jsonl` (core/approval.py: every create, approve
 * and reject appends the whole `ApprovalRequest` as one line: approval_id, agent_name, tool_name, arguments, reason,
 * status pending|approved|rejected, risk_level, created_at, reviewed_at, reviewed_by, review_note). Its audit log has
 * no event for an approval being decided, so without this file an imported approval step stays `pending`.
 *
 * | approvals.jsonl line | our event                                                              |
 * |----------------------|------------------------------------------------------------------------|
 * | status `pending`     | `approval.requested`, at created_at, no decision                       |
 * | status `approved`    | `approval.granted`, decision allow, at reviewed_at, actor reviewed_by  |
 * | status `rejected`    | `approval.denied`, decision block, at reviewed_at, actor reviewed_by   |
 *
 * The same types and fields the live approval flow writes (lib/approvals/approvals.ts), so replay, graph and
 * what-if read an imported approval exactly like a live one. The line has no trace id: the event goes into the
 * trace whose audit line requested that approval id (the caller looks it up; an approval nobody requested is an
 * error, never a trace of its own). Its id derives from the line's hash, so re-importing stores nothing twice.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (v: unknown) => v !== null && v !== undefined;

const STATUS: Record<string, { type: string; decision?: "allow" | "block" }> = {
  pending: { type: "approval.requested" },
  approved: { type: "approval.granted", decision: "allow" },
  rejected: { type: "approval.denied", decision: "block" },
};

/** Fields of the reference's ApprovalRequest (and the `decided_*` spelling some tools write). */
const CONSUMED = new Set([
  "approval_id", "status", "agent_name", "tool_name", "arguments", "risk_level", "reviewed_at", "decided_at", "reviewed_by", "decided_by", "review_note",
]);

/** Whether a parsed line is a record of the approval store rather than an audit event (an audit line never has `status`). */
export function looksLikeApprovalRecord(obj: unknown): boolean {
  return isObj(obj) && typeof obj.approval_id === "string" && Object.hasOwn(obj, "status") && !Object.hasOwn(obj, "event_type");
}

export type ApprovalMapResult = { ok: true; event: RuntimeEvent } | { ok: false; error: string };

/**
 * Maps one approval-store line to the approval event of our model, in the trace `ctx.traceOf` names for its approval
 * id. Errors name the line's field, so a person can fix the file.
 */
export function mapApprovalRecord(obj: unknown, ctx: { agentId: string; rawLine: string; traceOf: (approvalId: string) => string | undefined }): ApprovalMapResult {
  const fail = (error: string): ApprovalMapResult => ({ ok: false, error });
  if (!isObj(obj)) return fail("an approval record must be a JSON object");
  const sink = sinkFailureError(obj);
  if (sink) return fail(sink);
  if (Object.hasOwn(obj, "event_type") && !Object.hasOwn(obj, "status")) {
    return fail("an audit log line (it has event_type), not an approval record; import it as an audit log (?format=interceptor)");
  }
  if (typeof obj.approval_id !== "string" || !obj.approval_id) return fail("approval_id: missing; every approval record names its approval");
  const approvalId = obj.approval_id;
  const status = typeof obj.status === "string" ? obj.status.toLowerCase() : obj.status;
  if (typeof status !== "string" || !Object.hasOwn(STATUS, status)) {
    return fail(`status: must be pending, approved or rejected (got ${JSON.stringify(obj.status ?? null)})`);
  }
  const { type, decision } = STATUS[status];
  const decided = status !== "pending";
  const atField = !decided ? "created_at" : has(obj.reviewed_at) ? "reviewed_at" : has(obj.decided_at) ? "decided_at" : "reviewed_at";
  const at = obj[atField];
  if (!has(at)) return fail(`${atField}: missing; ${decided ? `an ${status} approval record needs the time it was decided` : "a pending approval record needs the time it was created"}`);
  const actor = has(obj.reviewed_by) ? obj.reviewed_by : has(obj.decided_by) ? obj.decided_by : null;
  const traceId = ctx.traceOf(approvalId);
  if (!traceId) {
    return fail(`approval_id: no imported audit event of agent "${ctx.agentId}" requests approval ${approvalId}; import the audit log (audit.jsonl) that requested it first`);
  }
  const tool = has(obj.tool_name) ? obj.tool_name : undefined;
  const note = has(obj.review_note) ? obj.review_note : null;
  const who = typeof actor === "string" ? actor : "the reviewer";
  const event: Obj = {
    id: `icp-${sha256Hex(ctx.rawLine).slice(0, 32)}`,
    trace_id: traceId,
    timestamp: at,
    type,
    stage: "approval",
    agent: { id: ctx.agentId, ...(has(obj.agent_name) ? { name: obj.agent_name } : {}) },
    schema_version: `${INTERCEPTOR_SCHEMA_PREFIX}approval-store`,
    approval: { id: approvalId, status, actor, note },
    reasons: [decided ? `${who} ${status} ${tool ?? "the request"} (${approvalId})${typeof note === "string" && note ? `: ${note}` : ""}` : `approval ${approvalId} requested`],
    flags: ["imported"],
  };
  if (decision) event.decision = decision;
  if (tool !== undefined) event.tool = tool;
  if (has(obj.arguments)) event.arguments = obj.arguments;
  if (has(obj.risk_level)) event.risk = { level: obj.risk_level };
  const kept = Object.fromEntries(Object.entries(obj).filter(([k, v]) => !CONSUMED.has(k) && has(v)));
  if (decided && has(obj.created_at)) kept.created_at = obj.created_at;
  event.payload = { interceptor: kept };

  const parsed = RuntimeEvent.safeParse(event);
  if (!parsed.success) {
    const FIELD: Record<string, string> = { timestamp: atField, tool: "tool_name", "approval.actor": has(obj.reviewed_by) ? "reviewed_by" : "decided_by", "approval.note": "review_note", "approval.id": "approval_id", "risk.level": "risk_level", "agent.name": "agent_name", trace_id: "approval_id" };
    const problems = parsed.error.issues.slice(0, 3).map((i) => `${FIELD[i.path.join(".")] ?? i.path.join(".")}: ${i.message}`);
    return fail(problems.join("; "));
  }
  return { ok: true, event: parsed.data };
}

export type ApprovalLineResult =
  | { line: number; ok: true; event: RuntimeEvent; raw: string }
  | { line: number; ok: false; error: string; raw: string };

/** The approval ids an approvals.jsonl text names, to look up which traces requested them. */
export function approvalIdsOf(text: string): string[] {
  const ids = new Set<string>();
  for (const l of readJsonlObjects(text)) if (l.ok && typeof l.value.approval_id === "string") ids.add(l.value.approval_id);
  return [...ids];
}

/**
 * Maps a whole approvals.jsonl file, line by line (a bad line is reported with its number, the rest import).
 * `traceOf` says which trace requested an approval id.
 */
export function parseInterceptorApprovalsJsonl(text: string, agentId: string, traceOf: (approvalId: string) => string | undefined): ApprovalLineResult[] {
  return readJsonlObjects(text).map((l): ApprovalLineResult => {
    if (!l.ok) return l;
    const m = mapApprovalRecord(l.value, { agentId, rawLine: l.raw, traceOf });
    return m.ok ? { line: l.line, ok: true, event: m.event, raw: l.raw } : { line: l.line, ok: false, error: `line ${l.line}: ${m.error}`, raw: l.raw };
  });
}
