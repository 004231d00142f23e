import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { agentApi, signedInApi, uniq } from "./helpers";

/**
 * The policy lifecycle through the real routes: upload a version, activate it and see /evaluate decide differently,
 * roll back and see the old decision return, diff the two versions (the specific authority-expansion findings), and
 * import the reference interceptor's policies (what was imported). Plus dry_run through /evaluate and the rule that
 * an agent's owner cannot approve its requests over HTTP.
 *
 * Every bundle here is for an environment of its own (`e2e-lc-…`) with an agent of its own in it, so activating and
 * rolling back never changes what the other specs' agents are decided under.
 */

const SCHEMA = readFileSync("engine/policy/default-bundle/schema.cedarschema", "utf8");

/** A bundle for one agent: v1 may read the CRM; v2 may also send email, with a person's approval when it leaves. */
function bundleFiles(env: string, agent: string, owner: string, canEmail: boolean) {
  const yaml = `id: lifecycle
description: e2e policy lifecycle
environment: ${env}
internal_domains: [example.com]
cedar_schema: schema.cedarschema
cedar_policies: [permits.cedar]
capabilities:
  crm.read: { description: Read CRM records., tools: [db.read], r_step: 0.2, access: read }
  notify.external: { description: Send email., tools: [send_email], r_step: 0.4, access: outbound }
agents:
  ${agent}:
    owner: ${owner}
    trust_level: internal
    environment: ${env}
    capabilities: [crm.read${canEmail ? ", notify.external" : ""}]
`;
  const permits = `@id("permit-crm-read")
@reason("may read the CRM.")
permit (principal == Agent::"${agent}", action == Action::"call_tool", resource) when { resource.capability == "crm.read" };
${canEmail ? `
@id("permit-email")
@reason("may send email.")
permit (principal == Agent::"${agent}", action == Action::"call_tool", resource) when { resource.capability == "notify.external" };

@id("approval-external-email")
@reason("Email outside the organisation needs a person.")
@require_approval("true")
permit (principal, action == Action::"call_tool", resource) when { resource.capability == "notify.external" && context.external_destination };
` : ""}`;
  return [
    { name: "bundle.yaml", text: yaml },
    { name: "schema.cedarschema", text: SCHEMA },
    { name: "permits.cedar", text: permits },
  ];
}

const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const READ = { tool: "db.read", arguments: { customer_id: "C-1" }, provenance: [internal] };
const EMAIL = { tool: "send_email", arguments: { to: "buyer@globex-partners.example", subject: "Quote" }, provenance: [internal] };

type Step = { decision: string; token: { token: string } | null; approval: { id: string } | null; stages: Record<string, { verdict: string; reason: string; determining?: string[] }> };

async function setup(owner = "Revenue Operations") {
  const admin = await signedInApi("admin");
  const env = uniq("e2e-lc").toLowerCase();
  const agentId = uniq("lc-agent").toLowerCase();
  const created = await admin.post("/api/v1/agents", { data: { id: agentId, name: "Lifecycle agent", owner, environment: env, trust_level: "internal" } });
  expect(created.status(), await created.text()).toBe(201);
  const k = await admin.post(`/api/v1/agents/${agentId}/keys`, { data: { name: "e2e" } });
  expect(k.status(), await k.text()).toBe(201);
  return { admin, env, agentId, agent: await agentApi((await k.json()).key) };
}

