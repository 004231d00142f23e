import { describe, expect, it } from "vitest";
import type { RuntimeEvent } from "@/engine/events/schema";
import type { RecordedEvent } from "@/engine/events/recorded";
import { recorded as recordedEvents } from "../testing/story-trace";
import { allStoryEvents, CRAWL_LARGE_BATCHES, STORY_CHILDREN, STORY_CRAWL, STORY_INJECTION, STORY_ORCHESTRATOR, STORY_WORKED_EXAMPLE } from "../testing/stories";
import { buildExecutionGraph, guessAccess, type ExecutionGraph } from "./build-graph";

/** The stories (engine/testing/stories.ts): decided by the engine, played in memory as an agent and the server would. */
const stories = allStoryEvents();
/** R_total as the engine recorded it at the trace's last evaluation. */
const recordedRTotal = (traceId: string) => stories.filter((e) => e.trace_id === traceId && e.type === "evaluation.completed").at(-1)!.risk!.r_total;

/** The stories' events of these traces as the chain records them. */
const recorded = (traceIds: readonly string[], events: RuntimeEvent[] = stories): RecordedEvent[] => recordedEvents(events, traceIds);

const node = (g: ExecutionGraph, pred: (n: ExecutionGraph["nodes"][number]) => boolean) => {
  const found = g.nodes.filter(pred);
  expect(found.length, "exactly one node matches").toBe(1);
  return found[0];
};

describe("prompt-injection trace", () => {
  const g = buildExecutionGraph(recorded([STORY_INJECTION]), { mode: "aggregated" });

  it("draws the unverified KB article as one source node, however many events cite it", () => {
    const kb = node(g, (n) => n.kind === "source" && n.label === "kb/article-17");
    expect(kb.trust).toBe("unverified");
    expect(kb.source_type).toBe("retrieval_chunk");
    // the retrieval, the guard flag and the plan step all cite it
    expect(kb.event_ids.length).toBeGreaterThanOrEqual(3);
  });

  it("lists the taint path from kb/article-17 to the blocked email.forward, in words", () => {
    const p = g.taint_paths.find((x) => x.tool === "email.forward");
    expect(p).toBeDefined();
    expect(p!.outcome).toBe("blocked");
    expect(p!.trust).toBe("unverified");
    expect(p!.words).toMatch(/^retrieval chunk kb\/article-17 \(unverified\) → plan step 2 email\.forward → guard: /);
    expect(p!.words).toContain("decision: blocked");
    // the path is drawn: every edge exists and is marked as taint
    const edges = new Map(g.edges.map((e) => [e.id, e]));
    for (const id of p!.edge_ids) expect(edges.get(id)?.taint).toBe(true);
    const last = g.nodes.find((n) => n.id === p!.sink)!;
    expect(last.kind).toBe("decision");
    expect(last.decision).toBe("block");
  });

  it("links the evaluation stages of step 2 by step references, in pipeline order", () => {
    const stepNode = node(g, (n) => n.kind === "step" && n.step === 2);
    const cap = node(g, (n) => n.kind === "capability" && n.step === 2);
    expect(g.edges.some((e) => e.source === stepNode.id && e.target === cap.id && e.kinds.includes("step"))).toBe(true);
  });

  it("records the trace's final R_total, as the engine recorded it", () => {
    expect(g.groups).toHaveLength(1);
    expect(g.groups[0].r_total).toBe(recordedRTotal(STORY_INJECTION));
    expect(g.r_total).toBe(recordedRTotal(STORY_INJECTION));
  });
});

describe("worked example (spec §8)", () => {
  const g = buildExecutionGraph(recorded([STORY_WORKED_EXAMPLE]), { mode: "expanded" });

  it("carries the engine's R_total (over crm-sync's threshold 1.2) and the approval of step 2, approved", () => {
    expect(g.r_total).toBe(recordedRTotal(STORY_WORKED_EXAMPLE));
    expect(g.r_total).toBeGreaterThan(1.2);
    const a = node(g, (n) => n.kind === "approval");
    expect(a.approval?.status).toBe("approved");
    expect(a.step).toBe(2);
  });

  it("finds the external email thread reaching send_email, approved by a person, then executed", () => {
    const p = g.taint_paths.find((x) => x.tool === "send_email");
    expect(p?.outcome).toBe("executed");
    expect(p?.words).toMatch(/^retrieval chunk inbound-email\/globex \(external\) → plan step 2 send_email/);
    expect(p?.words).toContain("approved by approver@example.com");
  });

  it("links the step-1 execution to the tool result that step 2 cites (output, then provenance)", () => {
    const exec = node(g, (n) => n.kind === "execution" && n.tool === "db.read");
    const crm = node(g, (n) => n.kind === "source" && n.label === "crm/contacts");
    const step2 = node(g, (n) => n.kind === "step" && n.step === 2);
    expect(g.edges.some((e) => e.source === exec.id && e.target === crm.id && e.kinds.includes("output"))).toBe(true);
    expect(g.edges.some((e) => e.source === crm.id && e.target === step2.id && e.kinds.includes("provenance"))).toBe(true);
  });
});

