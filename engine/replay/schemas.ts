import { z } from "zod";
import { BASELINE_SOURCES, COMPARE_FIELDS, GOVERNANCE_RESULTS, MISMATCH_KINDS, REPLAY_STAGES, SEVERITIES } from "./constants";

/**
 * The zod schemas of the engine's replay answers: the reconstruction's steps (`reconstructTrace`), the replay diff
 * (`replayDiff`), the trace comparison (`compareTraces`) and what-if's summary, decision views and per-trace answer.
 * They are the one home of those shapes: the engine's types are `z.infer` of these schemas (reconstruct.ts, diff.ts,
 * compare.ts and what-if.ts import and re-export them), so the wire contract (`GET /api/v1/traces/{id}/diff`,
 * `/compare`, `diff.json` in evidence, what-if runs) is what the engine returns by construction. The constants the
 * enums are made of are in constants.ts (re-exported here); this file imports no engine module, so no import cycle.
 */

export {
  BASELINE_SOURCES, COMPARE_FIELDS, GOVERNANCE_RESULTS, MISMATCH_KINDS, REPLAY_STAGES, SEVERITIES, type BaselineSource, type CompareField,
  type GovernanceResult, type MismatchKind, type ReplayStage, type Severity, type TraceVerdict,
} from "./constants";

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

const Json = z.unknown();
export const GovernanceResultSchema = z.enum(GOVERNANCE_RESULTS);
export const TraceVerdictSchema = z.enum(GOVERNANCE_RESULTS.filter((r) => r !== "not_reached") as ["violation", "review", "blocked", "enforced", "matched"]);
export const SeveritySchema = z.enum(SEVERITIES);
const SeverityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>).strict();
const ResultCounts = z.object(Object.fromEntries(GOVERNANCE_RESULTS.map((s) => [s, z.number().int()])) as Record<(typeof GOVERNANCE_RESULTS)[number], z.ZodNumber>).strict();
/** A step's decision: allow / block / require_approval / pending. */
export const DecisionValueSchema = z.enum(["allow", "block", "require_approval", "pending"]);
export type DecisionValue = z.infer<typeof DecisionValueSchema>;
/** What the step was finally allowed to do, after approvals. */
export const EffectiveDecisionSchema = z.enum(["allow", "block", "require_approval", "pending", "none"]);
export type EffectiveDecision = z.infer<typeof EffectiveDecisionSchema>;
export const StepOutcomeSchema = z.enum(["executed", "failed", "not_executed"]);
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;
/** `missing`: the trace references an approval the server does not hold (set by `markMissingApprovals`). */
export const ApprovalStatusSchema = z.enum(["pending", "approved", "denied", "expired", "unknown", "missing"]);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

const EventRefShape = { seq: z.number().int(), event_id: z.string(), type: z.string() };
/** A pointer to the event that says something, for "open in the inspector". */
export const EventRefSchema = z.object(EventRefShape).strict();
export type EventRef = z.infer<typeof EventRefSchema>;

/**
 * Why a trace holds events the engine did not write (reconstruct.ts `foreignOrigin`): the first such event, and
 * why. Only two kinds of trace may: a log imported from the reference interceptor (its decisions are the
 * interceptor's), and a trace where an executor outside Replay Audit ran a step without a capability token (its
 * execution event is the executor's own report).
 */
export const ForeignOriginSchema = z
  .object({ seq: z.number().int(), event_id: z.string(), type: z.string(), kind: z.enum(["imported", "outside_executor"]), reason: z.string() })
  .strict();
export type ForeignOrigin = z.infer<typeof ForeignOriginSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Reconstruction (reconstruct.ts): the parts of a plan step that go on the wire

export const RiskBreakdownSchema = z
  .object({
    r_step: z.number().nullable(), e: z.number().nullable(), t: z.number().nullable(), b: z.number().nullable(),
    step_risk: z.number().nullable(), r_total: z.number().nullable(), level: z.string().nullable(),
  })
  .strict();
export type RiskBreakdown = z.infer<typeof RiskBreakdownSchema>;

/** The chain-risk thresholds the engine applied (risk.scored payload.thresholds). */
export const RiskThresholdsSchema = z.object({ approval: z.number(), halt: z.number() }).strict();
export type RiskThresholds = z.infer<typeof RiskThresholdsSchema>;

