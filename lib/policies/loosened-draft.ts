import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

/**
 * A loosened draft for tests: the default bundle with its guardrails (every forbid) replaced by a permit-all, so
 * plans the suite expects blocked come back allowed. `gate` adds the scenario gate to bundle.yaml.
 */
export const PERMIT_ALL = `
@id("permit-everything")
@reason("Draft: permit every call (guardrails removed).")
permit (principal, action, resource);
`;

export function loosenedDraftFiles(gate?: string) {
  return defaultBundleFiles().map((f) =>
    f.name === "guardrails.cedar" ? { ...f, text: PERMIT_ALL } : f.name === "bundle.yaml" && gate ? { ...f, text: `${f.text}\n${gate}` } : f,
  );
}

/** The default bundle with the gate on, otherwise unchanged. */
export function gatedDefaultFiles(gate = "scenarios:\n  require_pass: true\n") {
  return defaultBundleFiles().map((f) => (f.name === "bundle.yaml" ? { ...f, text: `${f.text}\n${gate}` } : f));
}
