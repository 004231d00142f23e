import { describe, expect, it } from "vitest";
import type { PolicyBundleContent } from "@/engine/policy/bundle";
import { diffBundles } from "@/engine/policy/diff";
import { defaultBundle } from "@/engine/policy/load-bundle";

const edit = (f: (b: PolicyBundleContent) => void): PolicyBundleContent => {
  const b = defaultBundle();
  f(b);
  return b;
};
const replaceIn = (b: PolicyBundleContent, file: string, from: string, to: string) => {
  const p = b.cedar.policies.find((x) => x.name === file)!;
  if (!p.text.includes(from)) throw new Error(`not in ${file}: ${from}`);
  p.text = p.text.replace(from, to);
};

describe("diffBundles", () => {
  const base = defaultBundle();

  it("finds nothing between a bundle and itself", () => {
    expect(diffBundles(base, defaultBundle())).toEqual({ changes: [], expansion_count: 0 });
  });

  it("flags a new grant and a new agent with grants as expansion, a removed grant not", () => {
    const d = diffBundles(base, edit((b) => {
      b.agents["research-assistant"].capabilities.push("crm.read");
      b.agents["crm-sync"].capabilities = b.agents["crm-sync"].capabilities.filter((c) => c !== "notify.customer");
      b.agents["new-agent"] = { owner: "x", trust_level: "internal", capabilities: ["web.read"], budgets: {}, agent_budgets: {} };
    }));
    expect(d.changes).toEqual([
      expect.objectContaining({ kind: "added", area: "agent", path: "agents.new-agent", authority_expansion: true }),
      expect.objectContaining({ kind: "removed", area: "grant", path: "agents.crm-sync.capabilities.notify.customer", authority_expansion: false }),
      expect.objectContaining({ kind: "added", area: "grant", path: "agents.research-assistant.capabilities.crm.read", authority_expansion: true, summary: "research-assistant is granted crm.read (db.read, salesforce.query)." }),
    ]);
    expect(d.expansion_count).toBe(2);
  });

  it("flags tools added to a capability and a lowered base risk", () => {
    const d = diffBundles(base, edit((b) => {
      b.capabilities["crm.read"].tools.push("db.dump");
      b.capabilities["crm.write"].r_step = 0.3;
      b.capabilities["web.write"].access = "write";
    }));
    expect(d.changes.map((c) => [c.path, c.authority_expansion])).toEqual([
      ["capabilities.crm.read.tools", true],
      ["capabilities.crm.write.r_step", true],
      ["capabilities.web.write.access", true],
    ]);
    expect(d.changes[0].summary).toBe("Tools added to crm.read: db.dump — now callable by crm-sync.");
  });

  it("flags raised thresholds and raised or removed budgets, not lowered ones", () => {
    const d = diffBundles(base, edit((b) => {
      b.agents["crm-sync"].thresholds = { approval: 1.8, halt: 2.0 };
      b.agents["support-triage"].budgets.max_tool_calls = 80;
      delete b.agents["support-triage"].budgets.max_cost_usd;
      b.agents["finance-ops"].budgets.max_tool_calls = 10;
      b.default_thresholds = { approval: 1.2, halt: 2.0 };
    }));
    const byPath = Object.fromEntries(d.changes.map((c) => [c.path, c]));
    expect(byPath["default_thresholds.approval"]).toMatchObject({ area: "threshold", authority_expansion: false, before: 1.5, after: 1.2 });
    expect(byPath["agents.crm-sync.thresholds.approval"]).toMatchObject({ kind: "changed", authority_expansion: true, before: 1.2, after: 1.8 });
    expect(byPath["agents.support-triage.budgets.max_tool_calls"]).toMatchObject({ area: "budget", authority_expansion: true, summary: "support-triage: max_tool_calls raised from 40 to 80." });
    expect(byPath["agents.support-triage.budgets.max_cost_usd"]).toMatchObject({ kind: "removed", authority_expansion: true });
    expect(byPath["agents.finance-ops.budgets.max_tool_calls"]).toMatchObject({ authority_expansion: false });
  });

  it("flags new permits, changed permits, removed forbids and removed approvals by @id", () => {
    const d = diffBundles(base, edit((b) => {
      b.cedar.policies.push({ name: "extra.cedar", text: '@id("permit-everyone-reads")\npermit (principal, action, resource) when { context.access == "read" };\n\n@id("forbid-night")\nforbid (principal, action, resource) when { context.step_index > 100 };' });
      replaceIn(b, "permits.cedar", "when { principal.capabilities.contains(resource.capability) }", 'when { principal.capabilities.contains(resource.capability) || context.access == "read" }');
      replaceIn(b, "approvals.cedar", '@id("approval-delete")\n@reason("Deletions cannot be undone; a person approves them.")\n@require_approval("true")\n', '@id("approval-delete")\n@reason("Deletions cannot be undone; a person approves them.")\n');
      replaceIn(b, "guardrails.cedar", '@id("forbid-unverified-agents-outside-sandbox")', '@id("forbid-unverified-agents-outside-sandbox-renamed")');
      replaceIn(b, "approvals.cedar", '@reason("Standing orders, recurring payments and changes of their recipient are set up only with a person\'s approval.")', '@reason("Standing orders need a person.")');
    }));
    const byPath = Object.fromEntries(d.changes.map((c) => [c.path, c]));
    expect(byPath["cedar.policies.permit-everyone-reads"]).toMatchObject({ kind: "added", authority_expansion: true });
    expect(byPath["cedar.policies.forbid-night"]).toMatchObject({ kind: "added", authority_expansion: false });
    expect(byPath["cedar.policies.permit-granted-capability"]).toMatchObject({ kind: "changed", authority_expansion: true });
    expect(byPath["cedar.policies.approval-delete"]).toMatchObject({ kind: "changed", authority_expansion: true, summary: "Policy approval-delete: @require_approval removed." });
    expect(byPath["cedar.policies.forbid-unverified-agents-outside-sandbox"]).toMatchObject({ kind: "removed", authority_expansion: true });
    expect(byPath["cedar.policies.forbid-unverified-agents-outside-sandbox-renamed"]).toMatchObject({ kind: "added", authority_expansion: false });
    expect(byPath["cedar.policies.approval-standing-order"]).toMatchObject({ kind: "changed", authority_expansion: false, summary: "Policy approval-standing-order: @reason changed." });
    expect(d.expansion_count).toBe(4);
  });

  it("ignores formatting and file moves of an unchanged policy", () => {
    const d = diffBundles(base, edit((b) => {
      replaceIn(b, "permits.cedar", 'permit (principal, action == Action::"call_tool", resource)\nwhen { principal.capabilities.contains(resource.capability) };', 'permit(principal,action == Action::"call_tool",resource) when {principal.capabilities.contains(resource.capability)};');
    }));
    expect(d.changes).toEqual([]);
  });

  it("flags every loosened protection, a weaker side-effect class and a dropped sensitivity as authority expansion", () => {
    const d = diffBundles(base, edit((b) => {
      b.protections.payment_approval_amount = 5000;
      b.protections.max_plan_steps = 200;
      b.protections.auto_approve_total = 500;
      b.protections.fx_rates.USD = 0.5;
      b.protections.directory = ["DE89370400440532013000"];
      b.capabilities["payments.send"].effect = "shared_write";
      delete b.capabilities["secrets.read"].sensitivity;
    }));
    const byPath = Object.fromEntries(d.changes.map((c) => [c.path, c]));
    expect(byPath["protections.payment_approval_amount"]).toMatchObject({ authority_expansion: true, before: 500, after: 5000 });
    expect(byPath["protections.max_plan_steps"]).toMatchObject({ authority_expansion: true });
    expect(byPath["protections.auto_approve_total"]).toMatchObject({ authority_expansion: false });
    expect(byPath["protections.fx_rates.USD"]).toMatchObject({ authority_expansion: true });
    expect(byPath["protections.directory"]).toMatchObject({ authority_expansion: true });
    expect(byPath["capabilities.payments.send.effect"]).toMatchObject({ authority_expansion: true });
    expect(byPath["capabilities.secrets.read.sensitivity"]).toMatchObject({ authority_expansion: true });
  });

  it("flags turning the scenario gate off, or down to unsafe allows only, as expansion; turning it on not", () => {
    const gated = edit((b) => (b.scenarios = { require_pass: true, fail_on: "any_failure" }));
    const expansion = (x: PolicyBundleContent, y: PolicyBundleContent) => diffBundles(x, y).changes.map((c) => [c.path, c.authority_expansion]);
    expect(expansion(gated, base)).toEqual([["scenarios", true]]);
    expect(expansion(gated, edit((b) => (b.scenarios = { require_pass: false, fail_on: "any_failure" })))).toEqual([["scenarios", true]]);
    expect(expansion(gated, edit((b) => (b.scenarios = { require_pass: true, fail_on: "unsafe_allow" })))).toEqual([["scenarios", true]]);
    expect(expansion(base, gated)).toEqual([["scenarios", false]]);
    expect(diffBundles(gated, base).changes[0].summary).toMatch(/^Scenario gate turned off/);
    // off either way: nothing changed
    expect(expansion(base, edit((b) => (b.scenarios = { require_pass: false, fail_on: "unsafe_allow" })))).toEqual([]);
  });

  it("flags a weaker guard, longer approvals and new approver roles", () => {
    const d = diffBundles(edit((b) => (b.approvals.approver_roles = ["admin"])), edit((b) => {
      b.guard.block_score = 0.95;
      b.approvals.ttl_seconds = 3600;
      b.token_ttl_seconds = 600;
    }));
    expect(d.changes.map((c) => [c.area, c.path, c.authority_expansion])).toEqual([
      ["setting", "token_ttl_seconds", true],
      ["guard", "guard.block_score", true],
      ["approvals", "approvals.approver_roles", true],
      ["approvals", "approvals.ttl_seconds", true],
    ]);
  });
});
