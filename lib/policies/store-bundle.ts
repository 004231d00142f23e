import "server-only";
import { randomBytes } from "node:crypto";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import { loadBundle } from "@/engine/policy/load-bundle";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { forgetActivation } from "./active-bundle";
import { gateActivation, type Actor } from "./gate-activation";
import { liftScenarioGate } from "./scenario-settings";

export type BundleFile = { name: string; text: string };

/**
 * Validates uploaded files (bundle YAML/JSON + .cedar/.cedarschema) and stores them as the next version for the
 * bundle's environment. Versions are immutable; nothing is active until activated. Returns the stored version,
 * or throws a 422 listing every problem with its file and line.
 */
export async function createBundleVersion(files: BundleFile[], by: string | null, note = "") {
  const lifted = liftScenarioGate(files); // scenarios: is lib's until the engine schema has it (scenario-settings.ts)
  const loaded = loadBundle(lifted.files);
  if (!loaded.ok || lifted.issues.length) {
    const errors = [...lifted.issues, ...(loaded.ok ? [] : loaded.errors)];
    const first = errors[0];
    throw new ApiError("validation_failed", `policy bundle is invalid: ${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}`, errors);
  }
  const content = loaded.bundle;
  const sha = sha256Hex(canonicalJson(content));
  for (let attempt = 0; ; attempt++) {
    const last = await prisma.policyBundle.findFirst({ where: { environment: content.environment }, orderBy: { version: "desc" }, select: { version: true } });
    try {
      return await prisma.policyBundle.create({
        data: {
          id: `pb_${randomBytes(8).toString("hex")}`, environment: content.environment, version: (last?.version ?? 0) + 1,
          content: JSON.parse(JSON.stringify(content)), sources: Object.fromEntries(files.map((f) => [f.name, f.text])), sha256: sha, note, createdBy: by,
        },
        select: { id: true, environment: true, version: true, sha256: true, createdAt: true },
      }).then((row) => ({ ...row, report: loaded.report }));
    } catch (e) {
      // two uploads raced for the same version number: take the next one
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002" && attempt < 3) continue;
      throw e;
    }
  }
}

/**
 * Makes a stored version the one in force for its environment (rollback = activating an older version), after the
 * bundle's scenario gate (gate-activation.ts) has let it through.
 */
export async function activateBundle(bundleId: string, by: string | null, actor: Actor | null = null) {
  const scenarios = await gateActivation(bundleId, actor);
  const b = await prisma.policyBundle.findUnique({ where: { id: bundleId }, select: { id: true, environment: true, version: true } });
  if (!b) throw new ApiError("not_found", `policy bundle version ${bundleId} not found`);
  const previous = await prisma.policyActivation.findUnique({ where: { environment: b.environment }, select: { bundleId: true } });
  await prisma.policyActivation.upsert({
    where: { environment: b.environment },
    create: { environment: b.environment, bundleId: b.id, activatedBy: by },
    update: { bundleId: b.id, activatedBy: by, activatedAt: new Date() },
  });
  forgetActivation(b.environment);
  return { environment: b.environment, bundle_id: b.id, version: b.version, previous_bundle_id: previous?.bundleId ?? null, ...(scenarios ? { scenarios } : {}) };
}
