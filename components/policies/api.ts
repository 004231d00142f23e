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
  content: PolicyBundleContent; sources: Record<string, string> | null;
};
export type DiffResult = { from: { id: string; environment: string; version: number }; to: { id: string; environment: string; version: number }; changes: BundleChange[]; expansion_count: number };
export type ValidateResult = { ok: boolean; errors: BundleIssue[]; report: string[]; bundle?: PolicyBundleContent };
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
