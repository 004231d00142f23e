import { z } from "zod";
import { ExecutionGraphSchema, GRAPH_MODES } from "@/engine/graph/schemas";

/**
 * Contract of `GET /api/v1/traces/{id}/graph`: the engine's execution graph (engine/graph/schemas.ts) of a trace and
 * the traces linked to it, plus which trace was asked for and the load limits.
 */


export const TraceGraphQuery = z
  .object({
    mode: z.enum(GRAPH_MODES, { message: `must be one of ${GRAPH_MODES.join(", ")}` }).default("aggregated")
      .describe("aggregated folds repeated steps into one node with a count; expanded draws every step (at most 3,000 nodes)"),
  })
  .strict();
export type TraceGraphQuery = z.infer<typeof TraceGraphQuery>;

export const TraceGraphResponse = ExecutionGraphSchema.extend({
  trace_id: z.string(),
  root_trace_id: z.string(),
  load_limits: z
    .object({ reason: z.string(), traces_omitted: z.number().int().min(0), events_omitted: z.number().int().min(0) })
    .strict()
    .nullable()
    .describe("linked traces or events left out because the load limits (50 traces, 50,000 events) were reached"),
}).strict();
export type TraceGraphResponse = z.infer<typeof TraceGraphResponse>;

/** Route descriptions for the OpenAPI document. */
export const openapi = [
  {
    method: "get",
    auth: "user",
    path: "/api/v1/traces/{id}/graph",
    summary: "Execution graph of a trace joined with its parent and child traces: nodes, causal edges, groups per trace, taint paths, R_total",
    permission: "traces:read",
    query: TraceGraphQuery,
    response: TraceGraphResponse,
  },
] as const;
