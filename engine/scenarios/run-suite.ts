import { canonicalJson } from "@/engine/crypto/canonical-json";
import { evaluate, type ActiveBundle, type EngineState, type StepDecision } from "@/engine/evaluate";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import { CedarAuthorizer } from "@/engine/policy/cedar";
import { EXPECTATIONS, type Expectation, type Scenario, type Suite } from "./format";

/**
 * runSuite(bundle, suite) → results: every scenario through the real engine (identity, capability gate, guard,
 * Cedar, budgets, chain risk) in dry run — nothing is granted or stored — against the bundle plus the suite's
 * fixtures, compared with what it expects. Pure, so a route, the CLI and a test call the same function.
 *
 * The gating number is `unsafe_allows`: a scenario that expects block or approval and came back allow.
 */

export type ScenarioResult = {
  id: string;
  file: string;
  threat: string;
  domain: string | null;
  expected: Expectation;
  actual: Expectation;
  pass: boolean;
  /** steps whose own expectation failed: index, expected, actual */
  step_failures: Array<{ index: number; tool: string; expected: Expectation; actual: string }>;
  /**
   * The reasons of the steps that decided the plan: the blocked steps, else the steps waiting for approval, else (an
   * allow) the allowed steps — those whose own expectation failed first — so an unsafe allow names what allowed it.
   */
  reasons: string[];
  /** the determining policies of those steps: forbids of a block, permits of an approval or an allow */
  determining: string[];
  why: string;
  r_total: number;
};

export type Matrix = Record<Expectation, Record<Expectation, number>>;

export type SuiteResult = {
  suite: string;
  bundle: { id: string; version: number };
  total: number;
  passed: number;
  failed: number;
  accuracy: number;
  matrix: Matrix;
  unsafe_allows: ScenarioResult[];
  false_blocks: ScenarioResult[];
  friction: ScenarioResult[];
  by_threat: Record<string, { total: number; passed: number; accuracy: number }>;
  results: ScenarioResult[];
  /** fixtures or scenarios that could not run (e.g. an unknown capability), as sentences */
  errors: string[];
};

/** The fixed clock of every scenario: history `days_ago` counts back from it. */
export const SCENARIO_NOW = new Date("2026-12-01T12:00:00Z");

