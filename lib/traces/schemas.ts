import { z } from "zod";
import { Budget, STAGES, TRUST_LEVELS, VERDICTS } from "@/engine/events/schema";
import { ForeignOriginSchema } from "@/engine/replay/schemas";
import { EventRow } from "@/lib/events/schemas";

/** Final decision filter values: a trace's last verdict, or `none` for traces without one yet. */
export const FINAL_DECISION_FILTERS = [...VERDICTS, "none"] as const;
export type FinalDecisionFilter = (typeof FINAL_DECISION_FILTERS)[number];

export const TRACE_SORTS = ["last_seen", "first_seen", "risk", "events"] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const TRACE_LIST_DEFAULT_LIMIT = 50;
export const TRACE_LIST_MAX_LIMIT = 200;

const Name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time, e.g. 2026-11-21T10:00:00Z" });
// Query strings are text; numbers are coerced and then checked.
const RiskBound = z.coerce.number({ message: "must be a number" }).finite("must be a finite number").min(0, "must be 0 or more");

/**
 * `GET /api/v1/traces` query (also the `/traces` page URL, so a filtered view is a shareable link).
 * Unknown parameters are rejected so a misspelt filter never silently returns everything.
 */
export const TraceListQuery = z
  .object({
    agent: Name.optional().describe("only traces in which this agent id took part"),
    decision: z.enum(FINAL_DECISION_FILTERS).optional().describe("final decision of the trace; `none` = no verdict yet"),
    tool: Name.optional().describe("only traces that used this tool (exact name)"),
    trust: z.enum(TRUST_LEVELS).optional().describe("only traces with provenance of this trust level"),
    risk_min: RiskBound.optional().describe("max_risk at least this"),
    risk_max: RiskBound.optional().describe("max_risk at most this"),
    from: IsoTime.optional().describe("last_seen at or after this time"),
    to: IsoTime.optional().describe("last_seen at or before this time"),
    q: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional()
      .describe("free text over tools, arguments and reasons (case-insensitive substring)"),
    sort: z.enum(TRACE_SORTS).default("last_seen"),
    order: z.enum(SORT_ORDERS).default("desc"),
    cursor: z.string().min(1, "must not be empty").max(1000, "is too long").regex(/^[A-Za-z0-9_-]+$/, "is not a cursor returned by this API").optional()
      .describe("next_cursor from the previous page; keep the same filters and sort"),
    limit: z.coerce.number({ message: "must be a number" }).int("must be an integer")
      .min(1, "must be at least 1").max(TRACE_LIST_MAX_LIMIT, `must be at most ${TRACE_LIST_MAX_LIMIT}`)
      .default(TRACE_LIST_DEFAULT_LIMIT),
  })
  .strict()
  .refine((q) => q.risk_min === undefined || q.risk_max === undefined || q.risk_min <= q.risk_max, {
    path: ["risk_max"],
    message: "must be greater than or equal to risk_min",
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ["to"],
    message: "must not be before from",
  });
export type TraceListQuery = z.infer<typeof TraceListQuery>;
/** The query as a caller writes it (everything optional, numbers may be strings). */
export type TraceListQueryInput = z.input<typeof TraceListQuery>;

/** One row of the trace list: the per-trace rollup, never the events themselves. */
export const TraceSummary = z
  .object({
    id: z.string(),
    agents: z.array(z.string()),
    tools: z.array(z.string()),
    first_seen: z.iso.datetime(),
    last_seen: z.iso.datetime(),
    event_count: z.number().int().min(0),
    final_decision: z.enum(VERDICTS).nullable().describe("last allow | block | require_approval, null when none yet"),
    final_reason: z.string().nullable(),
    max_risk: z.number().nullable().describe("highest chain risk (R_total / step risk) seen in the trace"),
    risk_thresholds: z.object({ approval: z.number(), halt: z.number() }).strict().nullable()
      .describe("the chain-risk thresholds the engine applied in this trace (null when it recorded none, e.g. an imported log)"),
    foreign: ForeignOriginSchema.shape.kind.nullable()
      .describe("set when the trace stands for a foreign or legacy log: imported (interceptor format) or outside_executor (a step ran outside Replay Audit); the trace's outcome says why"),
    plan_intent: z.string().nullable(),
    budget_status: z.string().describe("`within_budget`, or `violated` when any budget was exceeded"),
    trust_summary: z.record(z.string(), z.number().int().min(0)).describe("provenance entries per trust level"),
    trust_levels: z.array(z.string()),
    parent_trace_id: z.string().nullable(),
  })
  .strict();
