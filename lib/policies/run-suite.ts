import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { scenarioGateOf, type PolicyBundleContent, type ScenarioGate } from "@/engine/policy/bundle";
import { loadBundle, type BundleFile } from "@/engine/policy/load-bundle";
import { mergeSuites, parseSuiteFile, type Suite, type SuiteIssue } from "@/engine/scenarios/format";
import { junitXml } from "@/engine/scenarios/report";
import { runSuite, type SuiteResult } from "@/engine/scenarios/run-suite";
import { ApiError } from "@/lib/api/errors";
import { bundleById } from "./active-bundle";

/**
 * Running a scenario suite against a stored version or a draft, for the Policies page, the API and the activation
 * gate. The suite is the project's own (`scenarios/` of the installation, read at request time, so a deployment
 * that adds files there gates on them) or files the caller uploads. The run is the engine's `runSuite`: dry run,
 * fixed clock, nothing stored; about 4 s for 150 scenarios on a 2-core machine, so it runs inside the request.
 */

export const MAX_SUITE_SCENARIOS = 1000;
export const BUILTIN_SUITE = "replay-audit-core";

export type SuiteSpec = { suite: "builtin" } | { files: BundleFile[] };

/** The directory of the shipped suite: `scenarios/` beside the app (the working directory of `next start` is the app root). */
export function builtinSuiteDir(): string {
  return path.join(process.cwd(), "scenarios");
}

const issueText = (i: SuiteIssue) => `${i.file}${i.line ? `:${i.line}` : ""}${i.scenario ? ` (${i.scenario})` : ""}: ${i.message}`;

/** Reads and merges the suite; a suite that does not parse is a 422 listing every problem with file and line. */
export async function loadSuite(spec: SuiteSpec): Promise<Suite> {
  let files: BundleFile[];
  let name: string;
  if ("suite" in spec) {
    const dir = builtinSuiteDir();
    const names = await fs.readdir(dir).catch(() => null);
    if (!names) throw new ApiError("not_found", `the project's scenario suite is not installed (no directory ${dir})`);
    files = await Promise.all(names.filter((f) => /\.(ya?ml|jsonl)$/i.test(f)).sort().map(async (f) => ({ name: `scenarios/${f}`, text: await fs.readFile(path.join(dir, f), "utf8") })));
    name = BUILTIN_SUITE;
  } else {
    files = spec.files;
    name = files.length === 1 ? files[0].name.replace(/\.(ya?ml|jsonl)$/i, "") : "uploaded suite";
  }
  const parts = files.map((f) => parseSuiteFile(f.name, f.text));
  const merged = mergeSuites(parts.length === 1 ? parts[0].suite.name : name, parts.map((p) => p.suite));
  const issues = [...parts.flatMap((p) => p.issues), ...merged.issues];
  if (issues.length) throw new ApiError("validation_failed", `files: the suite does not parse: ${issueText(issues[0])}`, issues);
  if (merged.suite.scenarios.length === 0) throw new ApiError("validation_failed", "files: the suite holds no scenario");
  if (merged.suite.scenarios.length > MAX_SUITE_SCENARIOS) {
    throw new ApiError("validation_failed", `files: the suite holds ${merged.suite.scenarios.length} scenarios; the limit is ${MAX_SUITE_SCENARIOS} a run`);
  }
  return merged.suite;
}

/** A draft's files validated as an upload is; 422 with file and line otherwise. */
export function loadDraft(files: BundleFile[]): { content: PolicyBundleContent; gate: ScenarioGate } {
  const loaded = loadBundle(files);
  if (!loaded.ok) {
    const first = loaded.errors[0];
    throw new ApiError("validation_failed", `draft: policy bundle is invalid: ${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}`, loaded.errors);
  }
  return { content: loaded.bundle, gate: scenarioGateOf(loaded.bundle) };
}

/** Runs the suite against a stored version (404 when there is none). */
export async function runSuiteOnVersion(bundleId: string, spec: SuiteSpec): Promise<SuiteResult> {
  const b = await bundleById(bundleId);
  if (!b) throw new ApiError("not_found", `policy bundle version ${bundleId} not found`);
  return runSuite(b.content, await loadSuite(spec), b.version);
}

/** Runs the suite against a draft that is not stored. */
export async function runSuiteOnDraft(files: BundleFile[], spec: SuiteSpec): Promise<SuiteResult> {
  const { content } = loadDraft(files);
  return runSuite(content, await loadSuite(spec), 0);
}

/** The suite's result as the API sends it: JSON, or JUnit XML as a download (`?format=junit`). */
export function suiteResponse(result: SuiteResult, format: "json" | "junit"): Response {
  if (format === "json") return Response.json(result);
  const name = `scenarios-${result.bundle.id}${result.bundle.version ? `-v${result.bundle.version}` : "-draft"}.junit.xml`.replace(/[^\w.-]/g, "_");
  return new Response(junitXml(result), { headers: { "content-type": "application/xml; charset=utf-8", "content-disposition": `attachment; filename="${name}"` } });
}

/** The body's suite choice as loadSuite takes it. */
export function suiteSpecOf(body: { suite?: "builtin"; files?: Array<{ name: string; content: string }> }): SuiteSpec {
  return body.files ? { files: body.files.map((f) => ({ name: f.name, text: f.content })) } : { suite: "builtin" };
}
