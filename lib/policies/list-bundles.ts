import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { PolicyBundleContent } from "@/engine/policy/bundle";
import { gateOf } from "./scenario-settings";

function summary(content: unknown) {
  const c = content as PolicyBundleContent;
  return {
    bundle_id: c.id,
    agents: Object.keys(c.agents ?? {}).length,
    capabilities: Object.keys(c.capabilities ?? {}).length,
    policies: (c.cedar?.policies ?? []).reduce((n, f) => n + (f.text.match(/^\s*(permit|forbid)\s*\(/gm)?.length ?? 0), 0),
  };
}

export async function listBundles() {
  const [versions, activations] = await Promise.all([
    prisma.policyBundle.findMany({ orderBy: [{ environment: "asc" }, { version: "desc" }], select: { id: true, environment: true, version: true, sha256: true, note: true, createdAt: true, createdBy: true, content: true } }),
    prisma.policyActivation.findMany({ orderBy: { environment: "asc" } }),
  ]);
  const active = new Set(activations.map((a) => a.bundleId));
  const byId = new Map(versions.map((v) => [v.id, v]));
  return {
    environments: activations.map((a) => ({ environment: a.environment, bundle_id: a.bundleId, version: byId.get(a.bundleId)?.version ?? 0, activated_at: a.activatedAt.toISOString(), activated_by: a.activatedBy })),
    versions: versions.map((v) => ({
      id: v.id, environment: v.environment, version: v.version, sha256: v.sha256, note: v.note, created_at: v.createdAt.toISOString(),
      created_by: v.createdBy, active: active.has(v.id), summary: summary(v.content),
    })),
  };
}

export async function getBundle(id: string) {
  const v = await prisma.policyBundle.findUnique({ where: { id } });
  if (!v) throw new ApiError("not_found", `policy bundle version ${id} not found`);
  const activation = await prisma.policyActivation.findUnique({ where: { environment: v.environment } });
  return {
    id: v.id, environment: v.environment, version: v.version, sha256: v.sha256, note: v.note, created_at: v.createdAt.toISOString(), created_by: v.createdBy,
    active: activation?.bundleId === v.id, content: v.content, sources: v.sources, scenarios: gateOf(v.content, v.sources),
  };
}