async function upload(admin: APIRequestContext, files: Array<{ name: string; text: string }>, note: string) {
  const res = await admin.post("/api/v1/policies", { data: { files, note } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; version: number; environment: string; activation: unknown };
}

async function activate(admin: APIRequestContext, id: string) {
  const res = await admin.post(`/api/v1/policies/${id}/activate`, { data: {} });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * The active version is cached per process and re-read every second, so right after an activation the next
 * evaluation may still see the previous one: poll the real route until the decision is the expected one.
 */
async function decisionOf(agent: APIRequestContext, step: object, want: string): Promise<Step> {
  let last: Step | undefined;
  await expect
    .poll(async () => {
      const res = await agent.post("/api/v1/evaluate", { data: { plan: { steps: [step] } } });
      expect(res.status(), await res.text()).toBe(200);
      last = (await res.json()).steps[0];
      return last!.decision;
    }, { message: `waiting for /evaluate to answer ${want}` })
    .toBe(want);
  return last!;
}

test("upload, activate, evaluate differently, roll back, and diff names the authority expansion", async () => {
  const { admin, env, agentId, agent } = await setup();

  // before any bundle for this environment: nothing is allowed
  const none = await (await agent.post("/api/v1/evaluate", { data: { plan: { steps: [READ] } } })).json();
  expect(none.steps[0].decision).toBe("block");

  const v1 = await upload(admin, bundleFiles(env, agentId, "Revenue Operations", false), "read only");
  expect(v1).toMatchObject({ environment: env, version: 1, activation: null });
  // uploaded but not active: still blocked
  expect((await (await agent.post("/api/v1/evaluate", { data: { plan: { steps: [READ] } } })).json()).steps[0].decision).toBe("block");
  await activate(admin, v1.id);
  const read = await decisionOf(agent, READ, "allow");
  expect(read.token?.token).toMatch(/^ey/);
  expect(read.stages.policy.determining).toEqual(["permit-crm-read"]);
  const emailUnderV1 = await decisionOf(agent, EMAIL, "block");
  expect(emailUnderV1.stages.capability).toMatchObject({ verdict: "fail", reason: `agent ${agentId} lacks capability notify.external (needed for send_email)` });

  // v2 grants email with approval: the same request now waits for a person
  const v2 = await upload(admin, bundleFiles(env, agentId, "Revenue Operations", true), "email with approval");
  expect(v2.version).toBe(2);
  await activate(admin, v2.id);
  const emailUnderV2 = await decisionOf(agent, EMAIL, "require_approval");
  expect([...(emailUnderV2.stages.policy.determining ?? [])].sort()).toEqual(["approval-external-email", "permit-email"]);
  expect(emailUnderV2.approval?.id).toMatch(/./);
  expect(emailUnderV2.token).toBeNull();

  const list = await (await admin.get("/api/v1/policies")).json();
  expect(list.environments.find((e: { environment: string }) => e.environment === env)).toMatchObject({ bundle_id: v2.id, version: 2 });

  // rollback = activate v1 again: the old decision returns
  await activate(admin, v1.id);
  const emailAfterRollback = await decisionOf(agent, EMAIL, "block");
  expect(emailAfterRollback.stages.capability.verdict).toBe("fail");
  expect((await (await admin.get("/api/v1/policies")).json()).environments.find((e: { environment: string }) => e.environment === env)).toMatchObject({ bundle_id: v1.id, version: 1 });

  // the diff v1 → v2 flags exactly the widening: the new grant and the two new permits
  const diff = await (await admin.get(`/api/v1/policies/diff?from=${v1.id}&to=${v2.id}`)).json();
  expect(diff.from).toMatchObject({ id: v1.id, version: 1 });
  expect(diff.to).toMatchObject({ id: v2.id, version: 2 });
  const flagged = diff.changes.filter((c: { authority_expansion: boolean }) => c.authority_expansion).map((c: { kind: string; area: string; path: string }) => `${c.kind} ${c.area} ${c.path}`);
  expect(flagged.sort()).toEqual([
    `added grant agents.${agentId}.capabilities.notify.external`,
    "added policy cedar.policies.approval-external-email",
    "added policy cedar.policies.permit-email",
  ].sort());
  expect(diff.expansion_count).toBe(3);
  expect(diff.changes).toContainEqual(expect.objectContaining({ area: "grant", summary: `${agentId} is granted notify.external (send_email).` }));
  // and back: v2 → v1 narrows, except that dropping a permit that carried @require_approval is flagged on its own
  // (the diff judges policies one by one: without it, any remaining permit for the same call needs no person)
  const back = await (await admin.get(`/api/v1/policies/diff?from=${v2.id}&to=${v1.id}`)).json();
  expect(back.changes.filter((c: { authority_expansion: boolean }) => c.authority_expansion).map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`)).toEqual([
    "removed cedar.policies.approval-external-email",
  ]);
  expect(back.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`)).toContain(`removed agents.${agentId}.capabilities.notify.external`);
});

test("dry_run through /evaluate decides the same, grants nothing and marks its events", async () => {
  const { admin, env, agentId, agent } = await setup();
  const v = await upload(admin, bundleFiles(env, agentId, "Revenue Operations", true), "dry run");
  await activate(admin, v.id);
  await decisionOf(agent, READ, "allow");

  const trace = uniq("tr-dry");
  const res = await agent.post("/api/v1/evaluate", { data: { trace_id: trace, dry_run: true, plan: { steps: [READ, EMAIL] } } });
  expect(res.status(), await res.text()).toBe(200);
  const d = await res.json();
  expect(d.steps.map((s: Step) => s.decision)).toEqual(["allow", "require_approval"]);
  expect(d.steps.map((s: Step) => [s.token, s.approval])).toEqual([[null, null], [null, null]]);
  expect(d.approval ?? null).toBeNull();

  const events = (await (await admin.get(`/api/v1/traces/${trace}/events?limit=1000`)).json()).events as Array<{ flags: string[]; event: { type: string } }>;
  expect(events.length).toBeGreaterThan(3);
  expect(events.filter((e) => !e.flags.includes("dry_run")).map((e) => e.event.type)).toEqual([]);
  const types = events.map((e) => e.event.type);
  expect(types).not.toContain("capability.granted");
  expect(types).not.toContain("approval.requested");
  expect((await (await admin.get(`/api/v1/approvals?status=pending&limit=100`)).json()).approvals.filter((a: { trace_id: string }) => a.trace_id === trace)).toEqual([]);
});

test("the agent's owner cannot approve its request over HTTP; another approver can", async () => {
  // approver@example.com owns this agent
  const { admin, env, agentId, agent } = await setup("approver@example.com");
  const v = await upload(admin, bundleFiles(env, agentId, "approver@example.com", true), "owner rule");
  await activate(admin, v.id);
  const step = await decisionOf(agent, EMAIL, "require_approval");
  const id = step.approval!.id;

  const owner = await signedInApi("approver");
  const refused = await owner.post(`/api/v1/approvals/${id}/approve`, { data: { note: "my own agent" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: "forbidden", message: `you own agent ${agentId}; someone else must decide its approvals` });
  expect((await (await admin.get(`/api/v1/approvals/${id}`)).json()).status).toBe("pending");

  const other = await admin.post(`/api/v1/approvals/${id}/approve`, { data: { note: "checked" } });
  expect(other.status(), await other.text()).toBe(200);
  expect((await other.json()).status).toBe("approved");
});

test("import-reference converts the interceptor's policies and reports what it imported", async () => {
  const admin = await signedInApi("admin");
  const policies_yaml = `blocked_tools: [delete_database]
dangerous_argument_patterns: [drop table]
agents:
  sales_agent: { allowed_tools: [read_customer, send_email], approval_required_tools: [send_email] }
`;
  const capabilities_yaml = `capabilities:
  cap_customer_read: { description: Read customer account records, risk: medium, tools: [read_customer] }
  cap_notification_ops: { description: Send notifications, risk: medium, tools: [send_email] }
`;
  const res = await admin.post("/api/v1/policies/import-reference", { data: { policies_yaml, capabilities_yaml } });
  expect(res.status(), await res.text()).toBe(200);
  const out = await res.json();
  expect(out).toMatchObject({ valid: true, errors: [] });
  expect(out.files.map((f: { name: string }) => f.name).sort()).toEqual(["bundle.yaml", "reference.cedar", "schema.cedarschema"]);
  const cedarText = out.files.find((f: { name: string }) => f.name === "reference.cedar").text as string;
  expect(cedarText.match(/@id\("[^"]+"\)/g)).toEqual([
    '@id("ref-sales-agent-allowed-tools")', '@id("ref-sales-agent-approval-required-tools")', '@id("ref-blocked-tools")', '@id("ref-dangerous-argument-patterns")',
  ]);
  expect(out.report).toContain(
    "Each capability's access (read, write or outbound), which the reference does not have, was inferred from its tool names: cap_customer_read read, cap_notification_ops outbound. Check them: outbound and write steps count against write budgets and raise chain risk.",
  );
  expect(out.report.join("\n")).toMatch(/reference's built-in defaults \(20 tool calls, 60 s, 2\.00 USD per run\)/);

  // the converted files validate and store as a version whose content is what was imported
  const stored = await upload(admin, out.files, "imported from the reference");
  const content = (await (await admin.get(`/api/v1/policies/${stored.id}`)).json()).content;
  expect(Object.keys(content.capabilities).sort()).toEqual(["cap_customer_read", "cap_notification_ops"]);
  expect(content.capabilities.cap_notification_ops).toMatchObject({ tools: ["send_email"], r_step: 0.4, access: "outbound" });
  expect(content.agents.sales_agent).toMatchObject({ trust_level: "internal", budgets: { max_tool_calls: 20, max_execution_time_s: 60, max_cost_usd: 2 } });
  expect(content.agents.sales_agent.capabilities.sort()).toEqual(["cap_customer_read", "cap_notification_ops"]);

  // a broken reference file is a 422 naming the problem, not a 500
  const broken = await admin.post("/api/v1/policies/import-reference", { data: { policies_yaml: "agents: [unclosed" } });
  expect(broken.status()).toBe(422);
  expect((await broken.json()).error.code).toBe("validation_failed");
});
