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

export const IngestBody = z.object({ events: z.array(RuntimeEvent).min(1).max(1000) }).strict();

export const openapi = [
  {
    method: "post",
    path: "/api/v1/events",
    summary: "Ingest runtime events: JSON {events:[...]} or NDJSON (application/x-ndjson); reference-interceptor JSONL lines are detected or forced with ?format=interceptor; its approval store (approvals.jsonl) with ?format=interceptor-approvals, after the audit log that requested the approvals. 207 with one result per event.",
    auth: "agent",
    query: z.object({ format: z.enum(["auto", "native", "interceptor", "interceptor-approvals"]).optional() }),
    body: IngestBody,
    response: IngestResponse,
    status: 207,
  },
];
