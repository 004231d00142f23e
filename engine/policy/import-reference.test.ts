import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { capabilityForTool, type PolicyBundleContent } from "@/engine/policy/bundle";
import { cedarRequestFor } from "@/engine/evaluate";
import type { Provenance } from "@/engine/events/schema";
import { CedarAuthorizer } from "@/engine/policy/cedar";
import { importReferenceBundle } from "@/engine/policy/import-reference";
import { loadBundle } from "@/engine/policy/load-bundle";

// the reference policy files beside the repository (../shared, the development workspace); an inline sample otherwise
const DIR = `${path.resolve(import.meta.dirname, "../../../shared/data/reference-policies")}/`;
const shippedPolicies = fs.existsSync(`${DIR}policies.yaml`) ? fs.readFileSync(`${DIR}policies.yaml`, "utf8") : null;
const shippedCapabilities = fs.existsSync(`${DIR}capabilities.yaml`) ? fs.readFileSync(`${DIR}capabilities.yaml`, "utf8") : null;

// The reference's shipped files, copied here so the test does not depend on the shared folder being present.
const POLICIES = shippedPolicies ?? `blocked_tools: [delete_database, shell_exec]
monitored_tools: [send_email, create_incident, read_customer]
dangerous_argument_patterns: [drop table, union select, api_key, secret_key, ignore previous instructions, rm -rf, /etc/passwd]
high_risk_tools: [restart_service, export_data]
agents:
  sales_agent: { allowed_tools: [read_customer, send_email], approval_required_tools: [send_email] }
  ops_agent: { allowed_tools: [get_deployment_status, create_incident, restart_service], approval_required_tools: [restart_service] }
  openclaw_agent: { allowed_tools: [get_deployment_status, create_incident, restart_service], approval_required_tools: [restart_service] }
`;
const CAPABILITIES = shippedCapabilities ?? `capabilities:
  cap_service_ops: { description: Manage service lifecycle operations, risk: high, tools: [restart_service, stop_service] }
  cap_customer_read: { description: Read customer account records, risk: medium, tools: [read_customer] }
  cap_incident_response: { description: Create and manage operational incident records, risk: medium, tools: [create_incident] }
  cap_deployment_read: { description: Read deployment and runtime service status, risk: low, tools: [get_deployment_status] }
  cap_notification_ops: { description: Send notifications to internal or external recipients, risk: medium, tools: [send_email] }
`;

function load(policies: string, capabilities: string): { bundle: PolicyBundleContent; report: string[] } {
  const imported = importReferenceBundle(policies, capabilities);
  const r = loadBundle(imported.files);
  if (!r.ok) throw new Error(`imported bundle does not load: ${JSON.stringify(r.errors, null, 2)}\n${imported.files.map((f) => f.text).join("\n")}`);
  return { bundle: r.bundle, report: imported.report };
}

/** Asks Cedar what evaluate() would ask for this step (the engine's own cedarRequestFor), from an internal prompt. */
function decide(bundle: PolicyBundleContent, agent: string, tool: string, args: unknown = {}) {
  const cap = capabilityForTool(bundle, tool);
  const grant = bundle.agents[agent];
  return new CedarAuthorizer(bundle).authorize(cedarRequestFor({
    agent: { id: agent, trust_level: grant?.trust_level ?? "unverified", environment: grant?.environment ?? "production", owner: "" },
    tool, capability: cap?.name ?? "", access: cap?.capability.access ?? "read", index: 1, arguments: args,
    provenance: [{ source_type: "user_prompt", trust_level: "internal" }] as Provenance[], guard: { flagged: false, score: 0 },
    stepRisk: 0.1, rTotal: 0.1, internalDomains: bundle.internal_domains,
  }));
}

