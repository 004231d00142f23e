import { z } from "zod";
import { TraceComparisonSchema, TraceReplayDiffSchema } from "@/engine/replay/schemas";
import { TraceOutcomeSchema } from "@/engine/replay/trace-outcome-schema";

/**
 * Contract of the replay diff and trace compare reads: `GET /api/v1/traces/{id}/diff` and
 * `GET /api/v1/traces/compare?a=&b=`. The answers' shapes are the engine's own schemas (engine/replay/schemas.ts);
 * this file adds only the routes' envelopes and query.
 */

/** Most events of one trace a diff or compare reads; beyond it the response says `truncated: true`. */
export const REPLAY_EVENT_LIMIT = 20_000;

/** `GET /api/v1/traces/{id}/diff` */
export const TraceDiffResponse = z
  .object({
    trace_id: z.string(),
    event_limit: z.number().int().describe("most events read; a longer trace is diffed over its first event_limit events"),
    truncated: z.boolean().describe("true when the trace has more events than event_limit"),
    diff: TraceReplayDiffSchema,
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
    comparison: TraceComparisonSchema,
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