export const ReplayProvenanceSchema = z
  .object({
    source_type: z.string(), trust_level: z.string(),
    /** trust as the engine treats it: unknown labels count as unverified */
    effective_trust: z.enum(["trusted", "internal", "external", "unverified"]),
    source_name: z.string().nullable(), origin_uri: z.string().nullable(), id: z.string().nullable(),
  })
  .strict();
export type ReplayProvenance = z.infer<typeof ReplayProvenanceSchema>;

/** One governance stage's verdict on a step, as recorded. */
export const StageVerdictSchema = z
  .object({
    ...EventRefShape, stage: z.enum(REPLAY_STAGES), decision: z.string().nullable(), reasons: z.array(z.string()),
    /** policy stage: the policies that determined the verdict */
    determining: z.array(z.string()),
    risk: RiskBreakdownSchema.nullable(),
    /** budget stage: violated limits */
    violations: z.array(z.string()),
    /** guard stage: score from payload.score or payload.guard.score */
    score: z.number().nullable(),
    /** risk stage: the chain-risk thresholds the engine applied (payload.thresholds) */
    thresholds: RiskThresholdsSchema.nullable(),
  })
  .strict();
export type StageVerdict = z.infer<typeof StageVerdictSchema>;

/** The decision the step got: allow / block / require_approval / pending. */
export const StepDecisionSchema = z
  .object({
    ...EventRefShape, value: DecisionValueSchema, timestamp: z.string(), tool: z.string().nullable(), reasons: z.array(z.string()), determining: z.array(z.string()),
    policy_bundle: z.string().nullable(), policy_version: z.union([z.string(), z.number()]).nullable(), risk: RiskBreakdownSchema.nullable(),
    /** arguments the decision was made for (the decision event's, else the plan step's) */
    arguments: Json,
    /** payload.arguments_hash when the engine recorded it, else sha256 of the canonical arguments */
    arguments_hash: z.string().nullable(),
    /** payload.approved_by: the approval this decision rode on (a re-submitted plan after approval) */
    approved_by: z.string().nullable(),
  })
  .strict();
export type StepDecision = z.infer<typeof StepDecisionSchema>;

export const StepApprovalSchema = z
  .object({
    id: z.string(), status: ApprovalStatusSchema,
    /** status label as recorded, when it is not one of the above */
    raw_status: z.string().nullable(),
    actor: z.string().nullable(), note: z.string().nullable(), requested_at: z.string().nullable(), decided_at: z.string().nullable(),
    requested: EventRefSchema.nullable(), decided: EventRefSchema.nullable(),
  })
  .strict();
export type StepApproval = z.infer<typeof StepApprovalSchema>;

export const GrantSchema = z.object({ ...EventRefShape, token_jti: z.string(), source: z.enum(["decision", "capability.granted"]) }).strict();
export type Grant = z.infer<typeof GrantSchema>;

export const ExecutionSchema = z
  .object({
    ...EventRefShape, timestamp: z.string(), outcome: z.enum(["succeeded", "failed"]), tool: z.string().nullable(), step: z.number().int().nullable(),
    arguments: Json,
    /** sha256 of the canonical arguments (null when the report carries none) */
    arguments_hash: z.string().nullable(),
    token_jti: z.string().nullable(), error: z.string().nullable(),
    /** how this execution was tied to its step; null for executions that match no step */
    matched_by: z.enum(["token_jti", "parent_id", "step_tool"]).nullable(),
  })
  .strict();
export type Execution = z.infer<typeof ExecutionSchema>;

export const FlagSchema = z.object({ ...EventRefShape, reasons: z.array(z.string()), step: z.number().int().nullable(), tool: z.string().nullable(), token_jti: z.string().nullable() }).strict();
export type Flag = z.infer<typeof FlagSchema>;
export const BudgetViolationSchema = z.object({ ...EventRefShape, step: z.number().int().nullable(), tool: z.string().nullable(), violations: z.array(z.string()) }).strict();
export type BudgetViolation = z.infer<typeof BudgetViolationSchema>;