describe("importReferenceBundle", () => {
  const { bundle, report } = load(POLICIES, CAPABILITIES);
  const text = report.join("\n");

  it("maps capabilities with base risks from the risk words and inferred access", () => {
    expect(bundle.capabilities.cap_service_ops).toMatchObject({ tools: ["restart_service", "stop_service"], r_step: 0.6, access: "write" });
    expect(bundle.capabilities.cap_customer_read).toMatchObject({ r_step: 0.4, access: "read" });
    expect(bundle.capabilities.cap_deployment_read).toMatchObject({ r_step: 0.2, access: "read" });
    expect(bundle.capabilities.cap_notification_ops).toMatchObject({ r_step: 0.4, access: "outbound" });
  });

  it("turns allowed_tools into grants and approval_required_tools into approval permits", () => {
    expect(bundle.agents.sales_agent.capabilities).toEqual(["cap_customer_read", "cap_notification_ops"]);
    expect(decide(bundle, "sales_agent", "read_customer")).toMatchObject({ decision: "allow", requireApproval: false, determining: ["ref-sales-agent-allowed-tools"] });
    expect(decide(bundle, "sales_agent", "send_email")).toMatchObject({ decision: "allow", requireApproval: true });
    expect(decide(bundle, "ops_agent", "restart_service")).toMatchObject({ decision: "allow", requireApproval: true, determining: ["ref-ops-agent-approval-required-tools", "ref-high-risk-tools"] });
  });

  it("keeps the other tools of a granted capability denied when allowed_tools does not list them", () => {
    expect(decide(bundle, "ops_agent", "stop_service")).toMatchObject({ decision: "deny", determining: [] });
  });

  it("turns blocked_tools and dangerous_argument_patterns into forbids", () => {
    expect(decide(bundle, "ops_agent", "shell_exec").decision).toBe("deny");
    expect(decide(bundle, "sales_agent", "read_customer", { q: "1; DROP TABLE customers" })).toMatchObject({ decision: "deny", determining: ["ref-dangerous-argument-patterns"] });
    expect(decide(bundle, "sales_agent", "read_customer", { path: "/etc/passwd" }).decision).toBe("deny");
  });

  it("denies unknown agents, which the reference allowed", () => {
    expect(decide(bundle, "someone_else", "read_customer").decision).toBe("deny");
    expect(text).toMatch(/reference allows an agent that policies\.yaml does not list/);
  });

  it("turns agent_limits (or the reference defaults) into budgets", () => {
    expect(bundle.agents.sales_agent.budgets).toEqual({ max_tool_calls: 20, max_execution_time_s: 60, max_cost_usd: 2 });
  });

  it("reports every semantic difference in sentences", () => {
    expect(text).toMatch(/first stage that matches wins/);
    expect(text).toMatch(/every matching forbid overrides every matching permit/);
    expect(text).toMatch(/caller reported/);
    expect(text).toMatch(/max_depth .*no equivalent/);
    expect(text).toMatch(/case-insensitively/);
    expect(text).toMatch(/monitored_tools .* dropped/);
    expect(text).toMatch(/stop_service\) stay denied/);
    expect(text).toMatch(/approval is bound to one step/);
    for (const line of report) expect(line).toMatch(/[.)]$/);
  });

  it("reports first-match and allow-overrides-block cases of rules[]", () => {
    const policies = `${POLICIES}
rules:
  - tool_name: shell_exec
    agent_name: ops_agent
    action: allow
  - tool: read_customer
    effect: allow
  - tool_name: read_customer
    action: deny
    provenance_trust: [external]
  - tool_name: send_email
    agent_name: sales_agent
    action: allow
  - tool_name: export_data
    action: require_approval
    sensitivity_level: confidential
agent_limits: { max_tool_calls: 50, max_depth: 3, max_runtime_seconds: 120, max_cost_usd: 1.5 }
data_classification: { blocked_sensitivity_levels: [restricted] }
`;
    const { bundle: b, report: r } = load(policies, CAPABILITIES);
    const t = r.join("\n");
    expect(t).toMatch(/rules\[0\] allows shell_exec, which blocked_tools also lists: in the reference the rule wins .* here the forbid wins/);
    expect(t).toMatch(/rules\[2\] \(block read_customer\) comes after rules\[1\] \(allow\)/);
    expect(t).toMatch(/rules\[3\] allows send_email for sales_agent without approval in the reference/);
    expect(t).toMatch(/rules\[4\] .*sensitivity_level "confidential".*dropped/);
    expect(t).toMatch(/blocked_sensitivity_levels \(restricted\) was dropped/);
    expect(t).toMatch(/max_depth/);
    expect(b.agents.ops_agent.budgets).toEqual({ max_tool_calls: 50, max_execution_time_s: 120, max_cost_usd: 1.5 });
    // forbid overrides the rule's allow, unlike the reference
    expect(decide(b, "ops_agent", "shell_exec").decision).toBe("deny");
    // the rule's provenance matcher becomes a forbid on external provenance only
    expect(decide(b, "ops_agent", "read_customer")).toMatchObject({ decision: "allow", determining: ["ref-rules-1"] });
  });
});

describe("side-effect classes on import", () => {
  it("infers a class per capability from tool names and says what it could not map", () => {
    const r = importReferenceBundle("agents:\n  a:\n    allowed_tools: [payment_send, delete_file, send_email, read_customer, shell_exec]\n", "capabilities: {}\n");
    const loaded = loadBundle(r.files);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const effectOf = (tool: string) => Object.values(loaded.bundle.capabilities).find((c) => c.tools.includes(tool))?.effect;
    expect(["payment_send", "delete_file", "send_email", "read_customer", "shell_exec"].map(effectOf)).toEqual(["payment", "delete", "outbound_message", "read", "code_exec"]);
    const text = r.report.join("\n");
    for (const re of [/side-effect class \(effect\).*payment/, /Not mapped: read sensitivity/, /Not mapped: argument roles/]) expect(text).toMatch(re);
  });
});
