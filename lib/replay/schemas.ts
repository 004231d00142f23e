import { z } from "zod";
import { COMPARE_FIELDS } from "@/engine/replay/compare";
import { GOVERNANCE_RESULTS, MISMATCH_KINDS, SEVERITIES } from "@/engine/replay/diff";
import { REPLAY_STAGES } from "@/engine/replay/reconstruct";
import { TraceOutcomeSchema } from "@/engine/replay/trace-outcome-schema";

/**
 * Contract of the replay diff and trace compare reads: `GET /api/v1/traces/{id}/diff` and
 * `GET /api/v1/traces/compare?a=&b=`. The shapes are the engine's (engine/replay/*); these schemas pin them for
 * clients and tests (API tests parse responses with them).
 */

/** Most events of one trace a diff or compare reads; beyond it the response says `truncated: true`. */
export const REPLAY_EVENT_LIMIT = 20_000;

const Json = z.unknown();
const Result = z.enum(GOVERNANCE_RESULTS);
const Verdict = z.enum(GOVERNANCE_RESULTS.filter((r) => r !== "not_reached") as ["violation", "review", "blocked", "enforced", "matched"]);
const Severity = z.enum(SEVERITIES);
const SeverityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>).strict();
const ResultCounts = z.object(Object.fromEntries(GOVERNANCE_RESULTS.map((s) => [s, z.number().int()])) as Record<(typeof GOVERNANCE_RESULTS)[number], z.ZodNumber>).strict();
const DecisionValue = z.enum(["allow", "block", "require_approval", "pending"]);
const Effective = z.enum(["allow", "block", "require_approval", "pending", "none"]);
const Outcome = z.enum(["executed", "failed", "not_executed"]);

const EventRefShape = { seq: z.number().int(), event_id: z.string(), type: z.string() };
export const EventRef = z.object(EventRefShape).strict();

const Risk = z
  .object({
    r_step: z.number().nullable(), e: z.number().nullable(), t: z.number().nullable(), b: z.number().nullable(),
    step_risk: z.number().nullable(), r_total: z.number().nullable(), level: z.string().nullable(),
  })
  .strict();

export const ReplayProvenance = z
  .object({
    source_type: z.string(), trust_level: z.string(), effective_trust: z.enum(["trusted", "internal", "external", "unverified"]),
    source_name: z.string().nullable(), origin_uri: z.string().nullable(), id: z.string().nullable(),
  })
  .strict();

const StageVerdict = z
  .object({
    ...EventRefShape, stage: z.enum(REPLAY_STAGES), decision: z.string().nullable(), reasons: z.array(z.string()), determining: z.array(z.string()),
    risk: Risk.nullable(), violations: z.array(z.string()), score: z.number().nullable(),
    thresholds: z.object({ approval: z.number(), halt: z.number() }).strict().nullable(),
  })
  .strict();

const StepDecision = z
  .object({
    ...EventRefShape, value: DecisionValue, timestamp: z.string(), tool: z.string().nullable(), reasons: z.array(z.string()), determining: z.array(z.string()),
    policy_bundle: z.string().nullable(), policy_version: z.union([z.string(), z.number()]).nullable(), risk: Risk.nullable(),
    arguments: Json.optional(), arguments_hash: z.string().nullable(), approved_by: z.string().nullable(),
  })
  .strict();

const StepApproval = z
  .object({
    id: z.string(), status: z.enum(["pending", "approved", "denied", "expired", "unknown", "missing"]), raw_status: z.string().nullable(),
    actor: z.string().nullable(), note: z.string().nullable(), requested_at: z.string().nullable(), decided_at: z.string().nullable(),
    requested: EventRef.nullable(), decided: EventRef.nullable(),
  })
  .strict();

export const Execution = z
  .object({
    ...EventRefShape, timestamp: z.string(), outcome: z.enum(["succeeded", "failed"]), tool: z.string().nullable(), step: z.number().int().nullable(),
    arguments: Json.optional(), arguments_hash: z.string().nullable(), token_jti: z.string().nullable(), error: z.string().nullable(),
    matched_by: z.enum(["token_jti", "parent_id", "step_tool"]).nullable(),
  })
  .strict();

