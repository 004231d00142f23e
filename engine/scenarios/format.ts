import { parse } from "yaml";
import { z } from "zod";

/**
 * The scenario format of AISecOps CI (spec §10; engine/scenarios/README.md): a suite is fixtures (capabilities and
 * agents added to the bundle under test, as a customer adds their own) and scenarios, each a plan with its
 * provenance, the agent's history and the decision it must get. YAML (one suite a file) or JSONL (one scenario a
 * line; a line without `steps` carries the fixtures). Short keys (`source`, `trust`, `args`) and the event model's
 * names (`source_type`, `trust_level`, `arguments`) are both accepted.
 */

export const EXPECTATIONS = ["allow", "block", "require_approval"] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/** Threat classes: the OWASP agentic top-10 families the spec's taxonomy maps onto, plus benign work. */
export const THREATS = ["goal_hijack", "tool_misuse", "privilege_abuse", "memory_poisoning", "cascading_failure", "data_exfiltration", "benign"] as const;

const Expect = z
  .enum(["allow", "block", "require_approval", "approval"])
  .transform((v): Expectation => (v === "approval" ? "require_approval" : v));

const ProvenanceIn = z
  .object({
    source: z.string().min(1).max(100).optional(),
    source_type: z.string().min(1).max(100).optional(),
    trust: z.string().min(1).max(50).optional(),
    trust_level: z.string().min(1).max(50).optional(),
    name: z.string().max(500).optional(),
    source_name: z.string().max(500).optional(),
    content: z.string().max(100_000).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .transform((p, ctx) => {
    const source_type = p.source_type ?? p.source;
    const trust_level = p.trust_level ?? p.trust;
    if (!source_type) ctx.addIssue({ code: "custom", message: "provenance needs source (or source_type)" });
    if (!trust_level) ctx.addIssue({ code: "custom", message: "provenance needs trust (or trust_level)" });
    const name = p.source_name ?? p.name;
    return {
      source_type: source_type ?? "", trust_level: trust_level ?? "",
      ...(name !== undefined ? { source_name: name } : {}), ...(p.content !== undefined ? { content: p.content } : {}),
      ...(p.metadata ? { metadata: p.metadata as Record<string, z.core.util.JSONType> } : {}),
    };
  });

const StepIn = z
  .object({
    tool: z.string().min(1).max(200),
    args: z.unknown().optional(),
    arguments: z.unknown().optional(),
    provenance: z.array(ProvenanceIn).max(100).optional(),
    intent: z.string().max(2000).optional(),
    expect: Expect.optional(),
  })
  .strict();

const HistoryIn = z
  .object({ tool: z.string().min(1).max(200), args: z.unknown().optional(), arguments: z.unknown().optional(), days_ago: z.number().min(0).default(1), same_trace: z.boolean().default(false) })
  .strict();

export const ScenarioIn = z
  .object({
    id: z.string().min(1).max(200),
    agent: z.string().min(1).max(100).optional(),
    /** replaces the agent's granted capabilities for this scenario */
    grants: z.array(z.string().min(1)).optional(),
    /** the user's request: added to every step as user_prompt provenance of internal trust */
    request: z.string().max(20_000).optional(),
    intent: z.string().max(4000).optional(),
    history: z.array(HistoryIn).max(1000).default([]),
    steps: z.array(StepIn).min(1).max(500),
    expect: Expect,
    threat: z.string().min(1).max(100),
    why: z.string().max(4000).default(""),
    domain: z.string().max(100).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

const Fixtures = z
  .object({
    suite: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
    /** capabilities added to the bundle under test (bundle.yaml's form) */
    capabilities: z.record(z.string(), z.unknown()).default({}),
    /** agents added to (or replacing in) the bundle under test */
    agents: z.record(z.string(), z.unknown()).default({}),
    internal_domains: z.array(z.string()).default([]),
    defaults: z.object({ agent: z.string().optional() }).strict().default({}),
  })
  .strict();

export type Scenario = {
  id: string;
  file: string;
  agent: string;
  grants?: string[];
  intent?: string;
  history: Array<{ tool: string; arguments: unknown; days_ago: number; same_trace: boolean }>;
  steps: Array<{ tool: string; arguments: unknown; provenance: Array<z.output<typeof ProvenanceIn>>; intent?: string; expect?: Expectation }>;
  expect: Expectation;
  threat: string;
  why: string;
  domain?: string;
};

export type Suite = {
  name: string;
  capabilities: Record<string, unknown>;
  agents: Record<string, unknown>;
  internal_domains: string[];
  scenarios: Scenario[];
};

export type SuiteIssue = { file: string; line?: number; scenario?: string; message: string };

const issueText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

function toScenario(raw: z.output<typeof ScenarioIn>, file: string, defaultAgent: string | undefined): Scenario | string {
  const agent = raw.agent ?? defaultAgent;
  if (!agent) return "agent: no agent (set it on the scenario or in defaults.agent)";
  const request = raw.request ? [{ source_type: "user_prompt", trust_level: "internal", source_name: "user", content: raw.request }] : [];
  return {
    id: raw.id, file, agent, ...(raw.grants ? { grants: raw.grants } : {}), ...(raw.intent ? { intent: raw.intent } : {}),
    history: raw.history.map((h) => ({ tool: h.tool, arguments: h.arguments ?? h.args ?? {}, days_ago: h.days_ago, same_trace: h.same_trace })),
    steps: raw.steps.map((s) => ({
      tool: s.tool, arguments: s.arguments ?? s.args ?? {}, provenance: [...request, ...(s.provenance ?? [])],
      ...(s.intent ? { intent: s.intent } : {}), ...(s.expect ? { expect: s.expect } : {}),
    })),
    expect: raw.expect, threat: raw.threat, why: raw.why, ...(raw.domain ? { domain: raw.domain } : {}),
  };
}

/** Parses one suite file (YAML or JSONL by its name); issues name the file, line (JSONL) and scenario. */
export function parseSuiteFile(file: string, text: string): { suite: Suite; issues: SuiteIssue[] } {
  const issues: SuiteIssue[] = [];
  const suite: Suite = { name: file, capabilities: {}, agents: {}, internal_domains: [], scenarios: [] };
  const addFixtures = (raw: unknown, line?: number) => {
    const f = Fixtures.safeParse(raw);
    if (!f.success) {
      issues.push({ file, ...(line ? { line } : {}), message: issueText(f.error) });
      return undefined;
    }
    if (f.data.suite) suite.name = f.data.suite;
    Object.assign(suite.capabilities, f.data.capabilities);
    Object.assign(suite.agents, f.data.agents);
    suite.internal_domains.push(...f.data.internal_domains);
    return f.data.defaults.agent;
  };
  const addScenario = (raw: unknown, defaultAgent: string | undefined, line?: number) => {
    const id = (raw as { id?: unknown })?.id;
    const s = ScenarioIn.safeParse(raw);
    if (!s.success) return issues.push({ file, ...(line ? { line } : {}), ...(typeof id === "string" ? { scenario: id } : {}), message: issueText(s.error) });
    const sc = toScenario(s.data, file, defaultAgent);
    if (typeof sc === "string") issues.push({ file, ...(line ? { line } : {}), scenario: s.data.id, message: sc });
    else suite.scenarios.push(sc);
  };
  if (/\.jsonl$/i.test(file)) {
    let defaultAgent: string | undefined;
    text.split("\n").forEach((l, i) => {
      if (!l.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(l);
      } catch (e) {
        issues.push({ file, line: i + 1, message: `not valid JSON: ${(e as Error).message}` });
        return;
      }
      if (raw && typeof raw === "object" && !("steps" in raw)) defaultAgent = addFixtures(raw, i + 1) ?? defaultAgent;
      else addScenario(raw, defaultAgent, i + 1);
    });
  } else {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      return { suite, issues: [{ file, message: `not valid YAML: ${(e as Error).message}` }] };
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { suite, issues: [{ file, message: "a suite file holds a mapping with scenarios: [...]" }] };
    const { scenarios, ...fixtures } = doc as Record<string, unknown>;
    const defaultAgent = addFixtures(fixtures);
    if (scenarios === undefined) return { suite, issues };
    if (!Array.isArray(scenarios)) issues.push({ file, message: "scenarios: must be a list" });
    else for (const s of scenarios) addScenario(s, defaultAgent);
  }
  const ids = new Set<string>();
  for (const s of suite.scenarios) {
    if (ids.has(s.id)) issues.push({ file, scenario: s.id, message: `scenario id ${s.id} appears twice` });
    ids.add(s.id);
  }
  return { suite, issues };
}

/** Several files as one suite: fixtures merged, scenario ids unique across files. */
export function mergeSuites(name: string, parts: Suite[]): { suite: Suite; issues: SuiteIssue[] } {
  const suite: Suite = { name, capabilities: {}, agents: {}, internal_domains: [], scenarios: [] };
  const issues: SuiteIssue[] = [];
  const ids = new Map<string, string>();
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.capabilities)) {
      if (k in suite.capabilities && JSON.stringify(suite.capabilities[k]) !== JSON.stringify(v)) issues.push({ file: p.name, message: `capability ${k} is defined differently in two files` });
      suite.capabilities[k] = v;
    }
    for (const [k, v] of Object.entries(p.agents)) {
      if (k in suite.agents && JSON.stringify(suite.agents[k]) !== JSON.stringify(v)) issues.push({ file: p.name, message: `agent ${k} is defined differently in two files` });
      suite.agents[k] = v;
    }
    suite.internal_domains.push(...p.internal_domains);
    for (const s of p.scenarios) {
      if (ids.has(s.id)) issues.push({ file: s.file, scenario: s.id, message: `scenario id ${s.id} is also in ${ids.get(s.id)}` });
      ids.set(s.id, s.file);
      suite.scenarios.push(s);
    }
  }
  return { suite, issues };
}
