import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { PROTECTION_DEFAULTS, type PolicyBundleContent } from "@/engine/policy/bundle";
import { CedarAuthorizer, rawCedarAuthorizeForBench, splitCedarPolicies, validateCedar, type CedarAuthorizeRequest, type CedarContext } from "@/engine/policy/cedar";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

const SCHEMA = defaultBundleFiles().find((f) => f.name === "schema.cedarschema")!.text;

const context = (over: Partial<CedarContext> = {}): CedarContext => ({
  capability: "crm.read", access: "read", step_index: 1, trust_levels: ["internal"], untrusted_provenance: false,
  provenance_sources: ["user_prompt"], guard_flagged: false, guard_score: 0, step_risk_pct: 10, r_total_pct: 10,
  argument_text: '{"table":"contacts"}', destinations: [], external_destination: false, agent_trust: "internal", ...over,
});

const request = (over: Partial<CedarAuthorizeRequest> = {}, ctx: Partial<CedarContext> = {}): CedarAuthorizeRequest => {
  const capability = over.capability ?? ctx.capability ?? "crm.read";
  const access = over.access ?? (ctx.access as CedarAuthorizeRequest["access"]) ?? "read";
  return {
    agent: { id: "crm-sync", trust_level: "internal", environment: "production", owner: "Revenue Operations" },
    tool: "db.read", ...over, capability, access, context: context({ capability, access, ...ctx }),
  };
};

const bundleWith = (policies: Array<{ name: string; text: string }>): PolicyBundleContent => ({
  id: "test", description: "", environment: "production", default_thresholds: { approval: 1.5, halt: 2 }, internal_domains: [],
  capabilities: { "crm.read": { description: "", tools: ["db.read"], r_step: 0.2, access: "read", effect: "read" } },
  agents: {}, cedar: { schema: SCHEMA, policies }, guard: { block_score: 0.9, signal_score: 0.5 },
  approvals: { ttl_seconds: 900, approver_roles: ["approver", "admin"] }, token_ttl_seconds: 300, protections: PROTECTION_DEFAULTS,
});

describe("splitCedarPolicies", () => {
  it("cuts at top-level semicolons only, keeping offsets", () => {
    const text = '// a; comment\n@reason("x; y") permit(principal, action, resource) when { context.argument_text like "*;*" };\nforbid(principal, action, resource);\n// trailing';
    const parts = splitCedarPolicies(text);
    expect(parts).toHaveLength(2);
    expect(text.slice(parts[1].offset, parts[1].offset + parts[1].text.length)).toBe(parts[1].text);
    expect(parts[1].text.trim()).toBe("forbid(principal, action, resource);");
  });
});