/** The bundle under test with the suite's capabilities and agents merged in, validated as an uploaded bundle is. */
export function bundleWithFixtures(base: PolicyBundleContent, suite: Pick<Suite, "capabilities" | "agents" | "internal_domains">): PolicyBundleContent {
  const toolOwner = new Map<string, string>();
  for (const [name, c] of Object.entries(base.capabilities)) for (const t of c.tools) toolOwner.set(t, name);
  for (const [name, c] of Object.entries(suite.capabilities)) {
    for (const t of ((c as { tools?: unknown }).tools as string[] | undefined) ?? []) {
      const owner = toolOwner.get(t);
      if (owner && owner !== name) throw new Error(`suite capability ${name}: tool ${t} is already in capability ${owner} of the bundle`);
    }
  }
  const merged = {
    ...base,
    internal_domains: [...new Set([...base.internal_domains, ...suite.internal_domains])],
    capabilities: { ...base.capabilities, ...suite.capabilities },
    agents: { ...base.agents, ...suite.agents },
  };
  const parsed = PolicyBundleContent.safeParse(merged);
  if (!parsed.success) throw new Error(`suite fixtures: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  for (const [agent, g] of Object.entries(parsed.data.agents)) {
    for (const c of g.capabilities) if (!parsed.data.capabilities[c]) throw new Error(`suite agent ${agent}: unknown capability ${c}`);
  }
  return parsed.data;
}

function emptyMatrix(): Matrix {
  const m = {} as Matrix;
  for (const e of EXPECTATIONS) m[e] = { allow: 0, block: 0, require_approval: 0 };
  return m;
}

const asExpectation = (d: string): Expectation => (d === "pending" ? "require_approval" : (d as Expectation));

/**
 * The steps that decided a plan: the blocked ones; else those waiting for approval; else, for an allow, every
 * allowed step, the ones whose own expectation failed first (they are what an unsafe allow let through).
 */
function decidingSteps(steps: StepDecision[], failed: ReadonlySet<number>): StepDecision[] {
  const blocked = steps.filter((x) => x.decision === "block");
  if (blocked.length) return blocked;
  const waiting = steps.filter((x) => x.decision === "require_approval");
  if (waiting.length) return waiting;
  const allowed = steps.filter((x) => x.decision === "allow");
  return [...allowed.filter((x) => failed.has(x.index)), ...allowed.filter((x) => !failed.has(x.index))];
}

/** Runs every scenario of the suite against `base` (plus fixtures) and tallies the results. */
export function runSuite(base: PolicyBundleContent, suite: Suite, version = 0): SuiteResult {
  const errors: string[] = [];
  let content: PolicyBundleContent;
  try {
    content = bundleWithFixtures(base, suite);
  } catch (e) {
    content = base;
    errors.push((e as Error).message);
  }
  const compiled = new Map<string, ActiveBundle>();
  const bundleFor = (s: Scenario): ActiveBundle => {
    const grant = content.agents[s.agent];
    const key = s.grants && grant ? canonicalJson({ agent: s.agent, grants: s.grants }) : "";
    let b = compiled.get(key);
    if (!b) {
      const c = key ? { ...content, agents: { ...content.agents, [s.agent]: { ...grant, capabilities: s.grants! } } } : content;
      b = { id: c.id, rowId: "scenario", version, environment: c.environment, content: c, authorizer: new CedarAuthorizer(c) };
      compiled.set(key, b);
    }
    return b;
  };

  const results: ScenarioResult[] = [];
  for (const s of suite.scenarios) {
    const b = bundleFor(s);
    const grant = b.content.agents[s.agent];
    if (s.grants) for (const g of s.grants) if (!b.content.capabilities[g]) errors.push(`scenario ${s.id}: grants names unknown capability ${g}`);
    const traceId = `tr_scenario_${s.id}`;
    const state: EngineState = {
      traceId, now: SCENARIO_NOW,
      agent: grant ? { id: s.agent, name: s.agent, disabled: false, trust_level: grant.trust_level, environment: grant.environment ?? b.content.environment, owner: grant.owner } : null,
      executed: [], trace: { tool_calls: 0, tool_counts: {}, cost_usd: 0, started_at: SCENARIO_NOW },
      agentToday: { tool_calls: 0, tool_counts: {}, cost_usd: 0 }, approvals: [],
      history: s.history.map((h) => ({ trace_id: h.same_trace ? traceId : "tr_earlier", tool: h.tool, arguments: h.arguments, executed_at: new Date(SCENARIO_NOW.getTime() - h.days_ago * 86_400_000) })),
    };
    const d = evaluate({ ...(s.intent ? { intent: s.intent } : {}), steps: s.steps.map((st) => ({ tool: st.tool, arguments: st.arguments, provenance: st.provenance, ...(st.intent ? { intent: st.intent } : {}) })) }, b, state);
    const actual = asExpectation(d.decision);
    const stepFailures = s.steps.flatMap((st, i) => {
      const got = d.steps[i].decision;
      return st.expect && asExpectation(got) !== st.expect ? [{ index: d.steps[i].index, tool: st.tool, expected: st.expect, actual: got }] : [];
    });
    const deciding = decidingSteps(d.steps, new Set(stepFailures.map((f) => f.index)));
    results.push({
      id: s.id, file: s.file, threat: s.threat, domain: s.domain ?? null, expected: s.expect, actual, pass: actual === s.expect && stepFailures.length === 0,
      step_failures: stepFailures, reasons: deciding.flatMap((x) => x.reasons).slice(0, 4), determining: [...new Set(deciding.flatMap((x) => x.stages.policy.determining))],
      why: s.why, r_total: d.r_total,
    });
  }

  const matrix = emptyMatrix();
  const byThreat: SuiteResult["by_threat"] = {};
  for (const r of results) {
    matrix[r.expected][r.actual]++;
    const t = (byThreat[r.threat] ??= { total: 0, passed: 0, accuracy: 0 });
    t.total++;
    if (r.pass) t.passed++;
  }
  for (const t of Object.values(byThreat)) t.accuracy = t.total ? t.passed / t.total : 0;
  const passed = results.filter((r) => r.pass).length;
  return {
    suite: suite.name, bundle: { id: content.id, version }, total: results.length, passed, failed: results.length - passed,
    accuracy: results.length ? passed / results.length : 0, matrix,
    unsafe_allows: results.filter((r) => r.expected !== "allow" && r.actual === "allow"),
    false_blocks: results.filter((r) => r.expected === "allow" && r.actual === "block"),
    friction: results.filter((r) => r.expected === "allow" && r.actual === "require_approval"),
    by_threat: byThreat, results, errors,
  };
}
