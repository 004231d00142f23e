import type { z } from "zod";
import type { BundleChange } from "@/engine/policy/diff";
import type { PolicyBundleContent } from "@/engine/policy/bundle";
import type { BundleList, BundleVersion } from "@/lib/policies/schemas";
import { requestJson } from "@/components/ui/request-json";

export type BundleListData = z.infer<typeof BundleList>;
export type BundleVersionRow = z.infer<typeof BundleVersion>;
export type BundleFile = { name: string; text: string };
export type BundleIssue = { file: string; line?: number; column?: number; message: string };

export type BundleDetail = {
  id: string; environment: string; version: number; sha256: string; note: string; created_at: string; created_by: string | null; active: boolean;
  content: PolicyBundleContent; sources: Record<string, string> | null; scenarios?: { require_pass: boolean; fail_on: "any_failure" | "unsafe_allow" };
};
export type DiffResult = { from: { id: string; environment: string; version: number }; to: { id: string; environment: string; version: number }; changes: BundleChange[]; expansion_count: number };
export type ValidateResult = { ok: boolean; errors: BundleIssue[]; report: string[]; bundle?: PolicyBundleContent; scenarios?: { require_pass: boolean; fail_on: string } };
export type ImportResult = { files: BundleFile[]; report: string[]; valid: boolean; errors: BundleIssue[] };
export type UploadResult = { id: string; environment: string; version: number; sha256: string; created_at: string; report: string[]; activation: unknown };

export const fetchBundles = () => requestJson<BundleListData>("GET", "/api/v1/policies");
export const fetchBundle = (id: string) => requestJson<BundleDetail>("GET", `/api/v1/policies/${encodeURIComponent(id)}`);
export const fetchDiff = (from: string, to: string) => requestJson<DiffResult>("GET", `/api/v1/policies/diff?${new URLSearchParams({ from, to })}`);
export const activate = (id: string) => requestJson<{ environment: string; bundle_id: string; version: number; previous_bundle_id: string | null }>("POST", `/api/v1/policies/${encodeURIComponent(id)}/activate`);
export const validateFiles = (files: BundleFile[]) => requestJson<ValidateResult>("POST", "/api/v1/policies/validate", { files });
export const uploadFiles = (files: BundleFile[], note: string, activateNow: boolean) => requestJson<UploadResult>("POST", "/api/v1/policies", { files, note, activate: activateNow });
export const importReference = (policies_yaml: string, capabilities_yaml: string) =>
  requestJson<ImportResult>("POST", "/api/v1/policies/import-reference", { policies_yaml, capabilities_yaml: capabilities_yaml || "capabilities: {}\n" });

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

/** "file:line:col message" — where a validation problem is. */
export function issueWhere(i: BundleIssue): string {
  return `${i.file}${i.line ? `:${i.line}` : ""}${i.line && i.column ? `:${i.column}` : ""}`;
}

import type { ScenarioResult, SuiteResult } from "@/engine/scenarios/run-suite";
export type { ScenarioResult, SuiteResult };
/** What a scenario run is against: a stored version, or draft files not stored. */
export type ScenarioTarget = { kind: "version"; id: string } | { kind: "draft"; files: BundleFile[] };
export type SuiteChoice = { suite: "builtin" } | { files: Array<{ name: string; content: string }> };

function scenarioRequest(target: ScenarioTarget, suite: SuiteChoice): { path: string; body: unknown } {
  return target.kind === "version"
    ? { path: `/api/v1/policies/${encodeURIComponent(target.id)}/scenarios`, body: suite }
    : { path: "/api/v1/policies/scenarios", body: { draft: { files: target.files }, ...suite } };
}

export const runScenarios = (target: ScenarioTarget, suite: SuiteChoice) => {
  const { path, body } = scenarioRequest(target, suite);
  return requestJson<SuiteResult>("POST", path, body);
};

/** The same run as JUnit XML, for a CI system's test view. */
export async function scenariosJunit(target: ScenarioTarget, suite: SuiteChoice): Promise<Blob> {
  const { path, body } = scenarioRequest(target, suite);
  const res = await fetch(`${path}?format=junit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
  if (!res.ok) {
    const json = await res.json().catch(() => null);
    throw new Error(json?.error?.message ?? `request failed (HTTP ${res.status})`);
  }
  return res.blob();
}
