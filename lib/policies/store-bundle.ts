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

export type BundleFile = { name: string; text: string };

/**
 * Validates uploaded files (bundle YAML/JSON + .cedar/.cedarschema) and stores them as the next version for the
 * bundle's environment. Versions are immutable; nothing is active until activated. Returns the stored version,
 * or throws a 422 listing every problem with its file and line.
 */
export async function createBundleVersion(files: BundleFile[], by: string | null, note = "", record?: Recorder<{ id: string; environment: string; version: number; sha256: string }>) {
  const loaded = loadBundle(files);
  if (!loaded.ok) {
    const first = loaded.errors[0];
    throw new ApiError("validation_failed", `policy bundle is invalid: ${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}`, loaded.errors);
  }
  const content = loaded.bundle;
  const sha = sha256Hex(canonicalJson(content));
  for (let attempt = 0; ; attempt++) {
    try {
      // the version and its record (the recorder's human action) commit together; a lost race rolls both back
      return await prisma.$transaction(async (tx) => {
        const last = await tx.policyBundle.findFirst({ where: { environment: content.environment }, orderBy: { version: "desc" }, select: { version: true } });
        const row = await tx.policyBundle.create({
          data: {
            id: `pb_${randomBytes(8).toString("hex")}`, environment: content.environment, version: (last?.version ?? 0) + 1,
            content: JSON.parse(JSON.stringify(content)), sources: Object.fromEntries(files.map((f) => [f.name, f.text])), sha256: sha, note, createdBy: by,
          },
          select: { id: true, environment: true, version: true, sha256: true, createdAt: true },
        });
        await record?.(tx, row);
        return { ...row, report: loaded.report };
      });
    } catch (e) {
      // two uploads raced for the same version number: take the next one
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002" && attempt < 3) continue;
      throw e;
    }
  }
}

/**
 * Makes a stored version the one in force for its environment (rollback = activating an older version), after the
 * bundle's scenario gate (gate-activation.ts) has let it through. The gate's run is recorded on its own (a refused
 * activation changes nothing, but the refusal is evidence); the activation and its record commit together.
 */
export async function activateBundle(bundleId: string, by: string | null, actor: Actor | null = null, record?: Recorder<Activation>) {
  const scenarios = await gateActivation(bundleId, actor);
  const activation = await prisma.$transaction(async (tx) => {
    const b = await tx.policyBundle.findUnique({ where: { id: bundleId }, select: { id: true, environment: true, version: true } });
    if (!b) throw new ApiError("not_found", `policy bundle version ${bundleId} not found`);
    const previous = await tx.policyActivation.findUnique({ where: { environment: b.environment }, select: { bundleId: true } });
    await tx.policyActivation.upsert({
      where: { environment: b.environment },
      create: { environment: b.environment, bundleId: b.id, activatedBy: by },
      update: { bundleId: b.id, activatedBy: by, activatedAt: new Date() },
    });
    const a: Activation = { environment: b.environment, bundle_id: b.id, version: b.version, previous_bundle_id: previous?.bundleId ?? null, ...(scenarios ? { scenarios } : {}) };
    await record?.(tx, a);
    return a;
  });
  forgetActivation(activation.environment);
  return activation;
}

export type Activation = { environment: string; bundle_id: string; version: number; previous_bundle_id: string | null; scenarios?: Awaited<ReturnType<typeof gateActivation>> };
/** Writes the change's record (a human action) inside the change's transaction. */
export type Recorder<T> = (tx: Prisma.TransactionClient, change: T) => Promise<void>;
