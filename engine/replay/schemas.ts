import { z } from "zod";
import { COMPARE_FIELDS, type TraceComparison as TraceComparisonType } from "./compare";
import { GOVERNANCE_RESULTS, MISMATCH_KINDS, SEVERITIES, type TraceReplayDiff as TraceReplayDiffType } from "./diff";
import { REPLAY_STAGES, type Reconstruction } from "./reconstruct";
import { ForeignOriginSchema } from "./trace-outcome-schema";
import type { DecisionView as DecisionViewType, WhatIfSummary as WhatIfSummaryType } from "./what-if";

/**
 * The zod schemas of the engine's replay answers: the replay diff (`replayDiff`), the trace comparison
 * (`compareTraces`) and the what-if summary, beside the code that builds them. The engine's types and these schemas
 * are checked against each other at compile time (`Same<>` at the bottom), so the wire contract (`GET
 * /api/v1/traces/{id}/diff`, `/compare`, `diff.json` in evidence) cannot drift from what the engine returns.
 */

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
    arguments: Json, arguments_hash: z.string().nullable(), approved_by: z.string().nullable(),
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
    arguments: Json, arguments_hash: z.string().nullable(), token_jti: z.string().nullable(), error: z.string().nullable(),
    matched_by: z.enum(["token_jti", "parent_id", "step_tool"]).nullable(),
  })
  .strict();

const Flag = z.object({ ...EventRefShape, reasons: z.array(z.string()), step: z.number().int().nullable(), tool: z.string().nullable(), token_jti: z.string().nullable() }).strict();
const BudgetViolation = z.object({ ...EventRefShape, step: z.number().int().nullable(), tool: z.string().nullable(), violations: z.array(z.string()) }).strict();

export const ReplayStep = z
  .object({
    key: z.string(), plan_key: z.string(), index: z.number().int(), planned: z.boolean(), tool: z.string(), intent: z.string().nullable(),
    capability: z.string().nullable(), arguments: Json, provenance: z.array(ReplayProvenance), stages: z.array(StageVerdict),
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

/** `replayDiff(events)`: per step of every plan, planned vs decided vs executed, with mismatches and a verdict. */
export const TraceReplayDiff = z
  .object({
    trace_id: z.string().nullable(), event_count: z.number().int(), verdict: Verdict, verdict_reason: z.string(), summary: z.string(),
    counts: z.object({ plans: z.number().int(), steps: z.number().int(), executions: z.number().int(), results: ResultCounts, severities: SeverityCounts }).strict(),
    plans: z.array(PlanDiff), trace_mismatches: z.array(Mismatch), unmatched_executions: z.array(Execution), advisories: z.array(Advisory),
    foreign: ForeignOriginSchema.nullable(),
  })
  .strict();

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

/** `compareTraces(a, b)`: two traces' steps aligned side by side with their differences. */
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

export const BASELINE_SOURCES = ["recorded_version", "active_now", "no_bundle", "record"] as const;

/** One decision as what-if shows it (recorded, baseline or candidate). */
export const WhatIfDecisionView = z
  .object({
    decision: DecisionValue,
    reasons: z.array(z.string()),
    determining: z.array(z.string()).describe("determining policies"),
    step_risk: z.number().nullable(),
    r_total: z.number().nullable(),
  })
  .strict();

/** The engine's what-if counts over the traces re-decided (`whatIfTrace(...).summary`, summed by `addSummary`). */
export const WhatIfSummary = z
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

// the schemas and the engine's types must describe the same objects: a field added to one and not the other fails tsc
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<z.infer<typeof TraceReplayDiff>, TraceReplayDiffType>,
  Same<z.infer<typeof TraceComparison>, TraceComparisonType>,
  Same<z.infer<typeof ReplayStep>, Reconstruction["plans"][number]["steps"][number]>,
  Same<z.infer<typeof WhatIfSummary>, WhatIfSummaryType>,
  Same<z.infer<typeof WhatIfDecisionView>, DecisionViewType>,
] = [true, true, true, true, true];
void checks;
