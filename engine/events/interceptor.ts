import { sha256Hex } from "../crypto/hash-chain";
import { RuntimeEvent, type Decision, type Stage } from "./schema";
import { INTERCEPTOR_EVENT, INTERCEPTOR_SCHEMA_PREFIX } from "./decision-events";

/*
 * Reads the JSONL audit log of the public AISecOps Interceptor (facts: shared/REFERENCE-INTERCEPTOR.md §1) into
 * Replay Audit's event model. Two shapes exist: schema 0.5.0 lines (52 flat fields, every one present, null when
 * unset) and older lines without `event_type`/`schema_version`. The mapping never invents evidence: a value
 * lands in its field of our model, or, when our model has no place for it, under `payload.interceptor`; the
 * line's own `payload` is kept under `payload.data`, and the caller keeps the exact line as raw evidence.
 */

/** Nesting deeper than this is refused before parsing, so a hostile line cannot exhaust the stack. */
export const MAX_IMPORT_DEPTH = 64;

const DETECT_KEYS = ["event_type", "event_id", "decision_stage", "allowed", "agent_name", "tool_name", "execution_plan_id"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (v: unknown) => v !== null && v !== undefined;

/**
 * Whether an object is an interceptor line rather than a native event: used when the sender does not say
 * `?format=interceptor`. Native events always carry `type`; interceptor lines never do.
 */
export function looksLikeInterceptorLine(obj: unknown): boolean {
  if (!isObj(obj) || Object.hasOwn(obj, "type")) return false;
  return DETECT_KEYS.some((k) => Object.hasOwn(obj, k));
}

/*
 * Stage: the first rule that applies wins.
 *
 * | interceptor line                                                            | our stage    |
 * |-----------------------------------------------------------------------------|--------------|
 * | decision_stage `evaluate` with payload.capability_result `blocked` (the gate) | `capability` |
 * | decision_stage `evaluate` (the `decision` event: policy evaluation)         | `policy`     |
 * | event_type `plan`                                                           | `plan`       |
 * | event_type `decision`, `tool_allowed`, `tool_blocked` (also audit_kind `capability`) | `decision` |
 * | event_type `mcp_policy_decision`                                            | `decision`   |
 * | event_type `approval_required`                                              | `approval`   |
 * | event_type `tool_call`, `tool_executed`                                     | `execution`  |
 * | event_type `user_input`, `prompt_allowed`, `prompt_blocked`                 | `input`      |
 * | event_type `final_output`, `output_allowed`, `output_blocked`               | `output`     |
 * | other types, decision_stage `plan` / `decision` / `execute`                 | `plan` / `decision` / `execution` |
 * | other types, decision_stage `mcp_policy` / `policy`                         | `policy`     |
 * | other types, their `stage` `input` / `output`                               | same         |
 * | anything else                                                               | `execution`  |
 *
 * The reference writes `decision` events only from its evaluate step (payload: capability_result, policy_result,
 * reason_chain), so they read as a stage verdict: the capability gate's when it blocked, else the policy's. What it
 * enforced is `tool_allowed` / `tool_blocked` — including the capability gate's `tool_blocked` (audit_kind
 * `capability`) — and, for the MCP proxy, `mcp_policy_decision`: the answer the MCP client got (a step held for
 * approval is answered BLOCKED). Those are our decision stage, so replay finds them as the step's decision and
 * agrees with the trace list's rollup.
 */
const STAGE_BY_TYPE: Record<string, Stage> = {
  plan: "plan",
  decision: "decision",
  tool_allowed: "decision",
  tool_blocked: "decision",
  approval_required: "approval",
  tool_call: "execution",
  tool_executed: "execution",
  user_input: "input",
  prompt_allowed: "input",
  prompt_blocked: "input",
  final_output: "output",
  output_allowed: "output",
  output_blocked: "output",
  mcp_policy_decision: "decision",
};
const STAGE_BY_DECISION_STAGE: Record<string, Stage> = {
  plan: "plan",
  evaluate: "policy",
  decision: "decision",
  execute: "execution",
  mcp_policy: "policy",
  policy: "policy",
};
const STAGE_BY_THEIR_STAGE: Record<string, Stage> = { input: "input", output: "output" };

function stageOf(type: string, line: Obj): Stage {
  if (line.decision_stage === "evaluate") return isObj(line.payload) && line.payload.capability_result === "blocked" ? "capability" : "policy";
  if (Object.hasOwn(STAGE_BY_TYPE, type)) return STAGE_BY_TYPE[type];
  const ds = line.decision_stage;
  if (typeof ds === "string" && Object.hasOwn(STAGE_BY_DECISION_STAGE, ds)) return STAGE_BY_DECISION_STAGE[ds];
  const st = line.stage;
  if (typeof st === "string" && Object.hasOwn(STAGE_BY_THEIR_STAGE, st)) return STAGE_BY_THEIR_STAGE[st];
  return "execution";
}

/** Their decision words (and the API envelope's) to ours; anything else is kept in payload.interceptor. */
const DECISION_MAP: Record<string, Decision> = {
  allowed: "allow",
  blocked: "block",
  require_approval: "require_approval",
  pending: "pending",
  observed: "observed",
  allow: "allow",
  block: "block",
};

/**
 * A line without `event_type`, read as the reference's `RuntimeEvent.from_dict` does: allowed → tool_allowed;
 * an approval id with a reason mentioning approval → approval_required; anything else → tool_blocked
 * (deny by default). Only a literal `true` counts as allowed.
 */
function legacyType(line: Obj): { type: string; decision: Decision } {
  if (line.allowed === true) return { type: INTERCEPTOR_EVENT.toolAllowed, decision: "allow" };
  const reason = has(line.reason) ? String(line.reason) : "";
  if (has(line.approval_id) && reason.toLowerCase().includes("approval")) {
    return { type: INTERCEPTOR_EVENT.approvalRequired, decision: "require_approval" };
  }
  return { type: INTERCEPTOR_EVENT.toolBlocked, decision: "block" };
}

const idSchema = RuntimeEvent.shape.id;
const isValidId = (v: unknown): v is string => typeof v === "string" && idSchema.safeParse(v).success;
const derivedId = (text: string) => `icp-${sha256Hex(text).slice(0, 32)}`;

const PROVENANCE_KEYS = new Set(["source_type", "trust_level", "source_name", "source_hash", "origin_uri", "metadata"]);

/** Where a path of our model came from in the line, so an error names the field the sender wrote. */
const SOURCE_FIELD: Record<string, string> = {
  id: "event_id",
  trace_id: "trace_id",
  timestamp: "timestamp",
  type: "event_type",
  stage: "decision_stage",
  schema_version: "schema_version",
  parent_trace_id: "parent_trace_id",
  tool: "tool_name",
  arguments: "arguments",
  decision: "decision",
  "agent.name": "agent_name",
  "agent.external_id": "agent_id",
  "agent.trust_level": "agent_trust_level",
  "policy.determining": "matched_rule",
  "risk.level": "risk_level",
  "budget.limits": "runtime_budget",
  "budget.usage": "runtime_usage",
  "budget.violations": "runtime_violations",
  "budget.status": "budget_status",
  "cost.usd": "estimated_cost_usd",
  "approval.id": "approval_id",
  "plan.intent": "plan_intent",
  "plan.risk_level": "plan_risk_level",
  "plan.steps": "plan_steps",
  payload: "payload",
};
const STEP_FIELD: Record<string, string> = { id: "step_id", tool: "tool_name", arguments: "parameters", index: "order" };

function sourceFieldOf(path: PropertyKey[], line: Obj, reasonSources: string[]): string {
  const [head, second, third, fourth] = path;
  if (head === "reasons" && typeof second === "number") return reasonSources[second] ?? "reason";
  if (head === "agent" && second === "environment") return has(line.agent_environment) ? "agent_environment" : "environment";
  if (head === "plan" && second === "id") return has(line.plan_id) ? "plan_id" : "execution_plan_id";
  if (head === "provenance" && typeof second === "number") {
    const key = third === "content_hash" ? "source_hash" : third;
    return `provenance[${second}]${key === undefined ? "" : `.${String(key)}`}`;
  }
  if (head === "plan" && second === "steps" && typeof third === "number") {
    const key = typeof fourth === "string" ? (STEP_FIELD[fourth] ?? fourth) : undefined;
    return `plan_steps[${third}]${key === undefined ? "" : `.${key}`}`;
  }
  if (head === "payload" && second === "interceptor" && typeof third === "string") return third;
  for (let n = Math.min(path.length, 2); n > 0; n--) {
    const key = path.slice(0, n).join(".");
    if (Object.hasOwn(SOURCE_FIELD, key)) return SOURCE_FIELD[key];
  }
  return path.map(String).join(".");
}

export type MapResult = { ok: true; event: RuntimeEvent } | { ok: false; error: string };

/** The trace of lines that carry no trace id: one per importing agent (`icp-untraced-<agent id>`). */
export function untracedTraceId(agentId: string): string {
  const id = `icp-untraced-${agentId}`;
  return isValidId(id) ? id : `icp-untraced-${sha256Hex(agentId).slice(0, 32)}`;
}

const SINK_FAILURE_KEYS = ["sink_type", "event_type", "error_type", "message"];

/**
 * The reference's AuditLogger writes a `SinkFailure` record ({sink_type, event_type, error_type, message}) to
 * `sink_failures.jsonl` beside the audit log when a sink could not write an event. Such a record is not an event
 * (it has no timestamp, trace or decision); it is named as what it is instead of reported as a line missing fields.
 */
export function sinkFailureError(line: Obj): string | null {
  if (has(line.timestamp) || !SINK_FAILURE_KEYS.every((k) => Object.hasOwn(line, k))) return null;
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 300);
  return `a sink-failure record of the reference (sink_failures.jsonl: its ${text(line.sink_type)} failed to write an event of type `
    + `${text(line.event_type)}: ${text(line.error_type)}: ${text(line.message)}), not an audit event or approval; nothing to import`;
}

