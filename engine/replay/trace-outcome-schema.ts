import { z } from "zod";
import { GOVERNANCE_RESULTS } from "./diff";
import type { TraceOutcome } from "./trace-outcome";

/** The wire shape of `TraceOutcome` (diff and plan answers carry it); the type check below keeps both in step. */
const Decision = z.enum(["allow", "block", "require_approval", "pending"]);
/** `ForeignOrigin` (reconstruct.ts): the first event the engine did not write, and why the trace holds it. */
export const ForeignOriginSchema = z
  .object({ seq: z.number().int(), event_id: z.string(), type: z.string(), kind: z.enum(["imported", "outside_executor"]), reason: z.string() })
  .strict();
const ApprovalStatus = z.enum(["pending", "approved", "denied", "expired", "unknown", "missing"]);
export const TraceOutcomeSchema = z
  .object({
    verdict: z.enum(GOVERNANCE_RESULTS.filter((r) => r !== "not_reached") as ["violation", "review", "blocked", "enforced", "matched"]),
    verdict_reason: z.string(),
    decision: Decision.nullable(),
    reason: z.string().nullable(),
    decision_seq: z.number().int(),
    max_risk: z.number().nullable(),
    thresholds: z.object({ approval: z.number(), halt: z.number() }).strict().nullable(),
    risk_level: z.enum(["below", "approval", "halt"]).nullable(),
    approvals: z.array(z.object({ id: z.string(), status: ApprovalStatus, step_key: z.string() }).strict()),
    foreign: ForeignOriginSchema.nullable().describe("set when the trace stands for a foreign or legacy log: why its records are not all the engine's"),
    steps: z.array(z.object({
      key: z.string(), plan_key: z.string(), index: z.number().int(), tool: z.string(), recorded: Decision.nullable(),
      effective: z.enum(["allow", "block", "require_approval", "pending", "none"]),
      approval: z.object({ id: z.string(), status: ApprovalStatus, actor: z.string().nullable() }).strict().nullable(),
      outcome: z.enum(["executed", "failed", "not_executed"]), result: z.enum(GOVERNANCE_RESULTS), superseded: z.boolean(),
      label: z.string(), explanation: z.string(),
    }).strict()),
  })
  .strict();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _inStep: Same<z.infer<typeof TraceOutcomeSchema>, TraceOutcome> = true;
void _inStep;
