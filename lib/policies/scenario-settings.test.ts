import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { scenarioGateOf } from "@/engine/policy/bundle";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { loadBundle } from "@/engine/policy/load-bundle";
import { openapiDocument } from "@/lib/api/openapi";
import { gatedDefaultFiles } from "./loosened-draft";
import { gateOf, withGate } from "./scenario-settings";

describe("the scenarios: setting of bundle.yaml", () => {
  it("is validated by the engine with the rest of the bundle and kept in its content", () => {
    const r = loadBundle(gatedDefaultFiles("scenarios:\n  require_pass: true\n  fail_on: unsafe_allow\n"));
    expect(r.ok && r.bundle.scenarios).toEqual({ require_pass: true, fail_on: "unsafe_allow" });
    expect(r.ok && r.report.join(" ")).toMatch(/Scenario gate: activation runs the project's suite and refuses this version on any unsafe allow/);
    // flow style at the top of the file; fail_on defaults to any_failure
    const top = defaultBundleFiles().map((f) => (f.name === "bundle.yaml" ? { ...f, text: `scenarios: { require_pass: true }\n${f.text}` } : f));
    const t = loadBundle(top);
    expect(t.ok && t.bundle.scenarios).toEqual({ require_pass: true, fail_on: "any_failure" });
  });

  it("a JSON bundle file carries it too", () => {
    const files = defaultBundleFiles();
    const yaml = parseYaml(files.find((f) => f.name === "bundle.yaml")!.text) as Record<string, unknown>;
    const json = [{ name: "bundle.json", text: JSON.stringify({ ...yaml, scenarios: { require_pass: true } }, null, 2) }, ...files.filter((f) => f.name !== "bundle.yaml")];
    const r = loadBundle(json);
    expect(r.ok && r.bundle.scenarios).toEqual({ require_pass: true, fail_on: "any_failure" });
  });

  it("a wrong value or unknown field is named with file, line and field; absent or empty means off", () => {
    const base = defaultBundleFiles()[0].text.split("\n").length;
    const bad = loadBundle(gatedDefaultFiles("scenarios:\n  require_pass: yes please\n  strict: true\n"));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.file, e.line, e.message.split(":")[0]])).toEqual([["bundle.yaml", base + 2, "scenarios.require_pass"], ["bundle.yaml", base + 3, "scenarios.strict"]]);
    expect(bad.errors[1].message).toMatch(/unknown field/);
    const absent = loadBundle(defaultBundleFiles());
    expect(absent.ok && absent.bundle.scenarios).toBeUndefined();
    expect(absent.ok && scenarioGateOf(absent.bundle)).toEqual({ require_pass: false, fail_on: "any_failure" });
    const empty = loadBundle(gatedDefaultFiles("scenarios:\n"));
    expect(empty.ok && scenarioGateOf(empty.bundle)).toEqual({ require_pass: false, fail_on: "any_failure" });
    // without the key the content is what it was before the engine knew it: stored hashes stay true
    expect(absent.ok && "scenarios" in absent.bundle).toBe(false);
  });

  it("a stored version's gate comes from its content; a version stored before the engine kept it, from its source file", () => {
    expect(gateOf({ scenarios: { require_pass: true, fail_on: "unsafe_allow" } }, {})).toEqual({ require_pass: true, fail_on: "unsafe_allow" });
    expect(gateOf({}, { "bundle.yaml": "id: x\nscenarios: { require_pass: true }\n", "a.cedar": "permit (principal, action, resource);" })).toMatchObject({ require_pass: true });
    expect(gateOf({}, { "bundle.json": '{"id": "x", "scenarios": {"require_pass": true, "fail_on": "unsafe_allow"}}' })).toEqual({ require_pass: true, fail_on: "unsafe_allow" });
    expect(gateOf({}, null)).toMatchObject({ require_pass: false });
    expect(gateOf({}, { "bundle.yaml": "id: x\nscenarios:\n" })).toMatchObject({ require_pass: false });
    expect(withGate({ id: "x" }, { "bundle.yaml": "scenarios: { require_pass: true }\n" })).toEqual({ id: "x", scenarios: { require_pass: true, fail_on: "any_failure" } });
    expect(withGate({ id: "x" }, {})).toEqual({ id: "x" });
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
