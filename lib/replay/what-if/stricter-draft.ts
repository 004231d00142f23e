import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

/**
 * A stricter draft for tests and `npm run bench:what-if`: the default bundle plus a forbid on every send through
 * notify.external. Against the seeded data it flips the outbound-mail steps and nothing else.
 */
export const FORBID_OUTBOUND_EMAIL = `
@id("forbid-outbound-email")
@reason("Draft: no email leaves through notify.external until the mail gateway is reviewed.")
forbid (principal, action == Action::"call_tool", resource)
when { resource.capability == "notify.external" };
`;

export function stricterDraftFiles() {
  return defaultBundleFiles().map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + FORBID_OUTBOUND_EMAIL } : f));
}