export const ReplayStepSchema = z
  .object({
    /** `${plan key}#${index}` — unique in the trace */
    key: z.string(),
    plan_key: z.string(), index: z.number().int(),
    /** false for a step only decisions or executions name (not in the plan's step list) */
    planned: z.boolean(),
    tool: z.string(), intent: z.string().nullable(),
    capability: z.string().nullable(), arguments: Json, provenance: z.array(ReplayProvenanceSchema), stages: z.array(StageVerdictSchema),
    /** the step's decision (the last deciding event for it in this plan); null when it was never decided */
    decision: StepDecisionSchema.nullable(),
    /** earlier decisions for the same step in the same plan, oldest first */
    earlier_decisions: z.array(StepDecisionSchema),
    approval: StepApprovalSchema.nullable(),
    grants: z.array(GrantSchema),
    executions: z.array(ExecutionSchema),
    /** tool.skipped and similar reports that the step did not run */
    skipped: z.array(EventRefSchema),
    budget_violations: z.array(BudgetViolationSchema), unauthorized: z.array(FlagSchema),
    /** a later plan re-evaluated this step (same index and tool): its key */
    superseded_by: z.string().nullable(),
    /** every event tied to this step, by seq */
    event_seqs: z.array(z.number().int()),
  })
  .strict();
export type ReplayStep = z.infer<typeof ReplayStepSchema>;

/** Explain / dry-run results: shown, never counted as decisions. */
export const AdvisorySchema = z
  .object({
    ...EventRefShape, kind: z.enum(["explain", "dry_run"]), evaluation_id: z.string().nullable(), decision: z.string().nullable(),
    step: z.number().int().nullable(), tool: z.string().nullable(), reasons: z.array(z.string()),
  })
  .strict();
export type Advisory = z.infer<typeof AdvisorySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Replay diff (diff.ts)

/** A differing argument key; `decided` / `executed` is absent when the key is missing on that side. */
export const ArgumentDiffSchema = z.object({ key: z.string(), decided: Json.optional(), executed: Json.optional() }).strict();
export type ArgumentDiff = z.infer<typeof ArgumentDiffSchema>;

export const MismatchSchema = z
  .object({
    kind: z.enum(MISMATCH_KINDS), severity: SeveritySchema, message: z.string(),
    /** step key, or null for trace-level findings */
    step_key: z.string().nullable(),
    /** the event that shows it (open it in the inspector) */
    event: EventRefSchema,
    expected: z.string().nullable(), actual: z.string().nullable(),
    /** execution_differs on arguments: top-level keys whose values differ (canonical JSON compared) */
    argument_diffs: z.array(ArgumentDiffSchema).optional(),
  })
  .strict();
export type Mismatch = z.infer<typeof MismatchSchema>;

export const StepDiffSchema = z
  .object({
    step: ReplayStepSchema, effective_decision: EffectiveDecisionSchema, outcome: StepOutcomeSchema, mismatches: z.array(MismatchSchema), result: GovernanceResultSchema,
    /** one sentence a reviewer can read: why this result */
    explanation: z.string(),
  })
  .strict();
export type StepDiff = z.infer<typeof StepDiffSchema>;

/** A plan of the reconstruction (its fields but `steps`, as in `ReplayPlan`) with its steps diffed and a result. */
export const PlanDiffSchema = z
  .object({
    ...EventRefShape,
    /** payload.evaluation_id ?? plan.id ?? event id (suffixed with @seq if the same key was used before) */
    key: z.string(),
    plan_id: z.string().nullable(), evaluation_id: z.string().nullable(),
    /** engine = plan.submitted written by the decision API; agent = a plan the agent sent; implicit = steps with no plan event */
    source: z.enum(["engine", "agent", "implicit"]),
    timestamp: z.string().nullable(), intent: z.string().nullable(), risk_level: z.string().nullable(), steps: z.array(StepDiffSchema),
    /** evaluation.completed: the plan's overall outcome */
    outcome: z.object({ ...EventRefShape, decision: z.string().nullable(), reasons: z.array(z.string()) }).strict().nullable(),
    result: GovernanceResultSchema.nullable(),
  })
  .strict();
export type PlanDiff = z.infer<typeof PlanDiffSchema>;

/** A plan of the reconstruction: PlanDiff's fields with the steps undiffed (not on the wire itself). */
export type ReplayPlan = Omit<PlanDiff, "steps" | "result"> & { steps: ReplayStep[] };