/**
 * Maps one parsed interceptor line to a RuntimeEvent owned by the importing key's agent (`ctx.agentId`); the
 * line's own agent identity is kept in `agent.name`/`external_id`/`trust_level`/`environment`. Ids the line
 * lacks, or that our model would refuse, are derived deterministically (sha256 of the raw line for the event,
 * of the value for a trace), so importing the same file twice stores nothing new. Values our model cannot hold
 * (too long, wrong type) are an error naming the line's field, never silently clipped.
 */
export function mapInterceptorLine(obj: unknown, ctx: { agentId: string; rawLine: string }): MapResult {
  if (!isObj(obj)) return { ok: false, error: "an interceptor line must be a JSON object" };
  const line = obj;
  const fail = (error: string): MapResult => ({ ok: false, error });
  const kept = new Map<string, unknown>(); // fields with no home in our model, in line order
  const consumed = new Set<string>();
  const use = (key: string) => {
    consumed.add(key);
    return line[key];
  };

  const sinkFailure = sinkFailureError(line);
  if (sinkFailure) return fail(sinkFailure);
  if (typeof line.approval_id === "string" && Object.hasOwn(line, "status") && !Object.hasOwn(line, "event_type")) {
    return fail("a record of the reference's approval store (approvals.jsonl), not an audit event; import it with ?format=interceptor-approvals or `npm run import -- approvals.jsonl`");
  }
  if (!has(line.timestamp)) return fail("timestamp: missing; every interceptor line needs an ISO-8601 timestamp");
  const timestamp = use("timestamp");

  // identity of the event and its trace
  const eventId = line.event_id;
  let id: string;
  if (isValidId(eventId)) id = use("event_id") as string;
  else id = derivedId(ctx.rawLine);

  // lines without a trace id go to one trace per importing agent, never to a trace shared across agents
  let traceId = untracedTraceId(ctx.agentId);
  if (has(line.trace_id) && line.trace_id !== "") {
    if (typeof line.trace_id !== "string") return fail("trace_id: must be a string");
    traceId = isValidId(line.trace_id) ? (use("trace_id") as string) : derivedId(line.trace_id);
  }
  let parentTraceId: string | undefined;
  if (has(line.parent_trace_id) && line.parent_trace_id !== "") {
    if (typeof line.parent_trace_id !== "string") return fail("parent_trace_id: must be a string");
    parentTraceId = isValidId(line.parent_trace_id) ? (use("parent_trace_id") as string) : derivedId(line.parent_trace_id);
  }

  // type and decision
  let type: string;
  let decision: Decision | undefined;
  if (has(line.event_type)) {
    if (typeof line.event_type !== "string") return fail("event_type: must be a string");
    type = use("event_type") as string;
    const d = line.decision;
    if (typeof d === "string" && Object.hasOwn(DECISION_MAP, d)) {
      decision = DECISION_MAP[d];
      consumed.add("decision");
    }
  } else {
    ({ type, decision } = legacyType(line));
    if (line.event_type === null) consumed.add("event_type");
  }
  const stage = stageOf(type, line);

  const schemaVersion = has(line.schema_version) ? line.schema_version : "legacy";
  consumed.add("schema_version");
  if (typeof schemaVersion !== "string") return fail("schema_version: must be a string");

  // agent: the importing key's agent owns the event; the line's own identity is kept beside it
  const agent: Obj = { id: ctx.agentId };
  if (has(line.agent_name)) agent.name = use("agent_name");
  if (has(line.agent_id)) agent.external_id = use("agent_id");
  if (has(line.agent_trust_level)) agent.trust_level = use("agent_trust_level");
  if (has(line.agent_environment)) agent.environment = use("agent_environment");
  else if (has(line.environment)) agent.environment = use("environment");

  const event: Obj = {
    id,
    trace_id: traceId,
    timestamp,
    type,
    stage,
    agent,
    schema_version: `${INTERCEPTOR_SCHEMA_PREFIX}${schemaVersion}`,
  };
  if (parentTraceId !== undefined) event.parent_trace_id = parentTraceId;

  // plan
  const plan: Obj = {};
  if (has(line.plan_id)) plan.id = use("plan_id");
  if (has(line.execution_plan_id) && (!has(plan.id) || plan.id === line.execution_plan_id)) plan.id = use("execution_plan_id");
  if (has(line.plan_intent)) plan.intent = use("plan_intent");
  if (has(line.plan_risk_level)) plan.risk_level = use("plan_risk_level");
  if (has(line.plan_steps)) {
    // kept whole in payload.interceptor too: our PlanStep has no place for `target` or the step schema version,
    // and steps without a tool (LLM-only steps) cannot be plan steps in our model
    if (!Array.isArray(line.plan_steps)) return fail("plan_steps: must be an array");
    const steps: Obj[] = [];
    for (let i = 0; i < line.plan_steps.length; i++) {
      const s = line.plan_steps[i];
      if (!isObj(s)) return fail(`plan_steps[${i}]: must be an object`);
      if (!has(s.tool_name)) continue;
      let index = i;
      if (has(s.order)) {
        if (typeof s.order !== "number" || !Number.isInteger(s.order) || s.order < 1) {
          return fail(`plan_steps[${i}].order: must be a whole number from 1`);
        }
        index = s.order - 1;
      }
      const step: Obj = { index, tool: s.tool_name };
      if (has(s.step_id)) step.id = s.step_id;
      if (has(s.intent)) step.intent = s.intent;
      if (has(s.capability)) step.capability = s.capability;
      if (has(s.parameters)) step.arguments = s.parameters;
      if (has(s.risk_level)) step.risk_level = s.risk_level;
      steps.push(step);
    }
    plan.steps = steps;
  }
  if (Object.keys(plan).length) event.plan = plan;

  if (has(line.tool_name)) event.tool = use("tool_name");
  if (has(line.arguments)) event.arguments = use("arguments");
  if (decision !== undefined) event.decision = decision;

  // reasons: the line's reason, then the evaluate step's reason chain, each once
  const reasons: string[] = [];
  const reasonSources: string[] = [];
  const addReason = (r: unknown, source: string) => {
    if (typeof r === "string" && reasons.includes(r)) return;
    reasons.push(r as string);
    reasonSources.push(source);
  };
  if (has(line.reason)) addReason(use("reason"), "reason");
  const chain = isObj(line.payload) ? line.payload.reason_chain : undefined;
  if (Array.isArray(chain)) chain.forEach((r, i) => typeof r === "string" && addReason(r, `payload.reason_chain[${i}]`));
  if (reasons.length) event.reasons = reasons;

  if (has(line.matched_rule)) event.policy = { determining: [use("matched_rule")] };

  if (has(line.provenance)) {
    if (!Array.isArray(line.provenance)) return fail("provenance: must be an array");
    let lossless = true;
    const provenance: Obj[] = [];
    for (let i = 0; i < line.provenance.length; i++) {
      const p = line.provenance[i];
      if (!isObj(p)) return fail(`provenance[${i}]: must be an object`);
      if (!has(p.source_type)) return fail(`provenance[${i}].source_type: missing`);
      if (!has(p.trust_level)) return fail(`provenance[${i}].trust_level: missing`);
      const item: Obj = { source_type: p.source_type, trust_level: p.trust_level };
      if (has(p.source_name)) item.source_name = p.source_name;
      if (has(p.origin_uri)) item.origin_uri = p.origin_uri;
      if (has(p.source_hash)) item.content_hash = p.source_hash;
      if (has(p.metadata)) item.metadata = p.metadata;
      if (Object.keys(p).some((k) => !PROVENANCE_KEYS.has(k))) lossless = false;
      provenance.push(item);
    }
    event.provenance = provenance;
    if (lossless) consumed.add("provenance");
  }

  if (has(line.risk_level)) event.risk = { level: use("risk_level") };

  const budget: Obj = {};
  if (has(line.runtime_budget)) budget.limits = use("runtime_budget");
  if (has(line.runtime_usage)) budget.usage = use("runtime_usage");
  if (has(line.runtime_violations)) budget.violations = use("runtime_violations");
  if (has(line.budget_status)) budget.status = use("budget_status");
  if (Object.keys(budget).length) event.budget = budget;

  if (has(line.estimated_cost_usd)) event.cost = { usd: use("estimated_cost_usd") };
  if (has(line.approval_id)) {
    const approval: Obj = { id: use("approval_id") };
    // what the line itself says about the approval: a request is pending; a decision the reference let through
    // because the approval was granted says `approved: true` (the approval store's file has who and when)
    if (type === "approval_required") approval.status = "pending";
    else if (type === "tool_allowed" && isObj(line.payload) && line.payload.approved === true) approval.status = "approved";
    event.approval = approval;
  }
  // a dry run (the local CLI's --dry-run, every MCP proxy evaluation) decides nothing: marked, so it is shown but
  // never counted as a decision or as usage
  event.flags = isObj(line.payload) && line.payload.dry_run === true ? ["imported", "dry_run"] : ["imported"];

  // everything else, in line order; nulls are dropped (the raw line still shows them); `context` is kept whole
  consumed.add("payload");
  for (const [key, value] of Object.entries(line)) {
    if (consumed.has(key) || value === null || value === undefined) continue;
    kept.set(key, value);
  }
  const payload: Obj = { interceptor: Object.fromEntries(kept) };
  if (has(line.payload)) payload.data = line.payload;
  event.payload = payload;

  const parsed = RuntimeEvent.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => {
      const ours = issue.path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("");
      const theirs = sourceFieldOf(issue.path, line, reasonSources);
      const where = ours && ours !== theirs ? `${theirs} (${ours})` : theirs || "line";
      return `${where}: ${issue.message}`;
    });
    return fail(problems.join("; "));
  }
  return { ok: true, event: parsed.data };
}

