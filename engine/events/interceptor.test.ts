import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replayDiff } from "../replay/diff";
import type { RecordedEvent } from "./recorded";
import { RuntimeEvent, VERDICTS } from "./schema";
import { looksLikeInterceptorLine, mapInterceptorLine, parseInterceptorJsonl, type MapResult } from "./interceptor";

const AGENT = "agt-importer";
const sha32 = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

function map(raw: string): RuntimeEvent {
  const r = mapInterceptorLine(JSON.parse(raw), { agentId: AGENT, rawLine: raw });
  if (!r.ok) throw new Error(r.error);
  expect(RuntimeEvent.parse(r.event)).toEqual(r.event);
  return r.event;
}
function mapError(line: Record<string, unknown>): string {
  const raw = JSON.stringify(line);
  const r: MapResult = mapInterceptorLine(line, { agentId: AGENT, rawLine: raw });
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.event)}`);
  return r.error;
}

// REFERENCE-INTERCEPTOR.md §1, verbatim
const EXAMPLE_A =
  '{"timestamp": "2026-05-10T00:00:00+00:00", "event_type": "tool_blocked", "decision": "blocked", "trace_id": "run-legacy", "decision_stage": "policy", "agent_name": "demo-agent", "tool_name": "send_email", "reason": "Legacy policy block", "provenance": []}';
const EXAMPLE_B =
  '{"timestamp": "2026-01-01T00:00:00+00:00", "allowed": true, "reason": "legacy allowed", "agent_name": "legacy-agent", "tool_name": "read_customer", "trace_id": "legacy-trace"}';
const EXAMPLE_C =
  '{"timestamp": "2026-05-17T00:00:00+00:00", "event_type": "plan", "schema_version": "0.5.0", "event_id": "evt-abc123", "decision_stage": "plan", "agent_name": "ops_agent", "tool_name": "restart_service", "decision": "pending", "reason": "Execution plan created", "provenance": [{"source_type": "skill", "source_name": "untrusted_openclaw_skill", "source_hash": null, "origin_uri": null, "trust_level": "unverified", "metadata": {}}], "execution_plan_id": "plan-123"}';

// The constructed `decision` event of §1 with its placeholders filled in and the full RuntimeContext.
const P = "5f0c2d9e8b7a41c3a2e1d0f9b8c7a6e5";
const T = "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b";
const CONSTRUCTED_DECISION = JSON.stringify({
  timestamp: "2026-05-18T09:14:03.518020+00:00", event_type: "decision", decision: "allowed", schema_version: "0.5.0",
  event_id: "evt-0123456789abcdef0123456789abcdef", trace_id: T, parent_trace_id: null,
  execution_plan_id: P, plan_id: P, plan_intent: "read_customer", plan_risk_level: "low", requested_capabilities: ["customer.read"],
  plan_steps: [{ schema_version: "0.8.0", step_id: "c0ffee00c0ffee00c0ffee00c0ffee00", intent: "read_customer", tool_name: "read_customer", capability: "customer.read", target: "123", parameters: { customer_id: "123" }, risk_level: "low", order: 1 }],
  model_output: null, user_input: null, decision_stage: "evaluate", audit_kind: "decision",
  reason: "Tool 'read_customer' allowed with audit monitoring", stage: "tool",
  context: {
    agent_name: "sales_agent", agent_id: null, agent_trust_level: null, agent_environment: null, user_id: null, session_id: null,
    prompt: null, model_output: null, data_classification: null, source: null, sensitivity_level: null, tool_name: "read_customer",
    arguments: { customer_id: "123" }, framework: "legacy", actor: null, environment: "dev", trace_id: T, parent_trace_id: null,
    correlation_id: null, allowed_capabilities: null,
    provenance: [{ source_type: "user_prompt", trust_level: "internal", source_name: "api_request", source_hash: null, origin_uri: null, metadata: {} }],
    runtime_budget: { max_tool_calls: 20, max_depth: 5, max_runtime_seconds: 60.0, max_cost_usd: 2.0 },
    runtime_usage: { tool_calls_used: 0, depth_used: 0, runtime_seconds: 0, estimated_cost_usd: 0.01 }, tags: {}, metadata: {},
  },
  agent_name: "sales_agent", agent_id: null, agent_trust_level: null, agent_environment: null, tool_name: "read_customer", allowed: null,
  arguments: { customer_id: "123" }, framework: "legacy", actor: null, environment: "dev", session_id: null, correlation_id: null,
  risk_level: "medium", matched_rule: "monitored_tools", approval_id: null, capabilities: null, capability_risks: { cap_customer_read: "medium" },
  provenance: [{ source_type: "user_prompt", trust_level: "internal", source_name: "api_request", source_hash: null, origin_uri: null, metadata: {} }],
  protocol: null, client_id: null, server_name: null, capability: null, budget_status: "within_budget",
  runtime_budget: { max_tool_calls: 20, max_depth: 5, max_runtime_seconds: 60.0, max_cost_usd: 2.0 },
  runtime_usage: { tool_calls_used: 0, depth_used: 0, runtime_seconds: 0, estimated_cost_usd: 0.01 }, runtime_violations: [],
  tool_calls_used: 0, tool_calls_remaining: 20, depth_used: 0, runtime_seconds: 0, estimated_cost_usd: 0.01,
  payload: {
    capability_result: "not_applicable", policy_result: "allowed",
    reason_chain: [
      "Capability gate skipped because no capabilities were provided",
      "Capability cap_customer_read (risk: medium) governs access to read_customer",
      "Tool 'read_customer' allowed with audit monitoring",
    ],
    requires_approval: false,
  },
});

describe("looksLikeInterceptorLine", () => {
  it("recognises interceptor lines and nothing else", () => {
    for (const raw of [EXAMPLE_A, EXAMPLE_B, EXAMPLE_C, CONSTRUCTED_DECISION]) expect(looksLikeInterceptorLine(JSON.parse(raw))).toBe(true);
    expect(looksLikeInterceptorLine({ execution_plan_id: "p" })).toBe(true);
    expect(looksLikeInterceptorLine({ type: "tool_call", tool_name: "x", agent_name: "a" })).toBe(false); // native events carry `type`
    expect(looksLikeInterceptorLine({ timestamp: "2026-01-01T00:00:00Z", reason: "x" })).toBe(false);
    expect(looksLikeInterceptorLine([{ event_type: "plan" }])).toBe(false);
    expect(looksLikeInterceptorLine(null)).toBe(false);
    expect(looksLikeInterceptorLine("event_type")).toBe(false);
  });
});

describe("mapInterceptorLine: the reference's verbatim examples", () => {
  it("(a) legacy record fixture", () => {
    expect(map(EXAMPLE_A)).toEqual({
      id: `icp-${sha32(EXAMPLE_A)}`,
      trace_id: "run-legacy",
      timestamp: "2026-05-10T00:00:00+00:00",
      type: "tool_blocked",
      stage: "decision",
      agent: { id: AGENT, name: "demo-agent" },
      schema_version: "interceptor/legacy",
      tool: "send_email",
      decision: "block",
      reasons: ["Legacy policy block"],
      provenance: [],
      flags: ["imported"],
      payload: { interceptor: { decision_stage: "policy" } },
    });
  });

  it("(b) a line from before event_type existed is read like from_dict", () => {
    expect(map(EXAMPLE_B)).toEqual({
      id: `icp-${sha32(EXAMPLE_B)}`,
      trace_id: "legacy-trace",
      timestamp: "2026-01-01T00:00:00+00:00",
      type: "tool_allowed",
      stage: "decision",
      agent: { id: AGENT, name: "legacy-agent" },
      schema_version: "interceptor/legacy",
      tool: "read_customer",
      decision: "allow",
      reasons: ["legacy allowed"],
      flags: ["imported"],
      payload: { interceptor: { allowed: true } },
    });
  });

  it("(c) replay timeline entry of a plan", () => {
    expect(map(EXAMPLE_C)).toEqual({
      id: "evt-abc123",
      trace_id: `icp-untraced-${AGENT}`,
      timestamp: "2026-05-17T00:00:00+00:00",
      type: "plan",
      stage: "plan",
      agent: { id: AGENT, name: "ops_agent" },
      schema_version: "interceptor/0.5.0",
      plan: { id: "plan-123" },
      tool: "restart_service",
      decision: "pending",
      reasons: ["Execution plan created"],
      provenance: [{ source_type: "skill", trust_level: "unverified", source_name: "untrusted_openclaw_skill", metadata: {} }],
      flags: ["imported"],
      payload: { interceptor: { decision_stage: "plan" } },
    });
  });
});

describe("mapInterceptorLine: a full schema 0.5.0 line", () => {
  const line = JSON.parse(CONSTRUCTED_DECISION);

  it("has the 52 fields of the reference", () => {
    expect(Object.keys(line)).toHaveLength(52);
  });

  it("maps every field to its home and keeps the rest under payload.interceptor", () => {
    const e = map(CONSTRUCTED_DECISION);
    expect(e).toMatchObject({
      id: "evt-0123456789abcdef0123456789abcdef",
      trace_id: T,
      timestamp: "2026-05-18T09:14:03.518020+00:00",
      type: "decision",
      stage: "policy", // decision_stage "evaluate": the policy evaluation step
      decision: "allow",
      agent: { id: AGENT, name: "sales_agent", environment: "dev" },
      schema_version: "interceptor/0.5.0",
      tool: "read_customer",
      arguments: { customer_id: "123" },
      policy: { determining: ["monitored_tools"] },
      risk: { level: "medium" },
      cost: { usd: 0.01 },
      flags: ["imported"],
    });
    expect(e.agent).toEqual({ id: AGENT, name: "sales_agent", environment: "dev" });
    expect(e.parent_trace_id).toBeUndefined();
    expect(e.approval).toBeUndefined();
    // the reason first, then the chain without repeating it
    expect(e.reasons).toEqual([
      "Tool 'read_customer' allowed with audit monitoring",
      "Capability gate skipped because no capabilities were provided",
      "Capability cap_customer_read (risk: medium) governs access to read_customer",
    ]);
    expect(e.plan).toEqual({
      id: P,
      intent: "read_customer",
      risk_level: "low",
      steps: [{ index: 0, id: "c0ffee00c0ffee00c0ffee00c0ffee00", tool: "read_customer", intent: "read_customer", capability: "customer.read", arguments: { customer_id: "123" }, risk_level: "low" }],
    });
    expect(e.provenance).toEqual([{ source_type: "user_prompt", trust_level: "internal", source_name: "api_request", metadata: {} }]);
    expect(e.budget).toEqual({
      limits: { max_tool_calls: 20, max_depth: 5, max_runtime_seconds: 60, max_cost_usd: 2 },
      usage: { tool_calls_used: 0, depth_used: 0, runtime_seconds: 0, estimated_cost_usd: 0.01 },
      violations: [],
      status: "within_budget",
    });
    const payload = e.payload as { interceptor: Record<string, unknown>; data: unknown };
    expect(payload.data).toEqual(line.payload);
    expect(payload.interceptor).toEqual({
      requested_capabilities: ["customer.read"],
      plan_steps: line.plan_steps,
      decision_stage: "evaluate",
      audit_kind: "decision",
      stage: "tool",
      context: line.context,
      framework: "legacy",
      capability_risks: { cap_customer_read: "medium" },
      tool_calls_used: 0,
      tool_calls_remaining: 20,
      depth_used: 0,
      runtime_seconds: 0,
    });
    // keys keep the line's order
    expect(Object.keys(payload.interceptor)).toEqual(Object.keys(line).filter((k) => k in payload.interceptor));
  });

  it("keeps the line's own agent identity beside the importing agent", () => {
    const e = map(JSON.stringify({ ...line, agent_id: "agt-sales-7", agent_trust_level: "internal", agent_environment: "prod", environment: "dev" }));
    expect(e.agent).toEqual({ id: AGENT, name: "sales_agent", external_id: "agt-sales-7", trust_level: "internal", environment: "prod" });
    expect((e.payload as { interceptor: Record<string, unknown> }).interceptor.environment).toBe("dev");
  });

  it("maps budget violations, approvals and parent traces", () => {
    const e = map(JSON.stringify({
      ...line,
      event_type: "approval_required", decision: "require_approval", decision_stage: "decision", audit_kind: "decision", allowed: false,
      approval_id: "apr-3f9c2a71b04e", parent_trace_id: "f00dfeedf00dfeedf00dfeedf00dfeed",
      runtime_budget: { max_tool_calls: 20, max_depth: 5, max_runtime_seconds: 60, max_cost_usd: 0.05 },
      runtime_usage: { tool_calls_used: 12, depth_used: 2, runtime_seconds: 14, estimated_cost_usd: 0.1 },
      runtime_violations: ["cost_limit_exceeded"], budget_status: "violated", tool_calls_remaining: 8, estimated_cost_usd: 0.1,
      payload: { approval_required: true },
    }));
    expect(e).toMatchObject({
      type: "approval_required", stage: "approval", decision: "require_approval",
      approval: { id: "apr-3f9c2a71b04e" }, parent_trace_id: "f00dfeedf00dfeedf00dfeedf00dfeed", cost: { usd: 0.1 },
      budget: { violations: ["cost_limit_exceeded"], status: "violated", limits: { max_cost_usd: 0.05 }, usage: { tool_calls_used: 12 } },
      payload: { data: { approval_required: true } },
    });
    expect(e.reasons).toEqual(["Tool 'read_customer' allowed with audit monitoring"]);
  });
});

describe("mapInterceptorLine: stages and decisions", () => {
  const base = { timestamp: "2026-05-18T10:00:00+00:00", schema_version: "0.5.0", trace_id: "t1", agent_name: "a" };
  const stageOf = (fields: Record<string, unknown>) => map(JSON.stringify({ ...base, ...fields })).stage;

  it("follows the documented table", () => {
    expect(stageOf({ event_type: "plan", decision_stage: "plan" })).toBe("plan");
    expect(stageOf({ event_type: "decision", decision_stage: "evaluate" })).toBe("policy");
    expect(stageOf({ event_type: "decision" })).toBe("decision");
    expect(stageOf({ event_type: "tool_allowed", decision_stage: "decision", audit_kind: "decision" })).toBe("decision");
    // the capability gate: its verdict is the evaluate event, what it enforced is tool_blocked
    expect(stageOf({ event_type: "decision", decision_stage: "evaluate", payload: { capability_result: "blocked" } })).toBe("capability");
    expect(stageOf({ event_type: "tool_blocked", decision_stage: "decision", audit_kind: "capability" })).toBe("decision");
    expect(stageOf({ event_type: "approval_required", decision_stage: "decision" })).toBe("approval");
    expect(stageOf({ event_type: "tool_call", decision_stage: "execute" })).toBe("execution");
    expect(stageOf({ event_type: "tool_executed", decision_stage: "execute" })).toBe("execution");
    for (const t of ["user_input", "prompt_allowed", "prompt_blocked"]) expect(stageOf({ event_type: t, stage: "input" })).toBe("input");
    for (const t of ["final_output", "output_allowed", "output_blocked"]) expect(stageOf({ event_type: t })).toBe("output");
    expect(stageOf({ event_type: "mcp_policy_decision", decision_stage: "mcp_policy", protocol: "mcp" })).toBe("decision");
    expect(stageOf({ event_type: "something_new", decision_stage: "execute" })).toBe("execution");
    expect(stageOf({ event_type: "something_new", stage: "output" })).toBe("output");
    expect(stageOf({ event_type: "something_new" })).toBe("execution");
  });

  it("maps decisions and keeps unknown ones in the payload", () => {
    const decisionOf = (d: string) => map(JSON.stringify({ ...base, event_type: "decision", decision: d })).decision;
    expect(decisionOf("allowed")).toBe("allow");
    expect(decisionOf("blocked")).toBe("block");
    expect(decisionOf("require_approval")).toBe("require_approval");
    expect(decisionOf("pending")).toBe("pending");
    expect(decisionOf("observed")).toBe("observed");
    const e = map(JSON.stringify({ ...base, event_type: "decision", decision: "escalated" }));
    expect(e.decision).toBeUndefined();
    expect(e.payload).toEqual({ interceptor: { decision: "escalated" } });
  });

  it("derives legacy types like from_dict", () => {
    const legacy = (fields: Record<string, unknown>) => map(JSON.stringify({ timestamp: "2026-01-01T00:00:00+00:00", trace_id: "t", ...fields }));
    expect(legacy({ allowed: true })).toMatchObject({ type: "tool_allowed", decision: "allow", stage: "decision" });
    expect(legacy({ allowed: false, approval_id: "apr-000000000001", reason: "Approval required for send_email" }))
      .toMatchObject({ type: "approval_required", decision: "require_approval", stage: "approval", approval: { id: "apr-000000000001" } });
    expect(legacy({ allowed: false, approval_id: "apr-000000000001", reason: "Tool blocked" })).toMatchObject({ type: "tool_blocked", decision: "block" });
    expect(legacy({ allowed: false, reason: "blocked by policy" })).toMatchObject({ type: "tool_blocked", decision: "block" });
    expect(legacy({ reason: "no verdict" })).toMatchObject({ type: "tool_blocked", decision: "block" });
    // the line's own decision word is not trusted for legacy lines, but kept
    expect(legacy({ allowed: false, decision: "allowed" }).payload).toEqual({ interceptor: { decision: "allowed", allowed: false } });
  });
});

describe("mapInterceptorLine: plans and provenance", () => {
  it("maps plan_steps to our PlanStep, by order", () => {
    const raw = JSON.stringify({
      timestamp: "2026-05-18T10:00:00.000001+00:00", event_type: "plan", decision: "pending", schema_version: "0.5.0",
      event_id: "evt-plan-1", trace_id: "t-plan", execution_plan_id: "pl-1", plan_id: null, plan_intent: "export and email the report",
      plan_risk_level: "critical", decision_stage: "plan", audit_kind: "plan",
      plan_steps: [
        { schema_version: "0.8.0", step_id: "s2", intent: "send it", tool_name: "send_email", capability: "email.send", target: "x@example.org", parameters: { to: "x@example.org" }, risk_level: "high", order: 2 },
        { schema_version: "0.8.0", step_id: "s1", intent: "export", tool_name: "export_report", capability: null, target: null, parameters: {}, risk_level: "low", order: 1 },
        { schema_version: "0.8.0", step_id: "s3", intent: "summarise for the user", tool_name: null, capability: null, target: null, parameters: {}, risk_level: "low", order: 3 },
        { step_id: "s4", intent: "archive", tool_name: "archive" },
      ],
    });
    const e = map(raw);
    expect(e.stage).toBe("plan");
    expect(e.risk).toBeUndefined();
    expect(e.plan).toEqual({
      id: "pl-1",
      intent: "export and email the report",
      risk_level: "critical",
      steps: [
        { index: 1, id: "s2", tool: "send_email", intent: "send it", capability: "email.send", arguments: { to: "x@example.org" }, risk_level: "high" },
        { index: 0, id: "s1", tool: "export_report", intent: "export", arguments: {}, risk_level: "low" },
        { index: 3, id: "s4", tool: "archive", intent: "archive" },
      ],
    });
    // the step without a tool and each step's target survive in the payload
    expect((e.payload as { interceptor: { plan_steps: unknown } }).interceptor.plan_steps).toEqual(JSON.parse(raw).plan_steps);
  });

  it("keeps execution_plan_id when it differs from plan_id", () => {
    const e = map(JSON.stringify({ timestamp: "2026-05-18T10:00:00Z", event_type: "plan", execution_plan_id: "ep", plan_id: "p" }));
    expect(e.plan).toEqual({ id: "p" });
    expect(e.payload).toEqual({ interceptor: { execution_plan_id: "ep" } });
  });

  it("keeps unknown trust levels and source types as sent", () => {
    const e = map(JSON.stringify({
      timestamp: "2026-05-18T10:00:00Z", event_type: "tool_call", decision: "pending", agent_name: "a", agent_trust_level: "unspecified",
      provenance: [
        { source_type: "retrieval_chunk", trust_level: "partner", source_name: "kb_2291", source_hash: "ab12", origin_uri: "https://kb.example.com/2291", metadata: { chunk: 3 } },
        { source_type: "mcp_client", trust_level: "external", source_name: null, source_hash: null, origin_uri: null, metadata: null },
      ],
    }));
    expect(e.agent.trust_level).toBe("unspecified");
    expect(e.provenance).toEqual([
      { source_type: "retrieval_chunk", trust_level: "partner", source_name: "kb_2291", content_hash: "ab12", origin_uri: "https://kb.example.com/2291", metadata: { chunk: 3 } },
      { source_type: "mcp_client", trust_level: "external" },
    ]);
    expect(e.payload).toEqual({ interceptor: {} });
  });

  it("keeps the original provenance when an entry has fields our model cannot hold", () => {
    const provenance = [{ source_type: "memory", trust_level: "internal", score: 0.9 }];
    const e = map(JSON.stringify({ timestamp: "2026-05-18T10:00:00Z", event_type: "tool_call", provenance }));
    expect(e.provenance).toEqual([{ source_type: "memory", trust_level: "internal" }]);
    expect(e.payload).toEqual({ interceptor: { provenance } });
  });
});

describe("mapInterceptorLine: ids and errors", () => {
  it("derives the same ids from the same line, and different ones from different lines", () => {
    const raw = '{"timestamp": "2026-01-01T00:00:00+00:00", "allowed": true, "tool_name": "x"}';
    expect(map(raw).id).toBe(map(raw).id);
    expect(map(raw).id).toBe(`icp-${sha32(raw)}`);
    expect(map(raw.replace('"x"', '"y"')).id).not.toBe(map(raw).id);
    expect(map(raw).trace_id).toBe(`icp-untraced-${AGENT}`);
  });

  it("replaces ids our model refuses with deterministic ones and keeps the originals", () => {
    const raw = JSON.stringify({ timestamp: "2026-01-01T00:00:00Z", event_type: "tool_call", event_id: "evt 1", trace_id: "run #7", parent_trace_id: "-parent" });
    const e = map(raw);
    expect(e.id).toBe(`icp-${sha32(raw)}`);
    expect(e.trace_id).toBe(`icp-${sha32("run #7")}`);
    expect(e.parent_trace_id).toBe(`icp-${sha32("-parent")}`);
    expect(e.payload).toEqual({ interceptor: { event_id: "evt 1", trace_id: "run #7", parent_trace_id: "-parent" } });
    // another line of the same trace lands in the same trace
    const other = map(JSON.stringify({ timestamp: "2026-01-01T00:00:01Z", event_type: "tool_executed", trace_id: "run #7" }));
    expect(other.trace_id).toBe(e.trace_id);
    expect(map(JSON.stringify({ timestamp: "2026-01-01T00:00:01Z", event_type: "plan", trace_id: "x".repeat(201) })).trace_id).toMatch(/^icp-[0-9a-f]{32}$/);
  });

  it("names the field of a missing or invalid timestamp", () => {
    expect(mapError({ event_type: "plan", trace_id: "t" })).toMatch(/^timestamp: missing/);
    expect(mapError({ event_type: "plan", timestamp: null })).toMatch(/^timestamp: missing/);
    expect(mapError({ event_type: "plan", timestamp: "yesterday" })).toMatch(/^timestamp: must be an ISO-8601 date-time/);
    expect(mapError({ event_type: "plan", timestamp: "2026-05-18T10:00:00" })).toMatch(/^timestamp: /);
    expect(mapError({ event_type: "plan", timestamp: 1747562400 })).toMatch(/^timestamp: /);
  });

  it("refuses values beyond our limits instead of clipping, naming the line's field", () => {
    const base = { timestamp: "2026-05-18T10:00:00Z", event_type: "tool_call" };
    expect(mapError({ ...base, agent_trust_level: "t".repeat(51) })).toMatch(/^agent_trust_level \(agent\.trust_level\): /);
    expect(mapError({ ...base, tool_name: "t".repeat(201) })).toMatch(/^tool_name \(tool\): /);
    expect(mapError({ ...base, reason: "r".repeat(4001) })).toMatch(/^reason \(reasons\[0\]\): /);
    expect(mapError({ ...base, payload: { reason_chain: ["ok", "r".repeat(4001)] } })).toMatch(/^payload\.reason_chain\[1\] \(reasons\[1\]\): /);
    expect(mapError({ ...base, provenance: [{ source_type: "skill", trust_level: "x".repeat(51) }] })).toMatch(/^provenance\[0\]\.trust_level: /);
    expect(mapError({ ...base, provenance: [{ source_type: "skill" }] })).toBe("provenance[0].trust_level: missing");
    expect(mapError({ ...base, plan_steps: [{ tool_name: "x".repeat(201), order: 1 }] })).toMatch(/^plan_steps\[0\]\.tool_name \(plan\.steps\[0\]\.tool\): /);
    expect(mapError({ ...base, plan_steps: [{ tool_name: "x", order: 0 }] })).toMatch(/^plan_steps\[0\]\.order: /);
    expect(mapError({ ...base, estimated_cost_usd: -1 })).toMatch(/^estimated_cost_usd \(cost\.usd\): /);
    expect(mapError({ ...base, event_type: "tool call" })).toMatch(/^event_type \(type\): /);
    expect(mapError({ ...base, schema_version: "v".repeat(50) })).toMatch(/^schema_version: /);
    expect(mapError({ ...base, runtime_violations: "cost" })).toMatch(/^runtime_violations \(budget\.violations\): /);
  });

  it("refuses anything but an object", () => {
    for (const v of [[], null, "x", 1]) {
      const r = mapInterceptorLine(v, { agentId: AGENT, rawLine: JSON.stringify(v) });
      expect(r).toEqual({ ok: false, error: "an interceptor line must be a JSON object" });
    }
  });
});

describe("parseInterceptorJsonl", () => {
  it("reports malformed lines by number while the rest map", () => {
    const good2 = '{"timestamp": "2026-05-18T10:00:01+00:00", "event_type": "tool_executed", "decision": "allowed", "trace_id": "t"}';
    const text = [
      "\uFEFF" + EXAMPLE_B,
      '{"timestamp": "2026-05-18T10:00:00+00:00", "event_type": ',
      "",
      '[{"event_type": "plan"}]',
      '{"event_type": "plan", "trace_id": "t"}',
      "   ",
      EXAMPLE_A,
      good2,
    ].join("\r\n") + "\r\n";
    const r = parseInterceptorJsonl(text, AGENT);
    expect(r.map((x) => [x.line, x.ok])).toEqual([[1, true], [2, false], [4, false], [5, false], [7, true], [8, true]]);
    const errors = r.flatMap((x) => (x.ok ? [] : [x.error]));
    expect(errors[0]).toMatch(/^line 2: not valid JSON: /);
    expect(errors[1]).toBe("line 4: must be a JSON object, got an array");
    expect(errors[2]).toMatch(/^line 5: timestamp: missing/);
    // raw is the exact line without its line ending (and without the file's byte-order mark)
    expect(r[0].raw).toBe(EXAMPLE_B);
    expect(r[4].raw).toBe(EXAMPLE_A);
    expect(r[1].raw).toBe('{"timestamp": "2026-05-18T10:00:00+00:00", "event_type": ');
    // ids derive from the raw line, so the same file maps to the same ids every time
    const first = r[0];
    expect(first.ok && first.event.id).toBe(`icp-${sha32(EXAMPLE_B)}`);
    const again = parseInterceptorJsonl(text, AGENT);
    expect(again).toEqual(r);
  });

  it("refuses lines nested deeper than 64 levels", () => {
    const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
    const line = (n: number) => `{"timestamp": "2026-05-18T10:00:00Z", "event_type": "tool_call", "arguments": {"a": ${nest(n)}}}`;
    const r = parseInterceptorJsonl([line(62), line(63), `{"reason": "${"[".repeat(100)}", "timestamp": "2026-05-18T10:00:00Z", "event_type": "x"}`, line(10_000)].join("\n"), AGENT);
    expect(r.map((x) => x.ok)).toEqual([true, false, true, false]);
    expect(r[1]).toMatchObject({ line: 2, ok: false, error: "line 2: nested deeper than 64 levels" });
  });

  it("imports the sample log: two traces, two legacy lines, one truncated line", () => {
    const text = readFileSync(path.join(import.meta.dirname, "fixtures/interceptor-sample.jsonl"), "utf8");
    const r = parseInterceptorJsonl(text, AGENT);
    expect(r).toHaveLength(13);
    expect(r.filter((x) => !x.ok).map((x) => x.line)).toEqual([9]);
    const events = r.flatMap((x) => (x.ok ? [x.event] : []));
    for (const e of events) expect(RuntimeEvent.parse(e)).toEqual(e);
    expect(new Set(events.map((e) => e.id)).size).toBe(12);
    // every 0.5.0 line carries all 52 fields, in the reference's order
    const full = text.split("\n").filter((l) => l.includes('"schema_version": "0.5.0"')).flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } });
    expect(full).toHaveLength(10);
    const order = Object.keys(JSON.parse(CONSTRUCTED_DECISION));
    for (const l of full) expect(Object.keys(l)).toEqual(order);

    expect(events.map((e) => `${e.type}/${e.stage}/${e.decision}`)).toEqual([
      "tool_allowed/decision/allow", "tool_blocked/decision/block",
      "plan/plan/pending", "decision/policy/allow", "tool_call/execution/pending", "tool_allowed/decision/allow", "tool_executed/execution/allow", "final_output/output/allow",
      "plan/plan/pending", "decision/policy/require_approval", "tool_call/execution/pending", "approval_required/approval/require_approval",
    ]);
    const [sales, support] = [events[2].trace_id, events[8].trace_id];
    expect(events.slice(2, 8).every((e) => e.trace_id === sales)).toBe(true);
    expect(events.slice(8).every((e) => e.trace_id === support && e.parent_trace_id === sales)).toBe(true);
    expect(events[11]).toMatchObject({ approval: { id: "apr-3f9c2a71b04e" }, policy: { determining: ["agents.support_agent.approval_required_tools"] } });
    expect(events[11].agent).toEqual({ id: AGENT, name: "support_agent", external_id: "agt-support-01", trust_level: "internal", environment: "prod" });
    expect(events[11].provenance?.map((p) => `${p.source_type}:${p.trust_level}`)).toEqual(["user_prompt:trusted", "retrieval_chunk:external", "skill:partner"]);
  });
});

/** A file's events grouped by trace, in file order, as the chain would record them. */
function tracesOf(events: RuntimeEvent[]): Map<string, RecordedEvent[]> {
  const out = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = out.get(e.trace_id) ?? [];
    list.push({ trace_id: e.trace_id, seq: list.length + 1, hash: `h${list.length + 1}`, event: e });
    out.set(e.trace_id, list);
  }
  return out;
}

/** The trace list's rollup (lib/ingest/store-events.ts rollUp): the last verdict of an event that is not a dry run or explain. */
function listDecision(events: RecordedEvent[]): string | null {
  let d: string | null = null;
  for (const { event: e } of events) {
    const counted = !(e.flags ?? []).some((f) => f === "dry_run" || f === "explain");
    if (counted && e.decision && (VERDICTS as readonly string[]).includes(e.decision)) d = e.decision;
  }
  return d;
}

const VERDICT_OF_DECISION: Record<string, string> = { block: "blocked", allow: "matched", require_approval: "review" };

describe("reference-log import fidelity (issue 8 D)", () => {
  const text = readFileSync(path.join(import.meta.dirname, "fixtures/interceptor-defects.jsonl"), "utf8");
  const events = parseInterceptorJsonl(text, AGENT).map((r) => {
    if (!r.ok) throw new Error(r.error);
    return r.event;
  });
  const traces = tracesOf(events);
  const CAPABILITY = "ca9a0000000000000000000000000001";
  const MCP = "3c9d0000000000000000000000000002";

  it("maps the capability gate's block as the step's decision, so the diff says blocked like the list row", () => {
    const rec = traces.get(CAPABILITY)!;
    expect(rec.map((r) => `${r.event.type}/${r.event.stage}/${r.event.decision}`)).toEqual([
      "plan/plan/pending", "decision/capability/block", "tool_call/execution/pending", "tool_blocked/decision/block",
    ]);
    const diff = replayDiff(rec);
    const [step] = diff.plans.flatMap((p) => p.steps);
    expect(step.step.decision).toMatchObject({ value: "block", determining: ["capability_gate"] });
    expect(step.step.stages.map((x) => `${x.stage}:${x.decision}`)).toEqual(["capability:block"]);
    expect(step.result).toBe("blocked");
    expect(diff.verdict).toBe("blocked");
    expect(VERDICT_OF_DECISION[listDecision(rec)!]).toBe(diff.verdict);
  });

  it("takes an MCP proxy's BLOCKED after an approval request as the step's decision", () => {
    const rec = traces.get(MCP)!;
    expect(rec.at(-1)!.event).toMatchObject({ type: "mcp_policy_decision", stage: "decision", decision: "block" });
    const diff = replayDiff(rec);
    const [step] = diff.plans.flatMap((p) => p.steps);
    expect(step.step.decision?.value).toBe("block");
    expect(step.step.earlier_decisions.map((d) => d.value)).toEqual(["require_approval"]);
    expect(step.step.approval).toMatchObject({ id: "apr-3c9d00000001", status: "pending" });
    expect(diff.verdict).toBe("blocked");
    expect(VERDICT_OF_DECISION[listDecision(rec)!]).toBe(diff.verdict);
  });

  it("still finds those decisions in events imported with the old mapping (capability / policy stage)", () => {
    const old = traces.get(CAPABILITY)!.map((r) => (r.event.type === "tool_blocked" ? { ...r, event: { ...r.event, stage: "capability" as const } } : r));
    expect(replayDiff(old).verdict).toBe("blocked");
    const mcp = traces.get(MCP)!.map((r) => (r.event.type === "mcp_policy_decision" ? { ...r, event: { ...r.event, stage: "policy" as const } } : r));
    expect(replayDiff(mcp).verdict).toBe("blocked");
  });

  it("marks lines whose payload says dry_run: true as dry_run, and only those", () => {
    const flagged = events.filter((e) => e.flags?.includes("dry_run")).map((e) => `${e.trace_id.slice(0, 4)}:${e.type}`);
    expect(flagged).toEqual(["3c9d:plan", "3c9d:tool_call", "d290:plan", "d290:tool_call"]);
    for (const e of events) expect(e.flags).toContain("imported");
    // a dry run's plan is an advisory, not a plan whose steps were decided
    const diff = replayDiff(traces.get("d2900000000000000000000000000005")!);
    expect(diff.counts.steps).toBe(0);
  });

  it("keeps the repeated estimated_cost_usd on every line (the store takes the largest, not the sum)", () => {
    expect(traces.get(CAPABILITY)!.map((r) => r.event.cost?.usd)).toEqual([0.01, 0.01, 0.01, 0.01]);
  });

  it("shows an approval request as pending, not unknown", () => {
    const rec = traces.get("a9900000000000000000000000000003")!;
    expect(rec.at(-1)!.event.approval).toEqual({ id: "apr-a99000000001", status: "pending" });
    const [step] = replayDiff(rec).plans.flatMap((p) => p.steps);
    expect(step.step.approval).toMatchObject({ id: "apr-a99000000001", status: "pending", raw_status: null });
  });

  it("puts lines without a trace id into one trace per importing agent", () => {
    const legacy = text.trim().split("\n").at(-1)!;
    const of = (agentId: string) => {
      const r = mapInterceptorLine(JSON.parse(legacy), { agentId, rawLine: legacy });
      if (!r.ok) throw new Error(r.error);
      return r.event.trace_id;
    };
    expect(of("agent-x")).toBe("icp-untraced-agent-x");
    expect(of("agent-y")).toBe("icp-untraced-agent-y");
    expect(events.at(-1)!.trace_id).toBe(`icp-untraced-${AGENT}`);
  });

  it("names a sink-failure record as such instead of reporting a missing timestamp", () => {
    const err = mapError({ sink_type: "WebhookEventSink", event_type: "tool_call", error_type: "ConnectError", message: "Connection refused" });
    expect(err).toMatch(/^a sink-failure record of the reference \(sink_failures\.jsonl: its WebhookEventSink failed to write an event of type tool_call: ConnectError: Connection refused\)/);
    expect(err).not.toMatch(/timestamp/);
    // and an approval-store record sent as an audit line says where it belongs
    expect(mapError({ approval_id: "apr-1", status: "approved", agent_name: "a", tool_name: "t" })).toMatch(/^a record of the reference's approval store \(approvals\.jsonl\)/);
  });
});
