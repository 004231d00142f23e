import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import { TOKEN_ALG } from "@/engine/tokens/capability-token";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db";

/**
 * Ed25519 signing keys, one set per purpose: capability tokens, and evidence checkpoints (issue 4). A key signs for
 * one purpose only, so a checkpoint signature can never pass as a token signature or the other way round. Generated on first use, never in the repository: the private
 * half is stored sealed (lib/crypto/secret-box.ts), the public half is served as JWKS. The newest key that is
 * not retired signs; every key, retired ones included, stays in the JWKS so tokens already out verify until
 * they expire.
 */

export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: typeof TOKEN_ALG; use: "sig" };
export type Jwks = { keys: PublicJwk[] };
export type ActiveSigningKey = { kid: string; privateKey: KeyObject };
export const KEY_PURPOSES = ["capability_token", "evidence_checkpoint"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** Serialises key creation across app processes sharing the database (any stable 64-bit number). */
export const SIGNING_KEY_LOCK = 7_301_008;
/** How long a process keeps signing with the key it loaded before looking for a newer one (rotation, retirement). */
const ACTIVE_KEY_CACHE_MS = 5 * 60_000;

const g = globalThis as unknown as {
  signingKeys?: Map<KeyPurpose, { at: number; key: Promise<ActiveSigningKey> }>;
  publicKeys?: Map<string, KeyObject>;
};

/** The key that signs new tokens: cached per process, created on first use. */
export async function activeSigningKey(purpose: KeyPurpose = "capability_token"): Promise<ActiveSigningKey> {
  const cache = (g.signingKeys ??= new Map());
  const cached = cache.get(purpose);
  if (cached && Date.now() - cached.at < ACTIVE_KEY_CACHE_MS) return cached.key;
  const key = loadOrCreateSigningKey(purpose);
  cache.set(purpose, { at: Date.now(), key });
  key.catch(() => {
    if (cache.get(purpose)?.key === key) cache.delete(purpose);
  });
  return key;
}

/**
 * Reads the newest non-retired key, creating one if there is none. Two processes starting on an empty table
 * both generate a key pair, but only one inserts: each takes a transaction-scoped advisory lock, looks again, and
 * inserts only if still nothing is active (`on conflict do nothing` covers the kid itself); both then re-read
 * and sign with the same key.
 */
export async function loadOrCreateSigningKey(purpose: KeyPurpose = "capability_token"): Promise<ActiveSigningKey> {
  const existing = await newestActiveRow(purpose);
  if (existing) return openRow(existing);

  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const kid = kidFor(x);
  const sealed = sealSecret(privateKey.export({ format: "pem", type: "pkcs8" }).toString(), sealContext(kid));
  const publicJwk = JSON.stringify({ kty: "OKP", crv: "Ed25519", x });

  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK}::bigint)`;
    await tx.$executeRaw`
      INSERT INTO signing_keys (kid, alg, purpose, public_jwk, private_sealed)
      SELECT ${kid}, ${TOKEN_ALG}, ${purpose}, ${publicJwk}::jsonb, ${sealed}
      WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL AND purpose = ${purpose})
      ON CONFLICT (kid) DO NOTHING`;
  });

  const row = await newestActiveRow(purpose);
  if (!row) throw new Error("signing key was created but cannot be read back (was it retired concurrently?)");
  return openRow(row);
}

/** Every signing key's public half for one purpose (retired included), newest first, as a JSON Web Key Set. */
export async function publicJwks(purpose: KeyPurpose = "capability_token"): Promise<Jwks> {
  const rows = await prisma.signingKey.findMany({ where: { purpose }, orderBy: [{ createdAt: "desc" }, { kid: "asc" }], select: { kid: true, publicJwk: true } });
  return { keys: rows.map((r) => toJwk(r.kid, r.publicJwk)) };
}

/**
 * The public key for a kid of the given purpose (retired keys included, so outstanding tokens verify until they
 * expire); null if unknown or if the kid belongs to another purpose.
 */
export async function publicKeyFor(kid: string, purpose: KeyPurpose = "capability_token"): Promise<KeyObject | null> {
  const cache = (g.publicKeys ??= new Map());
  const hit = cache.get(`${purpose}:${kid}`);
  if (hit) return hit;
  if (!/^rk_[0-9a-f]{1,64}$/.test(kid)) return null;
  const row = await prisma.signingKey.findFirst({ where: { kid, purpose }, select: { kid: true, publicJwk: true } });
  if (!row) return null;
  const jwk = toJwk(row.kid, row.publicJwk);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
  cache.set(`${purpose}:${kid}`, key);
  return key;
}

/** Forgets the process caches (tests empty the table between cases). */
export function resetSigningKeyCache(): void {
  g.signingKeys = undefined;
  g.publicKeys = undefined;
}

/** "rk_" + the first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function kidFor(x: string): string {
  return "rk_" + sha256Hex(Buffer.from(x, "base64url")).slice(0, 16);
}

function newestActiveRow(purpose: KeyPurpose) {
  return prisma.signingKey.findFirst({
    where: { retiredAt: null, purpose },
    orderBy: [{ createdAt: "desc" }, { kid: "asc" }],
    select: { kid: true, privateSealed: true },
  });
}

function openRow(row: { kid: string; privateSealed: string }): ActiveSigningKey {
  let pem: string;
  try {
    pem = openSecret(row.privateSealed, sealContext(row.kid));
  } catch (e) {
    throw new Error(`cannot open signing key ${row.kid}: ${(e as Error).message}. Restore the secret key, or retire the key (UPDATE signing_keys SET retired_at = now() WHERE kid = '${row.kid}') so a new one is created.`);
  }
  return { kid: row.kid, privateKey: createPrivateKey(pem) };
}

function sealContext(kid: string): string {
  return `signing_key:${kid}`;
}

function toJwk(kid: string, stored: unknown): PublicJwk {
  const x = (stored as { x?: unknown } | null)?.x;
  if (typeof x !== "string") throw new Error(`signing key ${kid} has no public key in its row`);
  return { kty: "OKP", crv: "Ed25519", x, kid, alg: TOKEN_ALG, use: "sig" };
}
