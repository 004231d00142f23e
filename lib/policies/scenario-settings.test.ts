import { describe, expect, it } from "vitest";
import { loadBundle } from "@/engine/policy/load-bundle";
import { openapiDocument } from "@/lib/api/openapi";
import { gatedDefaultFiles } from "./loosened-draft";
import { gateOf, liftScenarioGate } from "./scenario-settings";

describe("the scenarios: setting of bundle.yaml", () => {
  it("is lifted out so the engine validates the rest; every other line keeps its number", () => {
    const files = gatedDefaultFiles("scenarios:\n  require_pass: true\n  fail_on: unsafe_allow\n").map((f) => (f.name === "bundle.yaml" ? { ...f, text: `scenarios: { require_pass: true }\n${f.text.replace(/\nscenarios:[\s\S]*$/, "\n")}` } : f));
    const lifted = liftScenarioGate(files);
    expect(lifted.gate).toEqual({ require_pass: true, fail_on: "any_failure" });
    const before = files[0].text.split("\n");
    const after = lifted.files[0].text.split("\n");
    expect(after.length).toBe(before.length);
    expect(after[0].trim()).toBe("");
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(loadBundle(lifted.files).ok).toBe(true);
    expect(loadBundle(files).ok).toBe(false); // the engine alone refuses the key (strict schema)
  });

  it("a JSON bundle file keeps valid JSON (the comma goes with the entry)", () => {
    const json = JSON.stringify({ id: "x", scenarios: { require_pass: true }, capabilities: {} }, null, 2);
    const lifted = liftScenarioGate([{ name: "bundle.json", text: json }]);
    expect(lifted.gate.require_pass).toBe(true);
    expect(JSON.parse(lifted.files[0].text)).toEqual({ id: "x", capabilities: {} });
    const last = liftScenarioGate([{ name: "bundle.json", text: '{"id": "x", "scenarios": {"require_pass": false}}' }]);
    expect(JSON.parse(last.files[0].text)).toEqual({ id: "x" });
  });

  it("a wrong value or unknown field is named with file, line and field; absent means off", () => {
    const bad = liftScenarioGate([{ name: "bundle.yaml", text: "id: x\nscenarios:\n  require_pass: yes please\n  strict: true\n" }]);
    expect(bad.issues.map((i) => [i.file, i.line, i.message.split(":")[0]])).toEqual([["bundle.yaml", 2, "scenarios.require_pass"], ["bundle.yaml", 2, "scenarios"]]);
    expect(bad.issues[1].message).toMatch(/unknown field\(s\) strict/);
    expect(liftScenarioGate([{ name: "bundle.yaml", text: "id: x\n" }]).gate.require_pass).toBe(false);
    const empty = liftScenarioGate([{ name: "bundle.yaml", text: "id: x\nscenarios:\nenvironment: test\n" }]);
    expect(empty).toMatchObject({ gate: { require_pass: false }, issues: [], files: [{ text: "id: x\n          \nenvironment: test\n" }] });
  });

  it("a stored version's gate comes from its content when the engine keeps it there, else from its source file", () => {
    expect(gateOf({ scenarios: { require_pass: true, fail_on: "unsafe_allow" } }, {})).toEqual({ require_pass: true, fail_on: "unsafe_allow" });
    expect(gateOf({}, { "bundle.yaml": "id: x\nscenarios: { require_pass: true }\n", "a.cedar": "permit (principal, action, resource);" })).toMatchObject({ require_pass: true });
    expect(gateOf({}, null)).toMatchObject({ require_pass: false });
  });
});

describe("OpenAPI", () => {
  it("documents both scenario routes with their bodies and the activation gate", () => {
    const paths = openapiDocument().paths as Record<string, Record<string, { summary: string; requestBody?: unknown; parameters: Array<{ name: string }> }>>;
    for (const p of ["/api/v1/policies/{id}/scenarios", "/api/v1/policies/scenarios"]) {
      expect(paths[p].post.requestBody, p).toBeDefined();
      expect(paths[p].post.parameters.map((x) => x.name)).toContain("format");
    }
    expect(paths["/api/v1/policies/{id}/activate"].post.summary).toMatch(/scenarios_failed/);
  });
});
