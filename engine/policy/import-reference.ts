import { parse, stringify } from "yaml";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

/**
 * Importing the reference AISecOps Interceptor's policy files (policies/policies.yaml + policies/capabilities.yaml;
 * ../shared/REFERENCE-INTERCEPTOR.md §3) as a bundle of ours: bundle.yaml, our Cedar schema and reference.cedar.
 *
 * The two engines do not mean the same thing by the same words, so the import is not a renaming. The reference
 * evaluates in a fixed order and stops at the first match — rules[] first (first match wins), then sensitivity,
 * blocked_tools, dangerous_argument_patterns, the agent's allowed_tools, approval_required_tools, monitored_tools —
 * and allows whatever nothing stopped, including unknown agents. Ours: a capability gate, then Cedar, where every
 * matching forbid overrides every permit and nothing permitted means deny. Every place where that changes an outcome
 * is written into the report as a sentence, so a reviewer can decide before activating the result.
 */

export type ImportResult = { files: Array<{ name: string; text: string }>; report: string[] };

const RISK_R_STEP: Record<string, number> = { low: 0.2, medium: 0.4, high: 0.6, critical: 0.9 };

/** The reference's canonical planning names (planning/capabilities.py) for its known tools. */
const CANONICAL: Record<string, string> = {
  restart_service: "infra.restart", read_customer: "customer.read", send_email: "email.send", write_file: "filesystem.write",
  filesystem_write: "filesystem.write", delete_file: "filesystem.delete", shell_exec: "system.shell", run_command: "system.shell",
  trade_execute: "trade.execute", payment_send: "payment.send",
};

/** The reference's tool risk (planning/risk.py): known tools, else substring terms. */
function referenceToolRisk(tool: string): keyof typeof RISK_R_STEP {
  const known: Record<string, keyof typeof RISK_R_STEP> = {
    read_customer: "low", send_email: "medium", write_file: "high", filesystem_write: "high", delete_file: "high",
    restart_service: "critical", shell_exec: "critical", run_command: "critical", trade_execute: "critical", payment_send: "critical",
  };
  if (known[tool]) return known[tool];
  const t = tool.toLowerCase();
  const has = (terms: string[]) => terms.some((w) => t.includes(w));
  if (has(["shell", "exec", "infra", "restart", "stop_service", "trade", "payment", "pay", "deploy"])) return "critical";
  if (has(["write", "update", "delete", "remove", "create", "modify"])) return "high";
  if (has(["email", "send", "notify", "notification", "message"])) return "medium";
  return "low";
}

const READ_VERBS = new Set(["get", "list", "read", "fetch", "search", "query", "describe", "lookup", "check", "show", "find", "view"]);
const OUTBOUND_WORDS = new Set(["email", "mail", "send", "notify", "notification", "message", "post", "upload", "webhook", "publish", "forward", "slack", "sms"]);
const WRITE_WORDS = new Set([
  "write", "update", "delete", "remove", "create", "modify", "restart", "stop", "start", "deploy", "exec", "execute", "shell", "run",
  "command", "trade", "payment", "pay", "kill", "drop", "insert", "set", "put", "export",
]);

/** Our access class, which the reference does not have: inferred from the words of the tool's name. */
function inferAccess(tool: string): "read" | "write" | "outbound" {
  const words = tool.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length && READ_VERBS.has(words[0])) return "read";
  if (words.some((w) => OUTBOUND_WORDS.has(w))) return "outbound";
  if (words.some((w) => WRITE_WORDS.has(w))) return "write";
  return "read";
}

