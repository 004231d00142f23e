import { describe, expect, it } from "vitest";
import { RuntimeEvent } from "@/engine/events/schema";
import { capabilityForTool } from "@/engine/policy/bundle";
import { defaultBundle } from "@/engine/policy/load-bundle";
import { EvaluateBody } from "@/lib/decisions/schemas";
import {
  DEMO_BUDGET_TRACE, DEMO_CHILD_TRACES, DEMO_EXFILTRATION_TRACE, DEMO_INJECTION_TRACE, DEMO_LONG_TRACE, DEMO_ORCHESTRATOR_TRACE, DEMO_UNAUTHORIZED_TRACE,
  DEMO_WORKED_EXAMPLE_TRACE, demoData, type DemoScenario,
} from "./demo-data";

// What the engine decides for these scenarios is asserted in seed-database.test.ts, after the seed has asked it.
const NOW = new Date("2026-11-21T12:00:00.000Z");
const data = demoData(NOW);
const scenario = (id: string): DemoScenario => {
  const s = data.scenarios.find((x) => x.traceId === id);
  if (!s) throw new Error(`no demo scenario ${id}`);
  return s;
};

describe("demo scenarios (inputs only: the engine decides them when seeded)", () => {
  it("are deterministic for a given clock; a later clock moves the times only", () => {
    expect(JSON.stringify(demoData(new Date(NOW)))).toBe(JSON.stringify(data));
    const later = demoData(new Date(NOW.getTime() + 3600_000));
    expect(later.scenarios.map((s) => s.traceId)).toEqual(data.scenarios.map((s) => s.traceId));
    expect(later.scenarios.map((s) => s.askAt - 3600_000)).toEqual(data.scenarios.map((s) => s.askAt));
  });

  it("have unique readable trace ids, six agents, and ask in time order over the three days before now", () => {
    const ids = data.scenarios.map((s) => s.traceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(45);
    for (const id of ids) expect(id).toMatch(/^tr_[a-z0-9_]+$/);
    expect(data.agents.map((a) => a.id).sort()).toEqual(["crm-sync", "devops-runner", "finance-ops", "ops-orchestrator", "research-assistant", "support-triage"]);
    const times = data.scenarios.map((s) => s.askAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime() - 3 * 86_400_000);
    expect(Math.max(...times)).toBeLessThan(NOW.getTime());
  });

  it("carry no decision of their own: the agents' reports are observations, and no risk figure or policy id is written", () => {
    for (const s of data.scenarios) {
      for (const e of [...s.before, ...(s.after ?? [])]) {
        expect(RuntimeEvent.parse(e)).toEqual(e);
        expect([e.trace_id, e.agent.id, e.decision]).toEqual([s.traceId, s.agentId, "observed"]);
        expect(e.policy, e.id).toBeUndefined();
        expect(e.risk, e.id).toBeUndefined();
      }
      // every plan is a valid POST /api/v1/evaluate body
      for (const p of s.plans) {
        const body = { trace_id: s.traceId, plan: { intent: p.intent, steps: p.steps.map((st) => ({ tool: st.tool, intent: st.intent, arguments: st.args as never, provenance: st.provenance })) } };
        expect(EvaluateBody.safeParse(body).success, s.traceId).toBe(true);
      }
    }
    const text = JSON.stringify(data);
    for (const typed of ["permit-", "forbid-", "risk-threshold", "r_total", "step_risk", "R_TOTAL", "token_jti"]) expect(text, typed).not.toContain(typed);
  });

  it("tell the stories through their inputs", () => {
    // §8: the outside recipient is known from an inbound (external) thread; a person will approve
    const worked = scenario(DEMO_WORKED_EXAMPLE_TRACE).plans[0].steps;
    expect(worked.map((s) => s.tool)).toEqual(["db.read", "send_email", "db.write"]);
    expect(worked[1].provenance!.map((p) => p.trust_level)).toContain("external");
    expect(worked[1].approval?.outcome).toBe("granted");
    // §3.1: the forward comes from an unverified KB article carrying an instruction override
    const fwd = scenario(DEMO_INJECTION_TRACE).plans[0].steps[1];
    expect(fwd.tool).toBe("email.forward");
    expect(fwd.provenance![0]).toMatchObject({ trust_level: "unverified", source_name: "kb/article-17" });
    expect(fwd.provenance![0].content).toMatch(/Ignore previous instructions/);
    // §3.5: secrets and an export, then an upload to a host named only in echoed log content
    expect(scenario(DEMO_EXFILTRATION_TRACE).plans[0].steps.map((s) => s.tool)).toEqual(["k8s.get_logs", "vault.read", "db.export", "http.upload"]);
    // §3.4: more writes planned in one run than crm-sync's budget (the bundle says how many)
    expect(scenario(DEMO_BUDGET_TRACE).plans[0].steps.filter((s) => s.tool === "hubspot.enroll_sequence").length).toBeGreaterThan(10);
    // a crawl in batches, one link to the cloud metadata address
    const crawl = scenario(DEMO_LONG_TRACE);
    expect(crawl.plans.flatMap((p) => p.steps).length).toBeGreaterThan(1500);
    // the first batch is within the default bundle's step budget (20); the runaway batches after it are not
    expect(crawl.plans[0].steps.length).toBeLessThanOrEqual(20);
    expect(crawl.plans.slice(1).every((p) => p.steps.length > 20)).toBe(true);
    expect(JSON.stringify(crawl.plans)).toContain("169.254.169.254");
    // children link to the orchestrator; the legacy executor does not wait
    for (const c of DEMO_CHILD_TRACES) expect(scenario(c).parentTraceId).toBe(DEMO_ORCHESTRATOR_TRACE);
    for (const c of DEMO_CHILD_TRACES) expect(scenario(c).before.every((e) => e.parent_trace_id === DEMO_ORCHESTRATOR_TRACE)).toBe(true);
    expect(scenario(DEMO_UNAUTHORIZED_TRACE).runsWithoutWaiting).toBe(true);
    expect(data.scenarios.filter((s) => s.runsWithoutWaiting).map((s) => s.traceId)).toEqual([DEMO_UNAUTHORIZED_TRACE]);
  });

  it("cover dry runs, explains and approvals that are granted and denied", () => {
    expect(data.scenarios.some((s) => s.mode === "dry_run")).toBe(true);
    expect(data.scenarios.filter((s) => s.mode === "explain").length).toBeGreaterThanOrEqual(2);
    const outcomes = new Set(data.scenarios.flatMap((s) => s.plans.flatMap((p) => p.steps.map((st) => st.approval?.outcome)).filter(Boolean)));
    expect(outcomes).toEqual(new Set(["granted", "denied", "pending"]));
  });
});

describe("the demo data and the default bundle it is decided under", () => {
  const content = defaultBundle();

  it("defines every demo agent with the same owner, trust level and environment", () => {
    for (const a of data.agents) {
      expect(content.agents[a.id], a.id).toMatchObject({ owner: a.owner, trust_level: a.trustLevel, environment: a.environment });
    }
    expect(Object.keys(content.agents).sort()).toEqual(data.agents.map((a) => a.id).sort());
  });

  it("knows every tool the demo scenarios plan (the engine, not the demo, decides whether it is granted)", () => {
    const tools = new Set(data.scenarios.flatMap((sc) => sc.plans.flatMap((p) => p.steps.map((st) => st.tool))));
    expect(tools.size).toBeGreaterThan(30);
    for (const tool of tools) expect(capabilityForTool(content, tool)?.name, tool).toBeDefined();
  });
});
