/**
 * The constants the execution graph's enums are made of (schemas.ts builds its zod enums from them; build-graph.ts
 * re-exports them). A module of its own with no imports, so the engine can use them without loading the schemas,
 * and no import cycle can form.
 */

export const NODE_KINDS = [
  "agent", "source", "context", "plan", "step", "capability", "guard", "policy", "budget", "risk", "decision",
  "approval", "grant", "execution", "outcome", "flag", "event",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_KINDS = ["parent", "step", "plan", "identity", "provenance", "output", "token", "approval", "delegation", "message"] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const ACCESS_KINDS = ["read", "write", "outbound", "delegate"] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const TAINT_OUTCOMES = ["executed", "failed", "approved", "awaiting_approval", "blocked", "denied", "planned", "evaluated"] as const;
export type TaintOutcome = (typeof TAINT_OUTCOMES)[number];

export const GRAPH_MODES = ["aggregated", "expanded"] as const;
export type GraphMode = (typeof GRAPH_MODES)[number];