/** Our side-effect class (engine/policy/README.md), which the reference does not have: from the words of the tool's name. */
const EFFECT_WORDS: Array<[string, RegExp]> = [
  ["payment", /^(pay|payment|payments|transfer|wire|trade|refund|remit|payout)$/],
  ["standing_order", /^(recurring|standing|schedule|scheduled|subscription)$/],
  ["credential_change", /^(password|credential|credentials|secret|token|apikey|key|keys|mfa|2fa)$/],
  ["delete", /^(delete|remove|drop|purge|erase|destroy|kill|truncate|wipe)$/],
  ["code_exec", /^(shell|exec|execute|command|bash|script|run|eval|sudo|powershell|cmd)$/],
  ["invite", /^(invite|grant|permission|permissions|role|roles|member|collaborator)$/],
  ["publish", /^(publish|post|tweet|blog|website|page|release)$/],
  ["external_share", /^(share|upload|webhook|export|sync)$/],
  ["outbound_message", /^(email|mail|send|notify|notification|message|slack|sms|forward|reply|chat)$/],
  ["memory_write", /^(memory|remember|memorize)$/],
  ["network_fetch", /^(fetch|browse|http|url|web|crawl|download)$/],
];
const EFFECT_STRENGTH = ["read", "network_fetch", "own_write", "shared_write", "memory_write", "outbound_message", "external_share", "publish", "invite", "delete", "code_exec", "credential_change", "standing_order", "payment"];

function inferEffect(tool: string): string {
  const words = tool.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const [effect, re] of EFFECT_WORDS) if (words.some((w) => re.test(w))) return effect;
  const access = inferAccess(tool);
  return access === "read" ? "read" : access === "outbound" ? "outbound_message" : "shared_write";
}

const strongestEffect = (effects: string[]) => effects.reduce((a, b) => (EFFECT_STRENGTH.indexOf(b) > EFFECT_STRENGTH.indexOf(a) ? b : a), "read");

const cedarString = (s: string) => JSON.stringify(s);
/** A `like` pattern matching `needle` anywhere in canonical JSON text (JSON escaping first, then Cedar's). */
const likeAnywhere = (needle: string) => {
  const inJson = JSON.stringify(needle).slice(1, -1);
  return `"*${inJson.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\*/g, "\\*")}*"`;
};
const toolSet = (tools: string[]) => `[${tools.map((t) => `Tool::${cedarString(t)}`).join(", ")}]`;
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(String) : []);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

type RefRule = { index: number; tool: string; action: "allow" | "block" | "require_approval"; agent: string | null; trust: string[]; sources: string[]; sensitivity: string | null };

/**
 * Converts the reference interceptor's policies.yaml and capabilities.yaml into our bundle files. The result passes
 * loadBundle; the report lists, in sentences, every place where the imported bundle decides differently.
 */
