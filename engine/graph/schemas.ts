import { z } from "zod";
import { TRUST_LEVELS } from "@/engine/events/schema";
import { ACCESS_KINDS, EDGE_KINDS, NODE_KINDS, TAINT_OUTCOMES, type ExecutionGraph as ExecutionGraphType } from "@/engine/graph/build-graph";

/**
 * The zod schema of the engine's execution graph (`buildExecutionGraph`), beside the code that builds it; the
 * engine's type and this schema are checked against each other at compile time (bottom), so the wire contract of
 * `GET /api/v1/traces/{id}/graph` and `graph.json` in evidence cannot drift from what the engine returns.
 */

export const GRAPH_MODES = ["aggregated", "expanded"] as const;

const Num = z.number();

export const GraphNodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NODE_KINDS),
    label: z.string(),
    sublabel: z.string().nullable(),
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
    status: z.string().nullable(),
    risk: z.object({ step_risk: Num.nullable(), r_total: Num.nullable() }).strict().nullable(),
    approval: z.object({ id: z.string(), status: z.string().nullable(), actor: z.string().nullable(), note: z.string().nullable() }).strict().nullable(),
    flags: z.array(z.string()),
    details: z.array(z.string()),
  })
  .strict();

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

/** `buildExecutionGraph(...)`: nodes, causal edges, one group per trace, taint paths, summed R_total. */
export const ExecutionGraph = z
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

// the schema and the engine's type must describe the same object: a field added to one and not the other fails tsc
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameGraph: Same<z.infer<typeof ExecutionGraph>, ExecutionGraphType> = true;
void sameGraph;