const Flag = z.object({ ...EventRefShape, reasons: z.array(z.string()), step: z.number().int().nullable(), tool: z.string().nullable(), token_jti: z.string().nullable() }).strict();
const BudgetViolation = z.object({ ...EventRefShape, step: z.number().int().nullable(), tool: z.string().nullable(), violations: z.array(z.string()) }).strict();

const ReplayStep = z
  .object({
    key: z.string(), plan_key: z.string(), index: z.number().int(), planned: z.boolean(), tool: z.string(), intent: z.string().nullable(),
    capability: z.string().nullable(), arguments: Json.optional(), provenance: z.array(ReplayProvenance), stages: z.array(StageVerdict),
    decision: StepDecision.nullable(), earlier_decisions: z.array(StepDecision), approval: StepApproval.nullable(),
    grants: z.array(z.object({ ...EventRefShape, token_jti: z.string(), source: z.enum(["decision", "capability.granted"]) }).strict()),
    executions: z.array(Execution), skipped: z.array(EventRef), budget_violations: z.array(BudgetViolation), unauthorized: z.array(Flag),
    superseded_by: z.string().nullable(), event_seqs: z.array(z.number().int()),
  })
  .strict();

export const Mismatch = z
  .object({
    kind: z.enum(MISMATCH_KINDS), severity: Severity, message: z.string(), step_key: z.string().nullable(), event: EventRef,
    expected: z.string().nullable(), actual: z.string().nullable(),
    argument_diffs: z.array(z.object({ key: z.string(), decided: Json.optional(), executed: Json.optional() }).strict()).optional(),
  })
  .strict();

const StepDiff = z
  .object({ step: ReplayStep, effective_decision: Effective, outcome: Outcome, mismatches: z.array(Mismatch), result: Result, explanation: z.string() })
  .strict();

const PlanDiff = z
  .object({
    ...EventRefShape, key: z.string(), plan_id: z.string().nullable(), evaluation_id: z.string().nullable(), source: z.enum(["engine", "agent", "implicit"]),
    timestamp: z.string().nullable(), intent: z.string().nullable(), risk_level: z.string().nullable(), steps: z.array(StepDiff),
    outcome: z.object({ ...EventRefShape, decision: z.string().nullable(), reasons: z.array(z.string()) }).strict().nullable(),
    result: Result.nullable(),
  })
  .strict();

const Advisory = z
  .object({
    ...EventRefShape, kind: z.enum(["explain", "dry_run"]), evaluation_id: z.string().nullable(), decision: z.string().nullable(),
    step: z.number().int().nullable(), tool: z.string().nullable(), reasons: z.array(z.string()),
  })
  .strict();

export const TraceReplayDiff = z
  .object({
    trace_id: z.string().nullable(), event_count: z.number().int(), verdict: Verdict, verdict_reason: z.string(), summary: z.string(),
    counts: z.object({ plans: z.number().int(), steps: z.number().int(), executions: z.number().int(), results: ResultCounts, severities: SeverityCounts }).strict(),
    plans: z.array(PlanDiff), trace_mismatches: z.array(Mismatch), unmatched_executions: z.array(Execution), advisories: z.array(Advisory),
  })
  .strict();

/** `GET /api/v1/traces/{id}/diff` */
export const TraceDiffResponse = z
  .object({
    trace_id: z.string(),
    event_limit: z.number().int().describe("most events read; a longer trace is diffed over its first event_limit events"),
    truncated: z.boolean().describe("true when the trace has more events than event_limit"),
    diff: TraceReplayDiff,
    outcome: TraceOutcomeSchema.describe("the trace's one answer (engine/replay/trace-outcome.ts): what the list, header, timeline, Plan tab and report show"),
  })
  .strict();
export type TraceDiffResponse = z.infer<typeof TraceDiffResponse>;

/** `GET /api/v1/traces/{id}/outcome`: the trace's answer and, per step, its label and the seqs of its events (timeline headers). */
export const TraceOutcomeResponse = z
  .object({
    trace_id: z.string(),
    truncated: z.boolean().describe("true when the trace has more events than the replay limit"),
    outcome: TraceOutcomeSchema.omit({ steps: true }),
    steps: z.array(z.object({
      key: z.string(), effective: z.string(), label: z.string(), seqs: z.array(z.number().int()).describe("the events of this step, by seq"),
    }).strict()),
  })
  .strict();