export type TraceSummary = z.infer<typeof TraceSummary>;

export const TraceListResponse = z
  .object({
    traces: z.array(TraceSummary),
    next_cursor: z.string().nullable().describe("pass as `cursor` for the next page; null on the last page"),
  })
  .strict();
export type TraceListResponse = z.infer<typeof TraceListResponse>;

const IsoDate = z.iso.datetime({ offset: true });

/** An agent taking part in a trace, as registered (null fields when the agent is not registered here). */
export const TraceAgent = z
  .object({
    id: z.string(),
    registered: z.boolean(),
    name: z.string().nullable(),
    owner: z.string().nullable(),
    environment: z.string().nullable(),
    trust_level: z.string().nullable(),
  })
  .strict();
export type TraceAgent = z.infer<typeof TraceAgent>;

/** The per-trace rollup plus what a reviewer needs around it: agent identities, child traces, latest budget. */
export const TraceDetail = z
  .object({
    id: z.string(),
    agents: z.array(z.string()),
    tools: z.array(z.string()),
    trust_levels: z.array(z.string()),
    first_seen: IsoDate,
    last_seen: IsoDate,
    event_count: z.number().int().min(0),
    final_decision: z.string().nullable(),
    final_reason: z.string().nullable(),
    max_risk: z.number().nullable(),
    plan_intent: z.string().nullable(),
    budget_status: z.string(),
    trust_summary: z.record(z.string(), z.number()),
    parent_trace_id: z.string().nullable(),
    head_seq: z.number().int().min(0),
    head_hash: z.string(),
    agent: z.array(TraceAgent).describe("identity of every agent in `agents`, same order"),
    child_trace_ids: z.array(z.string()).describe("traces whose parent_trace_id is this trace, oldest first (at most 200)"),
    budget: Budget.nullable().describe("the latest budget object an event of this trace carried"),
    thresholds: z.object({ approval: z.number(), halt: z.number() }).nullable().describe("the risk thresholds the engine last applied in this trace; null when the engine never scored it"),
    stage_counts: z.record(z.string(), z.number().int()).describe("events per governance stage"),
  })
  .strict();
export type TraceDetail = z.infer<typeof TraceDetail>;

const StageList = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const stages = [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))];
    for (const st of stages) {
      if (!(STAGES as readonly string[]).includes(st)) {
        ctx.addIssue({ code: "custom", message: `unknown stage "${st}"; one or more of ${STAGES.join(", ")}, comma-separated` });
        return z.NEVER;
      }
    }
    return stages as Array<(typeof STAGES)[number]>;
  });

/** Keyset paging by chain position: `cursor` is the seq after which to continue (0 or absent = from the start). */
export const TraceEventsQuery = z
  .object({
    cursor: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    stage: StageList.optional().describe("comma-separated governance stages to keep"),
    include_raw: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  })
  .strict();
export type TraceEventsQuery = z.infer<typeof TraceEventsQuery>;

export const TraceEventsPage = z
  .object({
    events: z.array(EventRow),
    next_cursor: z.number().int().nullable().describe("pass as `cursor` for the next page; null when this page reached the end"),
  })
  .strict();
export type TraceEventsPage = z.infer<typeof TraceEventsPage>;

/** Routes of this domain, for the generated OpenAPI document. */
export const openapi = [
  {
    method: "get",
    path: "/api/v1/traces",
    summary: "List traces (filters, sort, cursor pagination), newest activity first by default",
    permission: "traces:read",
    query: TraceListQuery,
    response: TraceListResponse,
  },
  { method: "get", auth: "user", path: "/api/v1/traces/{id}", summary: "One trace: rollup, agent identities, child traces, latest budget", permission: "traces:read", response: TraceDetail },
  { method: "get", auth: "user", path: "/api/v1/traces/{id}/events", summary: "A trace's events in chain order (seq), cursor-paged", permission: "traces:read", query: TraceEventsQuery, response: TraceEventsPage },
] as const;
