import { z } from "zod";
import { RuntimeEvent } from "@/engine/events/schema";

/**
 * Read-side contract of one stored event: `GET /api/v1/events/{id}`, and the event rows of a trace's pages
 * (lib/traces/schemas.ts). Types come from these schemas; API tests parse responses with them.
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

export const EventQuery = z
  .object({
    format: z.enum(["json", "raw"]).default("json").describe("raw: the bytes exactly as received, as application/json"),
    trace_id: z.string().min(1).max(200).optional().describe("the event's trace; needed when agents used the same id in several traces"),
  })
  .strict();

/** Route descriptions for the OpenAPI document (`/api/v1/openapi.json`). */
export const openapi = [
  { method: "get", auth: "user", path: "/api/v1/events/{id}", summary: "One stored event with its raw JSON; ?format=raw returns the bytes as received", permission: "events:read", query: EventQuery, response: StoredEvent },
] as const;