export function importReferenceBundle(policiesYaml: string, capabilitiesYaml: string): ImportResult {
  const report: string[] = [];
  const pol = (parse(policiesYaml) ?? {}) as Record<string, unknown>;
  const capsDoc = (parse(capabilitiesYaml) ?? {}) as Record<string, unknown>;
  const refCaps = (capsDoc.capabilities ?? {}) as Record<string, { description?: unknown; risk?: unknown; tools?: unknown }>;
  const refAgents = (pol.agents ?? {}) as Record<string, Record<string, unknown>>;

  // --- capabilities -------------------------------------------------------------------------------------------
  type Cap = { description: string; tools: string[]; r_step: number; access: "read" | "write" | "outbound"; effect: string };
  const capabilities: Record<string, Cap> = {};
  const capOfTool = new Map<string, string>();
  for (const [name, c] of Object.entries(refCaps)) {
    const risk = String(c?.risk ?? "").toLowerCase();
    const r = RISK_R_STEP[risk];
    if (r === undefined) report.push(`Capability ${name} has ${c?.risk === undefined ? "no risk" : `risk "${String(c.risk)}"`}; it was given the base risk of "medium" (0.4).`);
    const tools: string[] = [];
    for (const t of strList(c?.tools)) {
      if (capOfTool.has(t)) {
        report.push(`Tool ${t} is listed in both ${capOfTool.get(t)} and ${name}; here a tool belongs to one capability, so it stays in ${capOfTool.get(t)} only.`);
        continue;
      }
      capOfTool.set(t, name);
      tools.push(t);
    }
    if (tools.length === 0) {
      report.push(`Capability ${name} lists no tool of its own and was dropped.`);
      continue;
    }
    const accesses = tools.map(inferAccess);
    const access = accesses.includes("outbound") ? "outbound" : accesses.includes("write") ? "write" : "read";
    capabilities[name] = { description: c?.description ? String(c.description) : "", tools, r_step: r ?? 0.4, access, effect: strongestEffect(tools.map(inferEffect)) };
  }
  report.push(
    "Base risks come from the capability risk words (low 0.2, medium 0.4, high 0.6, critical 0.9). In the reference, risk is descriptive only; here R_step feeds chain risk, so these numbers now decide approvals and halts.",
    `Each capability's access (read, write or outbound), which the reference does not have, was inferred from its tool names: ${Object.entries(capabilities).map(([n, c]) => `${n} ${c.access}`).join(", ")}. Check them: outbound and write steps count against write budgets and raise chain risk.`,
  );
  const effectsLine = () => `Each capability's side-effect class (effect), which the reference does not have, was inferred from its tool names (the strongest class of its tools): ${Object.entries(capabilities).map(([n, c]) => `${n} ${c.effect}`).join(", ")}. The default protections key on these classes (payments, deletions, shares, invites, credential changes need approval; untrusted-driven ones are blocked), so correct any that are wrong.`;
  report.push(
    "Not mapped: read sensitivity. The reference labels data per request (data_classification, sensitivity_level), not per capability, so no capability carries a sensitivity label and the private-data flow rule does not fire for imported reads until you add `sensitivity:` to the capabilities that read private data.",
    "Not mapped: argument roles. The reference has none; the engine infers destination, amount, payee and content from argument names (engine/context/README.md). Declare `roles:` where your argument names are unusual.",
  );
  const ensureCapability = (tool: string, why: string) => {
    if (capOfTool.has(tool)) return capOfTool.get(tool)!;
    let name = `cap_${tool.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
    while (capabilities[name]) name += "_";
    const risk = referenceToolRisk(tool);
    capabilities[name] = { description: `Created on import for ${tool}, which no capability in capabilities.yaml lists.`, tools: [tool], r_step: RISK_R_STEP[risk], access: inferAccess(tool), effect: inferEffect(tool) };
    capOfTool.set(tool, name);
    report.push(`Tool ${tool} (${why}) is in no capability of capabilities.yaml; capability ${name} was created for it, with the reference's own ${risk} risk for that tool name.`);
    return name;
  };

  // --- rules ---------------------------------------------------------------------------------------------------
  const rules: RefRule[] = [];
  (Array.isArray(pol.rules) ? pol.rules : []).forEach((raw: unknown, index: number) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const tool = r.tool_name ?? r.tool;
    const act = String(r.action ?? r.effect ?? "").toLowerCase();
    const action = act === "deny" ? "block" : act;
    if (typeof tool !== "string" || !["allow", "block", "require_approval"].includes(action)) {
      report.push(`rules[${index}] has no tool_name or no valid action (allow, block, deny, require_approval) and was dropped.`);
      return;
    }
    rules.push({
      index, tool, action: action as RefRule["action"], agent: r.agent_name != null ? String(r.agent_name) : null,
      trust: strList(r.provenance_trust).map((s) => s.toLowerCase()), sources: strList(r.provenance_source_type).map((s) => s.toLowerCase()),
      sensitivity: r.sensitivity_level != null ? String(r.sensitivity_level) : null,
    });
  });

  const blocked = strList(pol.blocked_tools);
  const patterns = strList(pol.dangerous_argument_patterns);
  const highRisk = strList(pol.high_risk_tools);
  const monitored = strList(pol.monitored_tools);

  // --- agents, grants and their permits --------------------------------------------------------------------------
  type Grant = { owner: string; trust_level?: string; environment?: string; capabilities: string[]; budgets: Record<string, number> };
  const agents: Record<string, Grant> = {};
  const permits: string[] = [];
  const limits = (pol.agent_limits ?? null) as Record<string, unknown> | null;
  const budgetsFrom = (src: Record<string, unknown> | null, base: Record<string, number>) => {
    const b = { ...base };
    const num = (k: string) => (typeof src?.[k] === "number" && (src[k] as number) > 0 ? (src[k] as number) : undefined);
    const calls = num("max_tool_calls");
    if (calls !== undefined) b.max_tool_calls = Math.round(calls);
    const secs = num("max_runtime_seconds");
    if (secs !== undefined) b.max_execution_time_s = secs;
    const cost = num("max_cost_usd");
    if (cost !== undefined) b.max_cost_usd = cost;
    return b;
  };
  const baseBudgets = budgetsFrom(limits ?? { max_tool_calls: 20, max_runtime_seconds: 60, max_cost_usd: 2 }, {});
  report.push(
    limits
      ? `agent_limits became every agent's per-run budgets (max_tool_calls, max_runtime_seconds → max_execution_time_s, max_cost_usd).`
      : "The file sets no agent_limits, so the reference's built-in defaults (20 tool calls, 60 s, 2.00 USD per run) became every agent's per-run budgets.",
    "Budgets are now counted by the server from the events it has seen; the reference trusted the usage the caller reported, so an agent that under-reports is now stopped where it was not before.",
  );
  if ((limits && "max_depth" in limits) || Object.values(refAgents).some((a) => a && "max_depth" in a) || !limits) {
    report.push("max_depth (delegation depth) has no equivalent here and was dropped; each delegated agent runs in its own trace under its own budgets.");
  }
  const trustLevels = new Set(["trusted", "internal", "external", "unverified"]);
  const allTools = () => [...capOfTool.keys()];

  for (const [name, a] of Object.entries(refAgents)) {
    const spec = (a ?? {}) as Record<string, unknown>;
    const grant: Grant = { owner: "", capabilities: [], budgets: budgetsFrom(spec, baseBudgets) };
    const trust = spec.trust_level != null ? String(spec.trust_level).toLowerCase() : null;
    if (trust && trustLevels.has(trust)) grant.trust_level = trust;
    else if (trust) {
      grant.trust_level = "unverified";
      report.push(`Agent ${name} has trust level "${trust}", which is not one of trusted, internal, external, unverified; it was imported as unverified.`);
    }
    if (spec.environment != null) grant.environment = String(spec.environment);
    if (spec.agent_id != null) report.push(`Agent ${name}'s agent_id (${String(spec.agent_id)}) was dropped: agents are known here by their API key, and the bundle keys them by name.`);
    for (const k of ["max_tool_calls", "max_runtime_seconds", "max_cost_usd"]) if (k in spec) report.push(`Agent ${name}'s ${k} overrides the shared limit in its budgets.`);

    const allowedList = spec.allowed_tools === undefined || spec.allowed_tools === null ? null : strList(spec.allowed_tools);
    const approvalList = strList(spec.approval_required_tools);
    let callable: string[];
    if (allowedList === null) {
      callable = allTools();
      report.push(`Agent ${name} has no allowed_tools, which the reference reads as "any tool"; it was granted every capability and permitted every tool they list (${callable.length}).`);
    } else callable = allowedList;
    for (const t of approvalList) {
      if (!callable.includes(t)) {
        report.push(`Agent ${name} lists ${t} under approval_required_tools but not under allowed_tools; both engines refuse it (the reference at allowed_tools), so no permit was written for it.`);
      }
    }
    for (const c of strList(spec.allowed_capabilities)) {
      const viaCanonical = Object.entries(CANONICAL).find(([, canon]) => canon === c)?.[0] ?? c.replace(/\./g, "_");
      if (capabilities[c]) callable.push(...capabilities[c].tools.filter((t) => !callable.includes(t)));
      else if (capOfTool.has(viaCanonical)) callable.push(viaCanonical);
      else report.push(`Agent ${name}'s allowed_capabilities entry ${c} matches no capability or known tool and was dropped.`);
    }
    const plain = callable.filter((t) => !approvalList.includes(t));
    const needsApproval = callable.filter((t) => approvalList.includes(t));
    for (const t of callable) {
      const cap = ensureCapability(t, `allowed for ${name}`);
      if (!grant.capabilities.includes(cap)) grant.capabilities.push(cap);
    }
    for (const cap of grant.capabilities) {
      const others = capabilities[cap].tools.filter((t) => !callable.includes(t));
      if (others.length) report.push(`Agent ${name} is granted ${cap} for ${capabilities[cap].tools.filter((t) => callable.includes(t)).join(", ")}; its other tools (${others.join(", ")}) stay denied by policy, because ${name}'s allowed_tools does not list them.`);
    }
    const who = `principal == Agent::${cedarString(name)}`;
    if (plain.length) {
      permits.push(`@id(${cedarString(`ref-${slug(name)}-allowed-tools`)})\n@reason(${cedarString(`${name} may call its allowed_tools.`)})\npermit (${who}, action == Action::"call_tool", resource)\nwhen { ${toolSet(plain)}.contains(resource) };`);
    }
    if (needsApproval.length) {
      permits.push(`@id(${cedarString(`ref-${slug(name)}-approval-required-tools`)})\n@reason(${cedarString(`${name} may call these tools only with a person's approval (approval_required_tools).`)})\n@require_approval("true")\npermit (${who}, action == Action::"call_tool", resource)\nwhen { ${toolSet(needsApproval)}.contains(resource) };`);
    }
    agents[name] = grant;
  }
  report.push(
    "Unknown agents: the reference allows an agent that policies.yaml does not list (no allowed_tools means no restriction). Here an agent not in the bundle is blocked at the identity and capability stages, and nothing permits it in Cedar.",
    "Approvals: the reference's approval unlocks the tool for every later call; here an approval is bound to one step (agent, trace, step, tool and exact arguments), used once, and expires.",
    "The reference has no notion of the organisation's own domains; internal_domains is left empty, so every email or URL destination counts as external until you list yours.",
  );

  // --- rules[] -------------------------------------------------------------------------------------------------
  const ruleBodies: string[] = [];
  report.push(
    "Evaluation order: the reference decides in a fixed order and the first stage that matches wins — rules[] first (first match wins), then sensitivity, blocked_tools, dangerous_argument_patterns, the agent's allowed_tools, approval_required_tools — so an earlier allow overrides a later block. Here every matching forbid overrides every matching permit, whatever the order, and nothing permitted means deny.",
    rules.length
      ? `This file has ${rules.length} rules[]; where the difference changes an outcome it is listed below.`
      : "This file has no rules[], so no allow in it overrides a block: blocked_tools and dangerous_argument_patterns block in both engines, before any approval.",
  );
  const overlaps = (a: RefRule, b: RefRule) => a.tool === b.tool && (a.agent === null || b.agent === null || a.agent === b.agent);
  for (const r of rules) {
    if (r.sensitivity) {
      report.push(`rules[${r.index}] (${r.action} ${r.tool}) matches on sensitivity_level "${r.sensitivity}", which this engine does not receive; the rule was dropped.`);
      continue;
    }
    const conds = [`resource == Tool::${cedarString(r.tool)}`];
    if (r.agent) conds.push(`principal == Agent::${cedarString(r.agent)}`);
    if (r.trust.length) conds.push(`context.trust_levels.containsAny([${r.trust.map(cedarString).join(", ")}])`);
    if (r.sources.length) conds.push(`context.provenance_sources.containsAny([${r.sources.map(cedarString).join(", ")}])`);
    if (r.trust.length && r.sources.length) {
      report.push(`rules[${r.index}] requires one provenance entry to match both provenance_trust and provenance_source_type; here the two are checked across all of the step's provenance, so it can also match when they are met by different entries.`);
    }
    const id = `ref-rules-${r.index}`;
    const where = r.agent ? ` for ${r.agent}` : "";
    if (r.action === "block") {
      ruleBodies.push(`@id(${cedarString(id)})\n@reason(${cedarString(`rules[${r.index}] blocks ${r.tool}${where}.`)})\nforbid (principal, action == Action::"call_tool", resource)\nwhen {\n  ${conds.join(" &&\n  ")}\n};`);
      continue;
    }
    const cap = ensureCapability(r.tool, `rules[${r.index}] ${r.action}`);
    const targets = r.agent ? [r.agent] : Object.keys(agents);
    for (const a of targets) {
      if (!agents[a]) {
        agents[a] = { owner: "", capabilities: [], budgets: { ...baseBudgets } };
        report.push(`rules[${r.index}] names agent ${a}, which policies.yaml does not define under agents; it was added with only what the rules grant it.`);
      }
      if (!agents[a].capabilities.includes(cap)) {
        agents[a].capabilities.push(cap);
        report.push(`rules[${r.index}] ${r.action === "allow" ? "allows" : "requires approval for"} ${r.tool}${where}, which overrides ${a}'s allowed_tools in the reference; ${a} was granted ${cap} so the capability gate lets the rule apply.`);
      }
    }
    if (!r.agent) report.push(`rules[${r.index}] applies to any agent in the reference, including unknown ones; here it applies to the agents this bundle defines.`);
    const approval = r.action === "require_approval";
    ruleBodies.push(
      `@id(${cedarString(id)})\n@reason(${cedarString(`rules[${r.index}] ${approval ? "requires approval for" : "allows"} ${r.tool}${where}.`)})\n${approval ? '@require_approval("true")\n' : ""}permit (principal, action == Action::"call_tool", resource)\nwhen {\n  ${[...conds, "principal.capabilities.contains(resource.capability)"].join(" &&\n  ")}\n};`,
    );
    if (blocked.includes(r.tool)) {
      report.push(`rules[${r.index}] ${approval ? "requires approval for" : "allows"} ${r.tool}, which blocked_tools also lists: in the reference the rule wins (rules come first, allow overrides block); here the forbid wins and ${r.tool} stays blocked.`);
    }
    if (patterns.length) {
      report.push(`rules[${r.index}] skips dangerous_argument_patterns in the reference (a matched rule ends evaluation); here the pattern forbid still applies to ${r.tool}.`);
    }
    if (!approval) {
      for (const a of targets) {
        if (strList(refAgents[a]?.approval_required_tools).includes(r.tool)) report.push(`rules[${r.index}] allows ${r.tool} for ${a} without approval in the reference, ahead of ${a}'s approval_required_tools; here the approval permit still matches, so ${r.tool} still needs approval.`);
      }
      if (highRisk.includes(r.tool)) report.push(`rules[${r.index}] is the "explicit policy" that exempts high-risk tool ${r.tool} from approval in the reference; here the high_risk_tools approval still applies.`);
    }
  }
  for (const [i, a] of rules.entries()) {
    for (const b of rules.slice(i + 1)) {
      if (!overlaps(a, b) || a.sensitivity || b.sensitivity) continue;
      if (a.action !== "block" && b.action === "block") {
        report.push(`rules[${b.index}] (block ${b.tool}) comes after rules[${a.index}] (${a.action}), so in the reference it never fires where both match; here the forbid overrides, so ${b.tool} is blocked where the reference ${a.action === "allow" ? "allowed" : "asked for approval"}.`);
      } else if (a.action === "allow" && b.action === "require_approval") {
        report.push(`rules[${b.index}] (require_approval ${b.tool}) comes after rules[${a.index}] (allow), so the reference never asks; here both permits match and the approval applies.`);
      }
    }
  }

  // --- the fixed stages -------------------------------------------------------------------------------------------
  const guard: string[] = [];
  if (blocked.length) {
    guard.push(`@id("ref-blocked-tools")\n@reason("These tools are globally blocked (blocked_tools).")\nforbid (principal, action == Action::"call_tool", resource)\nwhen { ${toolSet(blocked)}.contains(resource) };`);
  }
  if (patterns.length) {
    const likes = [...new Set(patterns.flatMap((p) => [p.toLowerCase(), p.toUpperCase()]))].map((p) => `context.argument_text like ${likeAnywhere(p)}`);
    guard.push(`@id("ref-dangerous-argument-patterns")\n@reason("The arguments contain a blocked pattern (dangerous_argument_patterns).")\nforbid (principal, action == Action::"call_tool", resource)\nwhen {\n  ${likes.join(" ||\n  ")}\n};`);
    report.push(
      "dangerous_argument_patterns: the reference matches them case-insensitively; Cedar's `like` is case-sensitive, so each pattern was written in lower and UPPER case (mixed case such as \"Drop Table\" is no longer caught).",
      "dangerous_argument_patterns: the reference looks at argument values only; here the pattern is matched against the canonical JSON of the arguments, keys included, so an argument named like a pattern (e.g. a key \"api_key\") now blocks the call.",
    );
  }
  if (highRisk.length) {
    guard.push(`@id("ref-high-risk-tools")\n@reason("High-risk tools need a person's approval (high_risk_tools).")\n@require_approval("true")\npermit (principal, action == Action::"call_tool", resource)\nwhen {\n  principal.capabilities.contains(resource.capability) &&\n  ${toolSet(highRisk)}.contains(resource)\n};`);
    const mode = String(pol.high_risk_tools_mode ?? "extend");
    if (mode !== "override") report.push("high_risk_tools_mode is \"extend\": the reference adds its own built-in high-risk presets to this list; only the tools listed in the file were imported.");
    const uncallable = highRisk.filter((t) => !Object.values(agents).some((g) => g.capabilities.includes(capOfTool.get(t) ?? "")));
    if (uncallable.length) report.push(`High-risk tools no imported agent may call (${uncallable.join(", ")}): the reference would let an unknown or unrestricted agent call them with approval; here they are denied.`);
  }
  if (monitored.length) report.push(`monitored_tools (${monitored.join(", ")}) has no equivalent and was dropped: here every decision is recorded in the trace, monitored or not.`);
  const dc = pol.data_classification as { blocked_sensitivity_levels?: unknown } | undefined;
  if (strList(dc?.blocked_sensitivity_levels).length) {
    report.push(`data_classification.blocked_sensitivity_levels (${strList(dc?.blocked_sensitivity_levels).join(", ")}) was dropped: requests here carry no sensitivity level. Consider a forbid on argument patterns or provenance instead.`);
  }
  const known = new Set(["rules", "blocked_tools", "monitored_tools", "dangerous_argument_patterns", "high_risk_tools", "high_risk_tools_mode", "data_classification", "agent_limits", "agents", "capabilities"]);
  for (const k of Object.keys(pol)) if (!known.has(k)) report.push(`Key ${k} in policies.yaml is not part of the reference's format (which silently ignores it) and was not imported.`);

  // --- files ---------------------------------------------------------------------------------------------------
  const bundle = {
    id: "reference-import",
    description: "Imported from the AISecOps Interceptor's policies.yaml and capabilities.yaml. Read the import report before activating.",
    cedar_schema: "schema.cedarschema",
    cedar_policies: ["reference.cedar"],
    capabilities,
    agents: Object.fromEntries(
      Object.entries(agents).map(([n, g]) => [n, { owner: g.owner, ...(g.trust_level ? { trust_level: g.trust_level } : {}), ...(g.environment ? { environment: g.environment } : {}), capabilities: g.capabilities, budgets: g.budgets }]),
    ),
  };
  const section = (title: string, body: string[]) => (body.length ? `// ${title}\n\n${body.join("\n\n")}\n` : "");
  const cedarText = [
    "// Imported from the AISecOps Interceptor (policies.yaml). Deny by default: only what is permitted below runs,",
    "// and every forbid overrides every permit (the reference used first match). See the import report.",
    "",
    section("agents.<name>.allowed_tools / approval_required_tools", permits),
    section("rules[] (first match in the reference; order does not matter here)", ruleBodies),
    section("blocked_tools, dangerous_argument_patterns, high_risk_tools", guard),
  ].filter(Boolean).join("\n");
  report.splice(3, 0, effectsLine());
  const schema = defaultBundleFiles().find((f) => f.name === "schema.cedarschema")!;
  return {
    files: [
      { name: "bundle.yaml", text: `# Imported from the AISecOps Interceptor's policies.yaml + capabilities.yaml.\n${stringify(bundle, { lineWidth: 0 })}` },
      { name: schema.name, text: schema.text },
      { name: "reference.cedar", text: cedarText.trimEnd() + "\n" },
    ],
    report,
  };
}
