import fs from "node:fs";
import path from "node:path";
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { evaluate, type ActiveBundle } from "@/engine/evaluate";
import { CedarAuthorizer, parseCedarPolicies, type CedarAuthorizeRequest, type CedarDecision } from "@/engine/policy/cedar";
import { defaultBundle } from "@/engine/policy/load-bundle";
import { mergeSuites, parseSuiteFile } from "@/engine/scenarios/format";
import { bundleWithFixtures, SCENARIO_NOW } from "@/engine/scenarios/run-suite";

/**
 * The authorizer's pruned, per-request policy sets (now also by side-effect class, and passing only the record
 * attributes policies read) answer exactly as the whole default set with every attribute would — on the contexts
 * the engine really builds, for every step of the project's scenario suite.
 */

class Recording extends CedarAuthorizer {
  readonly seen: CedarAuthorizeRequest[] = [];
  override authorize(req: CedarAuthorizeRequest): CedarDecision {
    this.seen.push(req);
    return super.authorize(req);
  }
}

describe("pruned Cedar sets on engine-built contexts", () => {
  it("decide exactly as the whole policy set", () => {
    const dir = path.resolve(import.meta.dirname, "../../scenarios");
    const parts = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => parseSuiteFile(f, fs.readFileSync(path.join(dir, f), "utf8")).suite);
    const suite = mergeSuites("s", parts).suite;
    const content = bundleWithFixtures(defaultBundle(), suite);
    const authorizer = new Recording(content);
    const bundle: ActiveBundle = { id: content.id, rowId: "t", version: 1, environment: content.environment, content, authorizer };
    for (const s of suite.scenarios) {
      const grant = content.agents[s.agent];
      if (!grant || s.grants) continue;
      evaluate({ steps: s.steps }, bundle, {
        traceId: "tr", now: SCENARIO_NOW, agent: { id: s.agent, name: s.agent, disabled: false, trust_level: grant.trust_level, environment: grant.environment ?? "production", owner: grant.owner },
        executed: [], trace: { tool_calls: 0, tool_counts: {}, cost_usd: 0, started_at: SCENARIO_NOW }, agentToday: { tool_calls: 0, tool_counts: {}, cost_usd: 0 }, approvals: [],
        history: s.history.map((h) => ({ trace_id: "x", tool: h.tool, arguments: h.arguments, executed_at: new Date(SCENARIO_NOW.getTime() - h.days_ago * 86_400_000) })),
      });
    }
    const all = Object.fromEntries(parseCedarPolicies(content.cedar.policies).policies.map((p) => [p.id, p.text]));
    expect(cedar.preparsePolicySet("test-pruning-whole", { staticPolicies: all }).type).toBe("success");
    expect(authorizer.seen.length).toBeGreaterThan(200);
    for (const req of [...authorizer.seen]) {
      const ours = authorizer.authorize(req);
      const whole = cedar.statefulIsAuthorized({ ...authorizer.wholeSetCall(req), preparsedPolicySetId: "test-pruning-whole" });
      if (whole.type !== "success") throw new Error("cedar failed");
      expect(whole.response.diagnostics.errors).toEqual([]);
      expect([req.tool, ours.decision, [...ours.determining].sort()]).toEqual([req.tool, whole.response.decision, [...whole.response.diagnostics.reason].sort()]);
    }
  });
});
