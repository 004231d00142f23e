import type { RecordedEvent } from "../events/recorded";
import type { RuntimeEvent } from "../events/schema";

/** Test helper: builds a trace's recorded events in chain order from partial events (ids, seq, times filled in). */
/** Loosely typed on purpose: tests build odd and invalid sequences too. */
type Part = { type: string; stage: RuntimeEvent["stage"]; id?: string } & Record<string, unknown>;

export function trace(id: string, parts: Part[]): RecordedEvent[] {
  return parts.map((p, i) => ({
    trace_id: id,
    seq: i + 1,
    hash: `h${i + 1}`,
    event: {
      id: p.id ?? `${id}_e${i + 1}`,
      trace_id: id,
      timestamp: new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(),
      agent: { id: "agent-1" },
      schema_version: "1.0",
      ...p,
    } as RuntimeEvent,
  }));
}

type Step = { index: number; tool: string; arguments?: Record<string, unknown>; intent?: string; provenance?: RuntimeEvent["provenance"] };

/** An agent-sent plan.proposed event. */
export const plan = (id: string, steps: Step[], extra: Partial<RuntimeEvent> = {}) =>
  ({ type: "plan.proposed", stage: "plan" as const, decision: "pending" as const, plan: { id, intent: `plan ${id}`, steps }, ...extra });

/** A decision.made event for one step. */
export const decide = (step: number, tool: string, decision: "allow" | "block" | "require_approval" | "pending", extra: Partial<RuntimeEvent> = {}) =>
  ({ type: decision === "require_approval" ? "human_approval_required" : "decision.made", stage: "decision" as const, step, tool, decision, reasons: [`${decision} ${tool}`], ...extra });

/** A tool.executed (or tool.failed) event. */
export const run = (step: number | null, tool: string, extra: Partial<RuntimeEvent> & { failed?: boolean } = {}) => {
  const { failed, ...rest } = extra;
  return { type: failed ? "tool.failed" : "tool.executed", stage: "execution" as const, decision: "observed" as const, step, tool, ...rest };
};
