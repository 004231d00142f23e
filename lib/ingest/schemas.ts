import { z } from "zod";
import { RuntimeEvent } from "@/engine/events/schema";

/** The outcome of one event in an ingest request, in request order. */
export const IngestResult = z
  .object({
    index: z.number().int().describe("0-based position in the request"),
    line: z.number().int().optional().describe("1-based line number (NDJSON)"),
    id: z.string().nullable(),
    status: z.enum(["stored", "duplicate", "conflict", "invalid", "rejected"])
      .describe("duplicate: the same event was stored before; conflict: the id exists in the trace with other content (error names the field), nothing stored; rejected: not this agent's to write (another agent's trace, another agent's id)"),
    trace_id: z.string().optional(),
    seq: z.number().int().nullable().optional(),
    hash: z.string().nullable().optional(),
    error: z.string().optional().describe("which field and why"),
  })
  .strict();
export type IngestResult = z.infer<typeof IngestResult>;

export const IngestResponse = z
  .object({
    stored: z.number().int(),
    duplicates: z.number().int(),
    conflicts: z.number().int(),
    invalid: z.number().int(),
    rejected: z.number().int(),
    results: z.array(IngestResult),
  })
  .strict();
export type IngestResponse = z.infer<typeof IngestResponse>;

/** The JSON envelope, as documented; the route reads the body as text and parses it per event (parse-batch.ts). */
export const ingestBody = (maxEvents: number) => z.object({ events: z.array(RuntimeEvent).min(1).max(maxEvents) }).strict();

/** interceptor-approvals: the reference's approval store (approvals.jsonl), import-approvals.ts */
export const IngestQuery = z
  .object({ format: z.enum(["auto", "native", "interceptor", "interceptor-approvals"]).default("auto") })
  .strict();
export type IngestQuery = z.infer<typeof IngestQuery>;

/** Route descriptions for the OpenAPI document; the body's event limit is the configured INGEST_MAX_EVENTS. */
export const openapi = (limits: { maxEvents: number }) => [
  {
    method: "post",
    path: "/api/v1/events",
    summary: "Ingest runtime events: JSON {events:[...]} or NDJSON (application/x-ndjson); reference-interceptor JSONL lines are detected or forced with ?format=interceptor; its approval store (approvals.jsonl) with ?format=interceptor-approvals, after the audit log that requested the approvals. 207 with one result per event.",
    auth: "agent",
    permission: "events:write",
    query: IngestQuery,
    body: ingestBody(limits.maxEvents),
    response: IngestResponse,
    status: 207,
  },
];
