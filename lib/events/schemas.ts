import { z } from "zod";
import { Budget, RuntimeEvent, STAGES } from "@/engine/events/schema";

/**
 * Read-side contract of one trace and its events: `GET /api/v1/traces/{id}`, `GET /api/v1/traces/{id}/events`,
 * `GET /api/v1/events/{id}`. Types come from these schemas; API tests parse responses with them.
 */

const IsoDate = z.iso.datetime({ offset: true });
const EventFormat = z.enum(["native", "interceptor", "system"]);

/** One stored event: chain position and hashes, the event in our model (`event`) and the bytes received (`raw`). */
export const StoredEvent = z
  .object({
    id: z.string(),
    trace_id: z.string(),
    seq: z.number().int().min(1),
    prev_hash: z.string(),
    hash: z.string(),
    received_at: IsoDate,
    format: EventFormat,
    flags: z.array(z.string()),
    event: RuntimeEvent,
    raw: z.string().describe("the JSON exactly as the agent (or interceptor log) sent it"),
  })
  .strict();
export type StoredEvent = z.infer<typeof StoredEvent>;

/** An event in a page of a trace's events: `raw` only when `include_raw=true` was asked for. */
export const EventRow = StoredEvent.omit({ raw: true })
  .extend({ raw: z.string().optional() })
  .strict();
export type EventRow = z.infer<typeof EventRow>;

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

export const EventQuery = z
  .object({
    format: z.enum(["json", "raw"]).default("json").describe("raw: the bytes exactly as received, as application/json"),
    trace_id: z.string().min(1).max(200).optional().describe("the event's trace; needed when agents used the same id in several traces"),
  })
  .strict();

/** Route descriptions for the OpenAPI document (`/api/v1/openapi.json`). */
export const openapi = [
  { method: "get", auth: "user", path: "/api/v1/traces/{id}", summary: "One trace: rollup, agent identities, child traces, latest budget", permission: "traces:read", response: TraceDetail },
  { method: "get", auth: "user", path: "/api/v1/traces/{id}/events", summary: "A trace's events in chain order (seq), cursor-paged", permission: "traces:read", query: TraceEventsQuery, response: TraceEventsPage },
  { method: "get", auth: "user", path: "/api/v1/events/{id}", summary: "One stored event with its raw JSON; ?format=raw returns the bytes as received", permission: "events:read", query: EventQuery, response: StoredEvent },
] as const;