describe("validateCedar", () => {
  it("accepts valid policies and reports their ids, effects, reasons and approval flags", () => {
    const v = validateCedar(SCHEMA, [
      { name: "a.cedar", text: '@id("p")\n@reason("because")\n@require_approval("true")\npermit(principal, action == Action::"call_tool", resource);\n\nforbid(principal, action, resource) when { context.guard_flagged };' },
    ]);
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.policies).toEqual([
      expect.objectContaining({ id: "p", file: "a.cedar", effect: "permit", reason: "because", requireApproval: true }),
      expect.objectContaining({ id: "a.cedar#2", effect: "forbid", requireApproval: false }),
    ]);
  });

  it("names file, line and column of a syntax error", () => {
    const text = 'permit(principal, action, resource);\n\n@id("bad")\npermit(principal, action, resource)\n  when { context.guard_score > };';
    const v = validateCedar(SCHEMA, [{ name: "ok.cedar", text: "permit(principal, action, resource);" }, { name: "broken.cedar", text }]);
    expect(v.ok).toBe(false);
    expect(v.errors).toHaveLength(1);
    expect(v.errors[0]).toMatchObject({ file: "broken.cedar", line: 5, column: 32 });
    expect(v.errors[0].message).toMatch(/unexpected token/);
  });

  it("maps byte offsets to characters when the text has non-ASCII characters", () => {
    const v = validateCedar(SCHEMA, [{ name: "u.cedar", text: '@reason("Zürich — Genève")\npermit(principal, action, resource) when { context.nope };' }]);
    expect(v.errors[0]).toMatchObject({ file: "u.cedar", line: 2, column: 44 });
  });

  it("reports an attribute the schema does not declare, with its line and a suggestion", () => {
    const text = '@id("p1")\npermit(principal, action, resource);\n\n@id("f1")\nforbid(principal, action, resource)\nwhen { context.guard_flaged };';
    const v = validateCedar(SCHEMA, [{ name: "typo.cedar", text }]);
    expect(v.ok).toBe(false);
    expect(v.errors).toHaveLength(1);
    expect(v.errors[0]).toMatchObject({ file: "typo.cedar", line: 6, column: 8 });
    expect(v.errors[0].message).toMatch(/guard_flaged.*not found.*guard_flagged/);
  });

  it("reports a type error against the schema", () => {
    const v = validateCedar(SCHEMA, [{ name: "t.cedar", text: 'permit(principal, action, resource) when { principal.trust_level > 3 };' }]);
    expect(v.ok).toBe(false);
    expect(v.errors[0].file).toBe("t.cedar");
    expect(v.errors[0].line).toBe(1);
  });

  it("rejects a duplicate @id across files, naming the first occurrence", () => {
    const v = validateCedar(SCHEMA, [
      { name: "a.cedar", text: '@id("same") permit(principal, action, resource);' },
      { name: "b.cedar", text: '\n\n@id("same") forbid(principal, action, resource);' },
    ]);
    expect(v.ok).toBe(false);
    expect(v.errors).toEqual([{ file: "b.cedar", line: 3, column: 1, message: 'duplicate policy id "same": already used at a.cedar:1' }]);
  });

  it("rejects @require_approval on a forbid and values other than true/false", () => {
    const v = validateCedar(SCHEMA, [
      { name: "a.cedar", text: '@require_approval("true") forbid(principal, action, resource);\n@require_approval("yes") permit(principal, action, resource);' },
    ]);
    expect(v.errors.map((e) => [e.line, e.message])).toEqual([
      [1, expect.stringMatching(/only applies to permit/)],
      [2, expect.stringMatching(/must be "true" or "false"/)],
    ]);
  });

  it("rejects templates with a location", () => {
    const v = validateCedar(SCHEMA, [{ name: "tpl.cedar", text: "permit(principal == ?principal, action, resource);" }]);
    expect(v.ok).toBe(false);
    expect(v.errors[0]).toMatchObject({ file: "tpl.cedar", line: 1, column: 21 });
  });

  it("reports schema syntax errors in the schema file", () => {
    const v = validateCedar(SCHEMA.replace("guard_score: Long", "guard_score: Lng"), [{ name: "a.cedar", text: "permit(principal, action, resource);" }], "my.cedarschema");
    expect(v.ok).toBe(false);
    expect(v.errors[0].file).toBe("my.cedarschema");
    expect(v.errors[0].message).toMatch(/Lng/);
    expect(v.errors[0].line).toBe(SCHEMA.split("\n").findIndex((l) => l.includes("guard_score")) + 1);
  });
});

