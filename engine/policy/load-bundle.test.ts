import { describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { defaultBundle, loadBundle, type BundleFile } from "@/engine/policy/load-bundle";

const SCHEMA = defaultBundleFiles().find((f) => f.name === "schema.cedarschema")!;

const YAML = `id: test-bundle
cedar_schema: schema.cedarschema
cedar_policies: [grants.cedar]
capabilities:
  crm.read:
    tools: [db.read]
    r_step: 0.2
    access: read
  notify.external:
    tools: [send_email]
    r_step: 0.4
    access: outbound
agents:
  crm-sync:
    owner: Revenue Operations
    capabilities: [crm.read, notify.external]
    thresholds: { approval: 1.2, halt: 2.0 }
`;
const GRANTS = `@id("permit-crm-sync-crm-read")
permit (principal == Agent::"crm-sync", action == Action::"call_tool", resource)
when { resource.capability == "crm.read" };
`;

const files = (yaml = YAML, grants = GRANTS, extra: BundleFile[] = []): BundleFile[] => [
  { name: "bundle.yaml", text: yaml },
  SCHEMA,
  { name: "grants.cedar", text: grants },
  ...extra,
];

const errorsOf = (f: BundleFile[]) => {
  const r = loadBundle(f);
  if (r.ok) throw new Error(`expected errors, got a bundle; report: ${r.report.join(" | ")}`);
  return r.errors;
};

describe("loadBundle", () => {
  it("loads a YAML bundle with its Cedar files, applying defaults", () => {
    const r = loadBundle(files());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.bundle.id).toBe("test-bundle");
    expect(r.bundle.cedar.policies).toEqual([{ name: "grants.cedar", text: GRANTS }]);
    expect(r.bundle.cedar.schema).toBe(SCHEMA.text);
    expect(r.bundle.agents["crm-sync"].trust_level).toBe("internal");
    expect(r.bundle.default_thresholds).toEqual({ approval: 1.5, halt: 2 });
    expect(r.report[0]).toBe("Bundle test-bundle for production: 2 capabilities covering 2 tools, 1 agents.");
    expect(r.report[1]).toMatch(/^Cedar: 1 policies — 1 permits \(0 requiring approval\), 0 forbids — in grants\.cedar \(1\)/);
  });

  it("takes every uploaded .cedar file (by name) and the one schema when the bundle names none", () => {
    const yaml = YAML.replace("cedar_schema: schema.cedarschema\ncedar_policies: [grants.cedar]\n", "");
    const r = loadBundle(files(yaml, GRANTS, [{ name: "a-forbids.cedar", text: "forbid(principal, action, resource) when { context.guard_flagged };" }]));
    expect(r.ok && r.bundle.cedar.policies.map((p) => p.name)).toEqual(["a-forbids.cedar", "grants.cedar"]);
  });

  it("round-trips the stored JSON form with inline Cedar", () => {
    const stored = defaultBundle();
    const r = loadBundle([{ name: "bundle.json", text: JSON.stringify(stored, null, 2) }]);
    expect(r.ok && r.bundle).toEqual(stored);
  });

  it("reports a YAML syntax error with its line", () => {
    const errs = errorsOf(files(YAML.replace("    r_step: 0.4", "    r_step: [0.4")));
    expect(errs[0]).toMatchObject({ file: "bundle.yaml" });
    expect(errs[0].line).toBeGreaterThanOrEqual(10);
  });

  it("reports a JSON syntax error with its line", () => {
    const errs = errorsOf([{ name: "bundle.json", text: '{\n  "id": "x",\n  "agents": {,}\n}' }]);
    expect(errs).toEqual([expect.objectContaining({ file: "bundle.json", line: 3, message: expect.stringMatching(/not valid JSON/) })]);
  });

  it("names the field and line of a schema violation", () => {
    const errs = errorsOf(files(YAML.replace("    r_step: 0.4", "    r_step: 4").replace("    access: read", "    acess: read")));
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "bundle.yaml", line: 11, message: expect.stringMatching(/^capabilities\.notify\.external\.r_step: .*(<=|less than or equal)/i) }),
        expect.objectContaining({ file: "bundle.yaml", line: 8, column: 5, message: "capabilities.crm.read.acess: unknown field (check its spelling)" }),
      ]),
    );
  });

  it("rejects thresholds where halt is below approval, at the agent's line", () => {
    const errs = errorsOf(files(YAML.replace("approval: 1.2, halt: 2.0", "approval: 2.5, halt: 2.0")));
    expect(errs).toEqual([expect.objectContaining({ file: "bundle.yaml", line: 17, message: expect.stringMatching(/agents\.crm-sync\.thresholds: halt must be at least approval/) })]);
  });

  it("rejects a grant of an unknown capability, at its line", () => {
    const errs = errorsOf(files(YAML.replace("[crm.read, notify.external]", "[crm.read,\n      crm.reed]")));
    expect(errs).toEqual([{ file: "bundle.yaml", line: 17, column: 7, message: "agents.crm-sync.capabilities[1]: unknown capability crm.reed; define it under capabilities or remove the grant" }]);
  });

  it("rejects a tool that belongs to two capabilities", () => {
    const errs = errorsOf(files(YAML.replace("tools: [send_email]", "tools: [send_email, db.read]")));
    expect(errs).toEqual([
      expect.objectContaining({ file: "bundle.yaml", line: 10, column: 25, message: expect.stringMatching(/^capabilities\.notify\.external\.tools\[1\]: tool db\.read is already in capability crm\.read/) }),
    ]);
  });

  it("rejects guard scores where signalling needs more than blocking", () => {
    const errs = errorsOf(files(`${YAML}guard: { block_score: 0.4, signal_score: 0.6 }\n`));
    expect(errs[0].message).toMatch(/^guard\.signal_score: must not exceed guard\.block_score/);
    expect(errs[0].line).toBe(18);
  });

  it("reports Cedar errors with the .cedar file and line", () => {
    const errs = errorsOf(files(YAML, `${GRANTS}\n@id("f")\nforbid (principal, action, resource)\nwhen { context.guard_flaged };\n`));
    expect(errs).toEqual([expect.objectContaining({ file: "grants.cedar", line: 7, column: 8, message: expect.stringMatching(/guard_flaged/) })]);
  });

  it("rejects a policy comparing the capability with a name the bundle does not define", () => {
    const errs = errorsOf(files(YAML, `${GRANTS}\n@id("f")\nforbid (principal, action, resource)\nwhen { ["crm.read", "notify.externl"].contains(resource.capability) && context.guard_flagged };\n`));
    expect(errs).toEqual([{ file: "grants.cedar", line: 5, column: 1, message: 'policy f compares the capability with "notify.externl", which this bundle does not define' }]);
  });

  it("rejects missing, unlisted and unsupported files", () => {
    expect(errorsOf(files(YAML.replace("[grants.cedar]", "[grants.cedar, more.cedar]")))).toEqual([
      expect.objectContaining({ file: "bundle.yaml", line: 3, message: "cedar_policies[1]: names more.cedar, which was not uploaded" }),
    ]);
    expect(errorsOf(files(YAML, GRANTS, [{ name: "stray.cedar", text: "" }]))).toEqual([
      { file: "stray.cedar", message: "uploaded but not listed in the bundle's cedar_policies (it would be ignored)" },
    ]);
    expect(errorsOf(files(YAML, GRANTS, [{ name: "notes.txt", text: "" }]))[0].file).toBe("notes.txt");
    expect(errorsOf([SCHEMA])[0].message).toMatch(/no bundle file/);
  });

  it("warns in the report about ungranted capabilities and policies naming unknown agents", () => {
    const r = loadBundle(files(YAML.replace("[crm.read, notify.external]", "[crm.read]"), `${GRANTS}\npermit (principal == Agent::"ghost", action, resource);\n`));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.report).toContain("Capabilities granted to no agent (their tools are refused for everyone): notify.external.");
    expect(r.report.some((l) => /grants\.cedar:5 policy grants\.cedar#2 names Agent::"ghost"/.test(l))).toBe(true);
  });
});