export type TraceOutcomeResponse = z.infer<typeof TraceOutcomeResponse>;

const CompareStep = z
  .object({
    key: z.string(), plan_key: z.string(), index: z.number().int(), tool: z.string(), intent: z.string().nullable(), arguments: Json,
    provenance: z.array(ReplayProvenance), decision: z.string().nullable(), effective_decision: Effective, determining: z.array(z.string()),
    reasons: z.array(z.string()), risk: z.object({ step_risk: z.number().nullable(), r_total: z.number().nullable() }).strict().nullable(),
    outcome: Outcome, result: Result, mismatches: z.number().int(), worst_severity: Severity.nullable(), event: EventRef.nullable(),
  })
  .strict();

const CompareSide = z
  .object({
    trace_id: z.string().nullable(), event_count: z.number().int(), plans: z.number().int(), steps: z.number().int(), verdict: Verdict,
    verdict_reason: z.string(), severities: SeverityCounts,
  })
  .strict();

const Field = z.enum(COMPARE_FIELDS);
export const TraceComparison = z
  .object({
    a: CompareSide,
    b: CompareSide,
    pairs: z.array(
      z.object({
        status: z.enum(["same", "changed", "only_a", "only_b"]), a: CompareStep.nullable(), b: CompareStep.nullable(), changed: z.array(Field),
        arguments: z.array(z.object({ key: z.string(), a: Json.optional(), b: Json.optional() }).strict()),
        provenance: z
          .object({
            only_a: z.array(ReplayProvenance), only_b: z.array(ReplayProvenance),
            trust_changed: z.array(z.object({ source: z.string(), a: z.string(), b: z.string() }).strict()),
          })
          .strict()
          .nullable(),
      }).strict(),
    ),
    summary: z
      .object({
        same: z.number().int(), changed: z.number().int(), only_a: z.number().int(), only_b: z.number().int(),
        fields: z.object(Object.fromEntries(COMPARE_FIELDS.map((f) => [f, z.number().int()])) as Record<(typeof COMPARE_FIELDS)[number], z.ZodNumber>).strict(),
      })
      .strict(),
    alignment: z.enum(["lcs", "position"]),
  })
  .strict();

const TraceIdParam = z
  .string({ message: "is required: a trace id" })
  .trim()
  .min(1, "is required: a trace id")
  .max(200, "must be at most 200 characters");

/** `GET /api/v1/traces/compare` query: the two traces to compare. */
export const CompareQuery = z.object({ a: TraceIdParam.describe("trace shown on the left"), b: TraceIdParam.describe("trace shown on the right") }).strict();
export type CompareQuery = z.infer<typeof CompareQuery>;

/** `GET /api/v1/traces/compare` */
export const CompareResponse = z
  .object({
    event_limit: z.number().int(),
    truncated: z.object({ a: z.boolean(), b: z.boolean() }).strict().describe("which side had more events than event_limit"),
    comparison: TraceComparison,
  })
  .strict();
export type CompareResponse = z.infer<typeof CompareResponse>;

export const openapi = [
  {
    method: "get",
    path: "/api/v1/traces/{id}/diff",
    summary: "Replay diff of one trace: per step of every plan, planned intent vs decision vs execution, mismatches with severity, governance result per step and for the trace",
    permission: "traces:read",
    response: TraceDiffResponse,
  },
  {
    method: "get",
    path: "/api/v1/traces/{id}/outcome",
    summary: "The trace's one answer (decision, reason, verdict, max risk against the applied thresholds, approvals) and each step's outcome label with its event seqs",
    permission: "traces:read",
    response: TraceOutcomeResponse,
  },
  {
    method: "get",
    path: "/api/v1/traces/compare",
    summary: "Compare two traces: steps aligned side by side (LCS on tool names), differences in tool, arguments, provenance, decision, risk and outcome",
    permission: "traces:read",
    query: CompareQuery,
    response: CompareResponse,
  },
] as const;