describe("CedarAuthorizer", () => {
  const policies = [
    {
      name: "grants.cedar",
      text: `
@id("permit-crm-sync-crm-read")
@reason("crm-sync may read the CRM.")
permit (principal == Agent::"crm-sync", action == Action::"call_tool", resource) when { resource.capability == "crm.read" };

@id("permit-crm-sync-notify-external")
@reason("crm-sync may send email.")
permit (principal == Agent::"crm-sync", action == Action::"call_tool", resource) when { resource.capability == "notify.external" };

@id("approval-external-email")
@reason("External email needs a person.")
@require_approval("true")
permit (principal, action == Action::"call_tool", resource) when { resource.capability == "notify.external" && context.external_destination };

@id("permit-other-crm-read")
permit (principal == Agent::"other", action == Action::"call_tool", resource) when { resource.capability == "crm.read" };
`,
    },
    {
      name: "forbids.cedar",
      text: `
@id("forbid-guard")
@reason("Injection found.")
forbid (principal, action, resource) when { context.access == "outbound" && context.guard_flagged };

@id("forbid-overflow-when-risky")
forbid (principal, action, resource) when { context.r_total_pct > 9000 && context.r_total_pct * 9223372036854775807 > 0 };
`,
    },
  ];
  const authorizer = new CedarAuthorizer(bundleWith(policies));

  it("permits a granted read, naming the permit and its reason", () => {
    expect(authorizer.authorize(request())).toEqual({
      decision: "allow", requireApproval: false, determining: ["permit-crm-sync-crm-read"], reasons: ["crm-sync may read the CRM."], errors: [],
    });
  });

  it("denies by default when no policy permits", () => {
    const d = authorizer.authorize(request({ tool: "db.write", capability: "crm.write", access: "write" }));
    expect(d).toEqual({ decision: "deny", requireApproval: false, determining: [], reasons: [], errors: [] });
    expect(authorizer.authorize(request({ agent: { id: "stranger", trust_level: "internal", environment: "production", owner: "" } })).decision).toBe("deny");
  });

  it("uses policies pinned to another agent only for that agent", () => {
    const d = authorizer.authorize(request({ agent: { id: "other", trust_level: "internal", environment: "production", owner: "" } }));
    expect(d.determining).toEqual(["permit-other-crm-read"]);
  });

  it("requires approval when a determining permit carries @require_approval", () => {
    const internal = authorizer.authorize(request({ tool: "send_email", capability: "notify.external", access: "outbound" }, { destinations: ["a@example.com"] }));
    expect(internal).toMatchObject({ decision: "allow", requireApproval: false, determining: ["permit-crm-sync-notify-external"] });
    const external = authorizer.authorize(request({ tool: "send_email", capability: "notify.external", access: "outbound" }, { external_destination: true }));
    expect(external).toMatchObject({
      decision: "allow", requireApproval: true, determining: ["permit-crm-sync-notify-external", "approval-external-email"],
      reasons: ["crm-sync may send email.", "External email needs a person."],
    });
  });

  it("lets a forbid override every permit and names it", () => {
    const d = authorizer.authorize(request({ tool: "send_email", capability: "notify.external", access: "outbound" }, { external_destination: true, guard_flagged: true }));
    expect(d).toEqual({ decision: "deny", requireApproval: false, determining: ["forbid-guard"], reasons: ["Injection found."], errors: [] });
  });

  it("fails closed when a policy errors during evaluation", () => {
    const d = authorizer.authorize(request({}, { r_total_pct: 9500 }));
    expect(d.decision).toBe("deny");
    expect(d.errors).toEqual([expect.stringMatching(/forbid-overflow-when-risky failed to evaluate: integer overflow/)]);
    expect(d.determining).toEqual([]);
  });

  it("offers the bare pre-parsed call for the benchmark", () => {
    const bare = rawCedarAuthorizeForBench(authorizer, request());
    expect(bare).toBe("allow");
    expect(rawCedarAuthorizeForBench(authorizer, request({ tool: "x", capability: "crm.write", access: "write" }))).toBe("deny");
  });

  it("leaves out only policies that could neither apply nor fail, so errors still deny", () => {
    const a = new CedarAuthorizer(bundleWith([
      { name: "p.cedar", text: '@id("read-ok") permit (principal, action, resource) when { context.access == "read" };' },
      {
        name: "f.cedar",
        text: `@id("pruned-for-reads") forbid (principal, action, resource) when { context.access == "write" && context.r_total_pct * 9223372036854775807 > 0 };
@id("errs-first") forbid (principal, action, resource) when { context.r_total_pct * 9223372036854775807 > 0 && context.access == "write" };
@id("reads-whole-context") forbid (principal, action, resource) when { context == {} };`,
      },
    ]));
    const d = a.authorize(request());
    expect(d.decision).toBe("deny");
    expect(d.errors).toEqual([expect.stringMatching(/^policy errs-first failed to evaluate: integer overflow/)]);
    const whole = cedar.statefulIsAuthorized(a.wholeSetCall(request()));
    expect(whole.type === "success" && whole.response.diagnostics.errors.map((e) => e.policyId)).toEqual(["errs-first"]);
  });

  it("refuses to build from policies that do not parse", () => {
    expect(() => new CedarAuthorizer(bundleWith([{ name: "x.cedar", text: "permit(" }]))).toThrow(/x\.cedar:1/);
  });

  // What a call costs is printed by npm run bench:evaluate; here: the pruned, cached path answers like the whole set
  // on every repeat, so the per-request cache cannot drift from Cedar.
  it("answers repeated requests from its cache exactly as a whole-set Cedar call does", () => {
    const email = request({ tool: "send_email", capability: "notify.external", access: "outbound" }, { external_destination: true, argument_text: '{"to":"procurement@globex-partners.example","subject":"Your renewal quote Q-2291"}' });
    const flagged = { ...email, context: { ...email.context, guard_flagged: true } };
    const read = request();
    const expected = [
      { decision: "allow", requireApproval: true, determining: ["permit-crm-sync-notify-external", "approval-external-email"] },
      { decision: "deny", requireApproval: false, determining: ["forbid-guard"] },
      { decision: "allow", requireApproval: false, determining: ["permit-crm-sync-crm-read"] },
    ];
    for (let i = 0; i < 50; i++) {
      [email, flagged, read].forEach((req, j) => {
        const ours = authorizer.authorize(req);
        expect({ decision: ours.decision, requireApproval: ours.requireApproval, determining: [...ours.determining].sort() }).toEqual({ ...expected[j], determining: [...expected[j].determining].sort() });
        expect(ours.decision).toBe(rawCedarAuthorizeForBench(authorizer, req));
      });
    }
  });
});