export type ImportLineResult =
  | { line: number; ok: true; event: RuntimeEvent; raw: string }
  | { line: number; ok: false; error: string; raw: string };

/** Deepest nesting of arrays/objects in a JSON text, read without parsing (strings are skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export type JsonlLine =
  | { line: number; raw: string; ok: true; value: Obj }
  | { line: number; raw: string; ok: false; error: string };

/**
 * The JSON objects of a JSONL file, one per non-blank line, each with its 1-based line number and its exact text
 * (without the line ending or the file's byte-order mark). A line that is not a JSON object, or nests deeper than
 * MAX_IMPORT_DEPTH, is an error of its own, so the rest of the file still reads.
 */
export function readJsonlObjects(text: string): JsonlLine[] {
  const out: JsonlLine[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i];
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    if (i === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === "") continue;
    const line = i + 1;
    const fail = (error: string): JsonlLine => ({ line, raw, ok: false, error: `line ${line}: ${error}` });
    if (nestingDepth(raw) > MAX_IMPORT_DEPTH) {
      out.push(fail(`nested deeper than ${MAX_IMPORT_DEPTH} levels`));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      out.push(fail(`not valid JSON: ${(e as Error).message}`));
      continue;
    }
    if (!isObj(value)) {
      out.push(fail(`must be a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`));
      continue;
    }
    out.push({ line, raw, ok: true, value });
  }
  return out;
}

/**
 * Maps a whole interceptor JSONL file. Each non-blank line is mapped on its own, so a malformed line is
 * reported with its 1-based line number while every other line still imports (the reference skips such lines
 * with a warning; we report them). `raw` is the line exactly as in the file, without its line ending.
 */
export function parseInterceptorJsonl(text: string, agentId: string): ImportLineResult[] {
  return readJsonlObjects(text).map((l): ImportLineResult => {
    if (!l.ok) return l;
    const mapped = mapInterceptorLine(l.value, { agentId, rawLine: l.raw });
    return mapped.ok ? { line: l.line, ok: true, event: mapped.event, raw: l.raw } : { line: l.line, ok: false, error: `line ${l.line}: ${mapped.error}`, raw: l.raw };
  });
}
