import { z } from "zod";
import { TRUST_LEVELS } from "@/engine/events/schema";
import { ACCESS_KINDS, EDGE_KINDS, GRAPH_MODES, NODE_KINDS, TAINT_OUTCOMES } from "./constants";

/**
 * The zod schema of the engine's execution graph (`buildExecutionGraph`), beside the code that builds it, and the
 * one home of its shape: the engine's types (`ExecutionGraph`, `GraphNode`, `GraphEdge`, `GraphGroup`, `TaintPath`)
 * are `z.infer` of these schemas (build-graph.ts imports and re-exports them), so the wire contract of
 * `GET /api/v1/traces/{id}/graph` and `graph.json` in evidence is what the engine returns by construction. The
 * constants the enums are made of are in constants.ts (re-exported here); this file imports no module that imports
 * it back.
 */

export {
  ACCESS_KINDS, EDGE_KINDS, GRAPH_MODES, NODE_KINDS, TAINT_OUTCOMES, type AccessKind, type EdgeKind, type GraphMode, type NodeKind, type TaintOutcome,
} from "./constants";

const Num = z.number();

export const GraphNodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NODE_KINDS),
    label: z.string(),
    sublabel: z.string().nullable(),
    /** group id (one per trace), null for nothing today; kept nullable for sources shared across groups later */
    group: z.string().nullable(),
    trace_id: z.string(),
    event_ids: z.array(z.string()).describe("events this node stands for or cites, chain order (at most 50)"),
    event_count: z.number().int().min(0),
    count: z.number().int().min(1).describe("expanded nodes folded into this one (aggregated mode)"),
    step: z.number().int().nullable(),
    tool: z.string().nullable(),
    access: z.enum(ACCESS_KINDS).nullable().describe("read / write / outbound / delegate: recorded by the engine, else guessed from the tool name"),
    trust: z.enum(TRUST_LEVELS).nullable().describe("effective trust level (unknown labels count as unverified)"),
    trust_label: z.string().nullable().describe("the trust label as sent"),
    source_type: z.string().nullable(),
    decision: z.string().nullable(),
    /** execution result, budget status or approval status, when the kind has one */
    status: z.string().nullable(),
    risk: z.object({ step_risk: Num.nullable(), r_total: Num.nullable() }).strict().nullable(),
    approval: z.object({ id: z.string(), status: z.string().nullable(), actor: z.string().nullable(), note: z.string().nullable() }).strict().nullable(),
    flags: z.array(z.string()),
    /** a few lines for the tooltip: reasons, determining policies */
    details: z.array(z.string()),
  })
  .strict();
export type GraphNode = z.infer<typeof GraphNodeSchema>;

export const GraphEdgeSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    kinds: z.array(z.enum(EDGE_KINDS)).describe("why the edge exists: parent id, step reference, provenance, token, approval id, …"),
    count: z.number().int().min(1),
    taint: z.boolean().describe("on a path from an external/unverified source to a write or outbound action"),
  })
  .strict();
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;

export const GraphGroupSchema = z
  .object({
    id: z.string(),
    trace_id: z.string(),
    parent_trace_id: z.string().nullable(),
    agents: z.array(z.string()),
    label: z.string(),
    r_total: Num.nullable().describe("the trace's final R_total"),
    node_count: z.number().int().min(0),
    event_count: z.number().int().min(0),
    outcome: z.object({
      decision: z.enum(["allow", "block", "require_approval", "pending"]).nullable(),
      verdict: z.enum(["violation", "review", "blocked", "enforced", "matched"]),
      reason: z.string().nullable(),
    }).strict().describe("the trace's outcome (engine/replay/trace-outcome.ts), the same as the list, header and diff"),
  })
  .strict();
export type GraphGroup = z.infer<typeof GraphGroupSchema>;

export const TaintPathSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    sink: z.string(),
    node_ids: z.array(z.string()),
    edge_ids: z.array(z.string()),
    outcome: z.enum(TAINT_OUTCOMES),
    trust: z.enum(TRUST_LEVELS),
    tool: z.string().nullable(),
    access: z.enum(ACCESS_KINDS).nullable(),
    words: z.string().describe('e.g. "retrieval chunk kb/article-17 (unverified) → plan step 2 email.forward → policy: blocked by …"'),
    cut: z.boolean().describe("part of the path lies beyond the expanded-mode node cap"),
  })
  .strict();
export type TaintPath = z.infer<typeof TaintPathSchema>;

/** `buildExecutionGraph(...)`: nodes, causal edges, one group per trace, taint paths, summed R_total. */
export const ExecutionGraphSchema = z
  .object({
    mode: z.enum(GRAPH_MODES),
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    groups: z.array(GraphGroupSchema).describe("one per trace, root first"),
    taint_paths: z.array(TaintPathSchema),
    r_total: Num.describe("sum of each trace's final R_total over the whole graph (spec §22.2)"),
    truncated: z.object({ reason: z.string(), total_nodes: z.number().int(), shown_nodes: z.number().int() }).strict().optional(),
    taint_paths_truncated: z.boolean().optional(),
  })
  .strict();
export type ExecutionGraph = z.infer<typeof ExecutionGraphSchema>;
