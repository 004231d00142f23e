import "server-only";
import { CedarAuthorizer } from "@/engine/policy/cedar";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import type { ActiveBundle } from "@/engine/evaluate";
import { prisma } from "@/lib/db";

const compiled = new Map<string, ActiveBundle>(); // bundle versions are immutable: compile each once per process
const activations = new Map<string, { bundleId: string | null; at: number }>();
const ACTIVATION_TTL_MS = 1000; // another process's activation is seen within a second

/** The bundle in force for an environment (compiled Cedar included), or null when none is active: deny by default. */
export async function activeBundle(environment: string): Promise<ActiveBundle | null> {
  const now = Date.now();
  let a = activations.get(environment);
  if (!a || now - a.at > ACTIVATION_TTL_MS) {
    const row = await prisma.policyActivation.findUnique({ where: { environment }, select: { bundleId: true } });
    a = { bundleId: row?.bundleId ?? null, at: now };
    activations.set(environment, a);
  }
  return a.bundleId ? bundleById(a.bundleId) : null;
}

export async function bundleById(id: string): Promise<ActiveBundle | null> {
  const hit = compiled.get(id);
  if (hit) return hit;
  const row = await prisma.policyBundle.findUnique({ where: { id }, select: { id: true, version: true, environment: true, content: true } });
  if (!row) return null;
  const content = PolicyBundleContent.parse(row.content);
  const bundle: ActiveBundle = { id: content.id, rowId: row.id, version: row.version, environment: row.environment, content, authorizer: new CedarAuthorizer(content) };
  compiled.set(id, bundle);
  return bundle;
}

/** Forget the cached activation of an environment (after activating in this process). */
export function forgetActivation(environment: string) {
  activations.delete(environment);
}