/** `replayDiff(events)`: per step of every plan, planned vs decided vs executed, with mismatches and a verdict. */
export const TraceReplayDiffSchema = z
  .object({
    trace_id: z.string().nullable(), event_count: z.number().int(), verdict: TraceVerdictSchema, verdict_reason: z.string(), summary: z.string(),
    counts: z.object({ plans: z.number().int(), steps: z.number().int(), executions: z.number().int(), results: ResultCounts, severities: SeverityCounts }).strict(),
    plans: z.array(PlanDiffSchema),
    /** findings not tied to a step: executions matching no step, unplaced server flags, trace-level budget */
    trace_mismatches: z.array(MismatchSchema),
    unmatched_executions: z.array(ExecutionSchema), advisories: z.array(AdvisorySchema),
    /** the trace holds events the engine did not write (an imported log, an outside executor): which and why */
    foreign: ForeignOriginSchema.nullable(),
  })
  .strict();
export type TraceReplayDiff = z.infer<typeof TraceReplayDiffSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Trace compare (compare.ts)

export const CompareStepSchema = z
  .object({
    key: z.string(), plan_key: z.string(), index: z.number().int(), tool: z.string(), intent: z.string().nullable(), arguments: Json,
    provenance: z.array(ReplayProvenanceSchema), decision: z.string().nullable(), effective_decision: EffectiveDecisionSchema, determining: z.array(z.string()),
    reasons: z.array(z.string()), risk: z.object({ step_risk: z.number().nullable(), r_total: z.number().nullable() }).strict().nullable(),
    outcome: StepOutcomeSchema, result: GovernanceResultSchema, mismatches: z.number().int(), worst_severity: SeveritySchema.nullable(),
    /** the event to open for this step: its decision, else its first event */
    event: EventRefSchema.nullable(),
  })
  .strict();
export type CompareStep = z.infer<typeof CompareStepSchema>;

export const CompareSideSchema = z
  .object({
    trace_id: z.string().nullable(), event_count: z.number().int(), plans: z.number().int(), steps: z.number().int(), verdict: TraceVerdictSchema,
    verdict_reason: z.string(), severities: SeverityCounts,
  })
  .strict();
export type CompareSide = z.infer<typeof CompareSideSchema>;

const Field = z.enum(COMPARE_FIELDS);

/** A differing argument key; `a` / `b` is absent when the key is missing on that side. */
export const KeyDiffSchema = z.object({ key: z.string(), a: Json.optional(), b: Json.optional() }).strict();
export type KeyDiff = z.infer<typeof KeyDiffSchema>;

export const ProvenanceDiffSchema = z
  .object({
    /** sources (`source_type:name @ origin_uri`) present only in a / only in b */
    only_a: z.array(ReplayProvenanceSchema), only_b: z.array(ReplayProvenanceSchema),
    /** same source, different trust level */
    trust_changed: z.array(z.object({ source: z.string(), a: z.string(), b: z.string() }).strict()),
  })
  .strict();
export type ProvenanceDiff = z.infer<typeof ProvenanceDiffSchema>;

export const AlignedPairSchema = z
  .object({
    status: z.enum(["same", "changed", "only_a", "only_b"]), a: CompareStepSchema.nullable(), b: CompareStepSchema.nullable(),
    /** fields that differ (empty for same / only_*) */
    changed: z.array(Field),
    arguments: z.array(KeyDiffSchema),
    provenance: ProvenanceDiffSchema.nullable(),
  })
  .strict();
export type AlignedPair = z.infer<typeof AlignedPairSchema>;

/** `compareTraces(a, b)`: two traces' steps aligned side by side with their differences. */
export const TraceComparisonSchema = z
  .object({
    a: CompareSideSchema,
    b: CompareSideSchema,
    pairs: z.array(AlignedPairSchema),
    summary: z
      .object({
        same: z.number().int(), changed: z.number().int(), only_a: z.number().int(), only_b: z.number().int(),
        fields: z.object(Object.fromEntries(COMPARE_FIELDS.map((f) => [f, z.number().int()])) as Record<(typeof COMPARE_FIELDS)[number], z.ZodNumber>).strict(),
      })
      .strict(),
    /** how the steps were aligned: "lcs", or "position" when the traces were too long for a full LCS in between */
    alignment: z.enum(["lcs", "position"]),
  })
  .strict();
export type TraceComparison = z.infer<typeof TraceComparisonSchema>;

// ---------------------------------------------------------------------------------------------------------------
// What-if (what-if.ts)

