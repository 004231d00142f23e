import type { ActiveBundle, EngineState } from "../evaluate";
import { CedarAuthorizer } from "../policy/cedar";
import { defaultBundleFiles } from "../policy/default-bundle/files";
import { loadBundle, type BundleFile } from "../policy/load-bundle";

/**
 * Fixtures the engine's own tests share: the shipped default bundle compiled as the server would hold it, and the
 * state the server would load for one of the demo agents. Tests only; no product code imports this.
 */

/** The default bundle's files, optionally edited, compiled into an active bundle (a load error fails the test). */
export function compileTestBundle(edit: (files: BundleFile[]) => BundleFile[] = (f) => f): ActiveBundle {
  const loaded = loadBundle(edit(defaultBundleFiles()));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { id: loaded.bundle.id, rowId: "pb_test", version: 1, environment: "production", content: loaded.bundle, authorizer: new CedarAuthorizer(loaded.bundle) };
}

export const TEST_NOW = new Date("2026-11-21T12:00:00Z");

/** The agents the default bundle grants, as the server knows them (environment, trust level, owner). */
export const TEST_AGENTS: Record<string, { environment: string; trust: string; owner: string }> = {
  "crm-sync": { environment: "production", trust: "internal", owner: "Revenue Operations" },
  "support-triage": { environment: "production", trust: "internal", owner: "Customer Support Engineering" },
  "devops-runner": { environment: "staging", trust: "internal", owner: "Platform Engineering" },
  "research-assistant": { environment: "sandbox", trust: "unverified", owner: "Strategy & Research" },
  "finance-ops": { environment: "production", trust: "trusted", owner: "Finance Systems" },
  "ops-orchestrator": { environment: "production", trust: "trusted", owner: "AI Platform" },
};

/** What the server would load for `agent` in a fresh trace (an unknown agent loads as null); `over` replaces fields. */
export function testState(agent: string, traceId: string, over: Partial<EngineState> = {}): EngineState {
  const a = TEST_AGENTS[agent];
  return {
    traceId, now: TEST_NOW,
    agent: a ? { id: agent, name: agent, disabled: false, trust_level: a.trust, environment: a.environment, owner: a.owner } : null,
    executed: [], trace: { tool_calls: 0, tool_counts: {}, cost_usd: 0, started_at: TEST_NOW }, agentToday: { tool_calls: 0, tool_counts: {}, cost_usd: 0 },
    approvals: [], ...over,
  };
}
