import { z } from "zod";
import {
  ApprovalStatusSchema, DecisionValueSchema, EffectiveDecisionSchema, ForeignOriginSchema, GovernanceResultSchema, RiskThresholdsSchema, StepOutcomeSchema,
  TraceVerdictSchema,
} from "./schemas";

/**
 * The wire shape of the trace's one answer (diff and plan answers carry it). `TraceOutcome` and its step summary are
 * `z.infer` of these schemas (trace-outcome.ts imports and re-exports them), so the answer and its contract are one.
 */

/** The engine's recorded verdict for a step, and the trace's decision: allow / block / require_approval / pending. */
export type TraceDecision = z.infer<typeof DecisionValueSchema>;

export const StepOutcomeSummarySchema = z
  .object({
    key: z.string(), plan_key: z.string(), index: z.number().int(), tool: z.string(),
    /** the engine's recorded verdict for the step, before people acted on it */
    recorded: DecisionValueSchema.nullable(),
    /** after approvals: approved → allow, denied / expired → block */
    effective: EffectiveDecisionSchema,
    approval: z.object({ id: z.string(), status: ApprovalStatusSchema, actor: z.string().nullable() }).strict().nullable(),
    outcome: StepOutcomeSchema, result: GovernanceResultSchema,
    /** a later plan decided this step again; its decision here no longer counts */
    superseded: z.boolean(),
    /** what a step header says: "Approved · executed", "Blocked", "Awaiting approval", … */
    label: z.string(),
    explanation: z.string(),
  })
  .strict();
export type StepOutcomeSummary = z.infer<typeof StepOutcomeSummarySchema>;

export const TraceOutcomeSchema = z
  .object({
    verdict: TraceVerdictSchema,
    verdict_reason: z.string(),
    /** the most restrictive effective decision of the steps that count; null when nothing was decided */
    decision: DecisionValueSchema.nullable(),
    reason: z.string().nullable(),
    /** seq of the event that recorded the deciding step's decision (0 when none) */
    decision_seq: z.number().int(),
    max_risk: z.number().nullable(),
    /** the thresholds the engine applied in this trace (risk.scored payload), null when it recorded none */
    thresholds: RiskThresholdsSchema.nullable(),
    risk_level: z.enum(["below", "approval", "halt"]).nullable(),
    approvals: z.array(z.object({ id: z.string(), status: ApprovalStatusSchema, step_key: z.string() }).strict()),
    /**
     * Set when the trace stands for a foreign or legacy log (an interceptor import, an executor outside Replay Audit):
     * its recorded decisions or runs are not all the engine's, and every view says so beside this answer.
     */
    foreign: ForeignOriginSchema.nullable().describe("set when the trace stands for a foreign or legacy log: why its records are not all the engine's"),
    steps: z.array(StepOutcomeSummarySchema),
  })
  .strict();
export type TraceOutcome = z.infer<typeof TraceOutcomeSchema>;
