import "server-only";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { activateBundle, createBundleVersion } from "@/lib/policies/store-bundle";

/**
 * Stores the default bundle once per environment and activates it, so every environment the demo agents (or a new
 * install's first agents) live in has a bundle in force — one that denies by default.
 */
export async function seedDefaultPolicies(environments: string[], by: string | null): Promise<Array<{ environment: string; bundle_id: string }>> {
  const out = [];
  for (const environment of [...new Set(environments)].sort()) {
    const files = defaultBundleFiles().map((f) =>
      f.name === "bundle.yaml" ? { ...f, text: f.text.replace(/^environment:.*$/m, `environment: ${environment}`) } : f,
    );
    const created = await createBundleVersion(files, by, "default bundle, seeded on first start");
    await activateBundle(created.id, by);
    out.push({ environment, bundle_id: created.id });
  }
  return out;
}