describe("cross-agent join", () => {
  const traces = [STORY_ORCHESTRATOR, ...STORY_CHILDREN];
  const events = recorded(traces);
  const info = traces.map((id) => ({ id, parent_trace_id: id === STORY_ORCHESTRATOR ? null : STORY_ORCHESTRATOR }));
  const g = buildExecutionGraph(events, { mode: "aggregated", traces: info });

  it("draws one group per trace, root first, with R_total summed over the graph", () => {
    expect(g.groups.map((x) => x.trace_id)).toEqual([STORY_ORCHESTRATOR, STORY_CHILDREN[1], STORY_CHILDREN[0]]);
    const finals = g.groups.map((x) => x.r_total ?? 0);
    expect(g.r_total).toBeCloseTo(finals.reduce((a, b) => a + b, 0), 10);
    expect(g.groups.find((x) => x.trace_id === STORY_CHILDREN[0])!.r_total).toBeGreaterThan(0);
    for (const n of g.nodes) expect(g.groups.some((x) => x.id === n.group)).toBe(true);
  });

  it("links each delegation to the child trace it started, and the finance result to its readers", () => {
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const delegations = g.edges.filter((e) => e.kinds.includes("delegation"));
    expect(delegations.map((e) => byId.get(e.target)!.trace_id).sort()).toEqual([STORY_CHILDREN[1], STORY_CHILDREN[0]]);
    for (const e of delegations) expect(byId.get(e.source)!.trace_id).toBe(STORY_ORCHESTRATOR);
    const messages = g.edges.filter((e) => e.kinds.includes("message"));
    const fromFinance = messages.filter((e) => byId.get(e.source)!.trace_id === STORY_CHILDREN[0]);
    expect(fromFinance.map((e) => byId.get(e.target)!.trace_id).sort()).toEqual([STORY_ORCHESTRATOR, STORY_CHILDREN[1]]);
  });
});

describe("determinism", () => {
  it("gives byte-identical output for the same events, whatever their input order", () => {
    const ids = [STORY_ORCHESTRATOR, ...STORY_CHILDREN, STORY_INJECTION];
    const ev = recorded(ids);
    const a = buildExecutionGraph(ev, { mode: "expanded" });
    const b = buildExecutionGraph([...ev].reverse(), { mode: "expanded" });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = buildExecutionGraph(ev, { mode: "aggregated" });
    const d = buildExecutionGraph([...ev].sort((x, y) => (x.hash < y.hash ? -1 : 1)), { mode: "aggregated" });
    expect(JSON.stringify(d)).toBe(JSON.stringify(c));
  });
});

describe("the ~10,000-event crawl", () => {
  const ev = recorded([STORY_CRAWL]);

  it("is the size it claims: fetches executed, then batch after batch refused", () => {
    expect(ev.length).toBeGreaterThan(9_000);
    expect(ev.filter((e) => e.event.type === "tool.executed").length).toBeGreaterThan(20);
  });

  it("stays small in aggregated mode, folding the repeated fetch steps with counts", () => {
    const g = buildExecutionGraph(ev, { mode: "aggregated" });
    expect(g.nodes.length).toBeLessThan(ev.length / 20);
    const fetches = g.nodes.filter((n) => n.kind === "execution" && n.tool === "web.fetch");
    const total = fetches.reduce((a, n) => a + n.count, 0);
    expect(total).toBe(ev.filter((e) => e.event.type === "tool.executed").length);
    expect(fetches.some((n) => n.count > 1)).toBe(true);
    // the refused batches: each one folded into a single blocked decision node
    const blocked = g.nodes.filter((n) => n.kind === "decision" && n.decision === "block" && n.count > 1);
    expect(blocked.length).toBeGreaterThan(10);
    expect(blocked.length).toBeGreaterThanOrEqual(CRAWL_LARGE_BATCHES);
  });

  it("caps expanded mode and says so", () => {
    const g = buildExecutionGraph(ev, { mode: "expanded" });
    expect(g.nodes.length).toBe(3000);
    expect(g.truncated?.total_nodes).toBeGreaterThan(3000);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });
});

describe("edges come from references, never from timestamps", () => {
  const ev = (id: string, extra: Partial<RuntimeEvent>): RuntimeEvent => ({
    id, trace_id: "tr_t", timestamp: "2026-11-21T10:00:00Z", type: "x", stage: "decision", agent: { id: "a1" }, schema_version: "1.0", ...extra,
  });
  const two = (a: Partial<RuntimeEvent>, b: Partial<RuntimeEvent>) =>
    buildExecutionGraph(recorded(["tr_t"], [ev("e1", { ...a, timestamp: "2026-11-21T10:00:00Z" }), ev("e2", { ...b, timestamp: "2026-11-21T10:00:01Z" })]), { mode: "expanded" });

  it("draws no edge between consecutive events that do not reference each other", () => {
    const g = two({ type: "decision.made", decision: "allow" }, { type: "tool.executed", stage: "execution", tool: "db.write" });
    const kinds = new Set(g.nodes.map((n) => n.kind));
    expect(kinds.has("decision") && kinds.has("execution")).toBe(true);
    expect(g.edges.filter((e) => !e.kinds.includes("identity"))).toEqual([]);
  });

  it("draws the edge when the parent id names the earlier event", () => {
    const g = two({ type: "decision.made", decision: "allow" }, { type: "tool.executed", stage: "execution", tool: "db.write", parent_id: "e1" });
    expect(g.edges.map((e) => [e.source, e.target, e.kinds])).toEqual([["decision:e1", "execution:e2", ["parent"]]]);
  });

  it("draws the edge when a token id links the grant to the execution", () => {
    const g = two({ type: "decision.made", decision: "allow", token_jti: "jti1" }, { type: "tool.executed", stage: "execution", tool: "db.write", token_jti: "jti1" });
    expect(g.edges.map((e) => e.kinds)).toEqual([["token"]]);
  });
});

describe("access heuristic", () => {
  it("classifies common tool names", () => {
    expect(guessAccess("email.forward")).toBe("outbound");
    expect(guessAccess("http.upload")).toBe("outbound");
    expect(guessAccess("zendesk.get_ticket")).toBe("read");
    expect(guessAccess("salesforce.update_account")).toBe("write");
    expect(guessAccess("agent.delegate")).toBe("delegate");
    expect(guessAccess("frobnicate")).toBe("write"); // unknown actions are not left out of the taint analysis
  });
});
