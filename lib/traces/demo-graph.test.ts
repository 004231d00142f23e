import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@/engine/events/recorded";
import { buildExecutionGraph, type ExecutionGraph } from "@/engine/graph/build-graph";
import { recorded as recordedEvents } from "@/engine/testing/story-trace";
import {
  DEMO_CHILD_TRACES, DEMO_INJECTION_TRACE, DEMO_LONG_TRACE, DEMO_ORCHESTRATOR_TRACE, DEMO_WORKED_EXAMPLE_TRACE,
} from "@/lib/demo/demo-data";
import { seededDemoEvents } from "@/tests/demo-events";

// The demo's graphs as seeded (decided by the engine, executions through ingest; tests/demo-events.ts). What the graph
// builder does with such traces is engine/graph/build-graph.test.ts's claim, over in-memory stories; here: the demo
// tells its stories in the Graph tab.
const demo = await seededDemoEvents();
const recordedRTotal = (traceId: string) => demo.filter((e) => e.trace_id === traceId && e.type === "evaluation.completed").at(-1)!.risk!.r_total;

/** The demo's events of these traces as the chain records them. */
const recorded = (traceIds: readonly string[]): RecordedEvent[] => recordedEvents(demo, traceIds);

const node = (g: ExecutionGraph, pred: (n: ExecutionGraph["nodes"][number]) => boolean) => {
  const found = g.nodes.filter(pred);
  expect(found.length, "exactly one node matches").toBe(1);
  return found[0];
};

describe("the demo's graphs", () => {
  it("prompt injection: the unverified KB article reaches the blocked email.forward; R_total as recorded", () => {
    const g = buildExecutionGraph(recorded([DEMO_INJECTION_TRACE]), { mode: "aggregated" });
    expect(node(g, (n) => n.kind === "source" && n.label === "kb/article-17").trust).toBe("unverified");
    const p = g.taint_paths.find((x) => x.tool === "email.forward");
    expect(p?.outcome).toBe("blocked");
    expect(p?.words).toMatch(/^retrieval chunk kb\/article-17 \(unverified\) → plan step 2 email\.forward → guard: /);
    expect(g.r_total).toBe(recordedRTotal(DEMO_INJECTION_TRACE));
  });

  it("worked example (§8): R_total over crm-sync's threshold 1.2 as recorded, step 2 approved, the external thread reaching the executed send", () => {
    const g = buildExecutionGraph(recorded([DEMO_WORKED_EXAMPLE_TRACE]), { mode: "expanded" });
    expect(g.r_total).toBe(recordedRTotal(DEMO_WORKED_EXAMPLE_TRACE));
    expect(g.r_total).toBeGreaterThan(1.2);
    expect(node(g, (n) => n.kind === "approval")).toMatchObject({ step: 2, approval: { status: "approved" } });
    const p = g.taint_paths.find((x) => x.tool === "send_email");
    expect(p?.outcome).toBe("executed");
    expect(p?.words).toMatch(/^retrieval chunk inbound-email\/globex \(external\) → plan step 2 send_email/);
    expect(p?.words).toContain("approved by approver@example.com");
  });

  it("the quarter close: one group per trace, root first, each delegation to its child, the finance result to its readers", () => {
    const traces = [DEMO_ORCHESTRATOR_TRACE, ...DEMO_CHILD_TRACES];
    const info = traces.map((id) => ({ id, parent_trace_id: id === DEMO_ORCHESTRATOR_TRACE ? null : DEMO_ORCHESTRATOR_TRACE }));
    const g = buildExecutionGraph(recorded(traces), { mode: "aggregated", traces: info });
    expect(g.groups.map((x) => x.trace_id)).toEqual([DEMO_ORCHESTRATOR_TRACE, "tr_orch_quarter_close_crm", "tr_orch_quarter_close_finance"]);
    expect(g.groups.find((x) => x.trace_id === "tr_orch_quarter_close_finance")!.r_total).toBeGreaterThan(0);
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const delegations = g.edges.filter((e) => e.kinds.includes("delegation"));
    expect(delegations.map((e) => byId.get(e.target)!.trace_id).sort()).toEqual(["tr_orch_quarter_close_crm", "tr_orch_quarter_close_finance"]);
    const fromFinance = g.edges.filter((e) => e.kinds.includes("message") && byId.get(e.source)!.trace_id === "tr_orch_quarter_close_finance");
    expect(fromFinance.map((e) => byId.get(e.target)!.trace_id).sort()).toEqual([DEMO_ORCHESTRATOR_TRACE, "tr_orch_quarter_close_crm"]);
  });

  it("the ~10,000-event crawl folds small in aggregated mode, every refused batch one blocked node; expanded mode is capped", () => {
    const ev = recorded([DEMO_LONG_TRACE]);
    expect(ev.length).toBeGreaterThan(9_000);
    const g = buildExecutionGraph(ev, { mode: "aggregated" });
    expect(g.nodes.length).toBeLessThan(ev.length / 20);
    const fetches = g.nodes.filter((n) => n.kind === "execution" && n.tool === "web.fetch");
    expect(fetches.reduce((a, n) => a + n.count, 0)).toBe(ev.filter((e) => e.event.type === "tool.executed").length);
    expect(g.nodes.filter((n) => n.kind === "decision" && n.decision === "block" && n.count > 1).length).toBeGreaterThan(10);
    const x = buildExecutionGraph(ev, { mode: "expanded" });
    expect(x.nodes.length).toBe(3000);
    expect(x.truncated?.total_nodes).toBeGreaterThan(3000);
  });
});