/** One decision as what-if shows it (recorded, baseline or candidate). */
export const DecisionViewSchema = z
  .object({
    decision: DecisionValueSchema,
    reasons: z.array(z.string()),
    determining: z.array(z.string()).describe("determining policies"),
    step_risk: z.number().nullable(),
    r_total: z.number().nullable(),
  })
  .strict();
export type DecisionView = z.infer<typeof DecisionViewSchema>;

/** The engine's what-if counts over the traces re-decided (`whatIfTrace(...).summary`, summed by `addSummary`). */
export const WhatIfSummarySchema = z
  .object({
    evaluations: z.number().int().describe("recorded evaluations (plans, or single decisions) re-run"),
    steps: z.number().int().describe("steps with a recorded decision, compared"),
    unchanged: z.number().int().describe("recorded = baseline = candidate"),
    unrecorded: z.number().int().describe("plan steps without a recorded decision: re-evaluated, not compared"),
    flips: z.record(z.string(), z.number().int()).describe('changed_by_candidate by kind baseline→candidate, e.g. { "allow→block": 3 }'),
    recorded_differs: z.record(z.string(), z.number().int()).describe("recorded_differs by kind recorded→engine"),
    recorded_differs_foreign: z.number().int().describe("recorded_differs steps on traces labelled foreign (an imported log, an outside executor): explained by that label"),
    baselines: z.record(z.string(), z.object({ source: z.enum(BASELINE_SOURCES), steps: z.number().int() }).strict()).describe('compared steps per baseline bundle, e.g. { "production v1": { source: "recorded_version", steps: 2600 } }'),
    traces: z
      .object({
        compared: z.number().int(), unchanged: z.number().int(), changed_by_candidate: z.number().int(), recorded_differs: z.number().int(),
        foreign: z.number().int().describe("traces labelled foreign"),
      })
      .strict()
      .describe("traces by the class of their own answer: recorded = the trace's outcome (what the list shows), baseline and candidate = that outcome with the engine's step decisions"),
    errors: z.number().int().describe("evaluations the engine could not re-run"),
  })
  .strict();
export type WhatIfSummary = z.infer<typeof WhatIfSummarySchema>;

/**
 * A step's (and a trace's) what-if class: `changed_by_candidate` (baseline ≠ candidate: the policy change moves
 * it), `recorded_differs` (baseline ≠ recorded but candidate = baseline: the record was not made by this
 * engine/bundle) or `unchanged`.
 */
export const StepClassSchema = z.enum(["changed_by_candidate", "recorded_differs", "unchanged"]);
export type StepClass = z.infer<typeof StepClassSchema>;

/** One trace's what-if answer (`WhatIfReplayer.trace`): as recorded (`traceOutcome`, what the list, header and diff show) and as re-decided. */
export const TraceWhatIfSchema = z
  .object({
    trace_id: z.string(),
    recorded: z.object({ decision: DecisionValueSchema.nullable(), verdict: TraceVerdictSchema, reason: z.string().nullable() }).strict(),
    /** `traceOutcome`'s rule over the recorded trace with the baseline's / candidate's decision on each compared step */
    baseline: DecisionValueSchema.nullable(),
    candidate: DecisionValueSchema.nullable(),
    class: StepClassSchema,
    /** the trace stands for a foreign or legacy log: a recorded ≠ engine here is explained by it */
    foreign: ForeignOriginSchema.nullable(),
    /** steps compared */
    steps: z.number().int(),
  })
  .strict();
export type TraceWhatIf = z.infer<typeof TraceWhatIfSchema>;

/** A compared step's trace (`FlipDetail.trace`, stored with each flip): its recorded decision (traceOutcome's), the re-decided ones, and its foreign label. */
export const FlipTraceSchema = z
  .object({
    recorded: DecisionValueSchema.nullable().describe("the trace's recorded decision: its outcome, as the trace list, header and diff show it"),
    baseline: DecisionValueSchema.nullable().describe("the same rule with the baseline's step decisions"),
    candidate: DecisionValueSchema.nullable().describe("the same rule with the candidate's step decisions"),
    foreign: ForeignOriginSchema.nullable().describe("the trace stands for a foreign or legacy log: a recorded ≠ engine here is explained by it"),
  })
  .strict();
export type FlipTrace = z.infer<typeof FlipTraceSchema>;
