import { createPublicKey, type KeyObject } from "node:crypto";
import { CompactSign, compactVerify, type JWK } from "jose";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json";
import { sha256Hex } from "../crypto/hash-chain";

/**
 * The signed checkpoint of an evidence package (EVIDENCE-FORMAT.md): a small canonical JSON document that commits
 * to every event (Merkle root + tree size), every other file (the manifest's SHA-256) and the earlier export it
 * continues. It travels twice in the ZIP: `checkpoint.json` for people and `checkpoint.jws`, a compact JWS over the
 * same bytes. Only EdDSA (Ed25519) is accepted and the header is checked before any key is touched, so `alg: none`,
 * HMAC-with-the-public-key and foreign JWS types are refused.
 */

export const EVIDENCE_FORMAT = "replay-audit-evidence/1";
export const CHECKPOINT_TYP = "replay-audit-checkpoint+jws";
export const CHECKPOINT_ALG = "EdDSA";
/** Longest checkpoint JWS accepted for parsing (a checkpoint lists one line per trace). */
export const MAX_CHECKPOINT_JWS_LENGTH = 16 * 1024 * 1024;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, { message: "must be 64 lowercase hex digits" });
const IsoDate = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();

export const CheckpointTrace = z
  .object({ id: z.string().min(1), event_count: Count, first_seq: Count, last_seq: Count, head_hash: Hex64 })
  .strict();
export type CheckpointTrace = z.infer<typeof CheckpointTrace>;

export const PolicyVersion = z
  .object({
    bundle_id: z.string().min(1),
    environment: z.string().nullable(),
    version: z.union([z.string(), z.number()]).nullable(),
    sha256: Hex64.nullable(),
  })
  .strict();
export type PolicyVersion = z.infer<typeof PolicyVersion>;

export const PreviousCheckpointRef = z
  .object({ package_id: z.string().min(1), issued_at: IsoDate, tree_size: Count, root_hash: Hex64 })
  .strict();
export type PreviousCheckpointRef = z.infer<typeof PreviousCheckpointRef>;

export const Checkpoint = z
  .object({
    format: z.literal(EVIDENCE_FORMAT),
    package_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/),
    issued_at: IsoDate,
    tree_size: Count,
    root_hash: Hex64,
    traces: z.array(CheckpointTrace),
    time_range: z.object({ from: IsoDate, to: IsoDate }).strict().nullable(),
    policy_versions: z.array(PolicyVersion),
    manifest_sha256: Hex64,
    previous: PreviousCheckpointRef.nullable(),
  })
  .strict();
export type Checkpoint = z.infer<typeof Checkpoint>;

export const CHECKPOINT_FAILURES = ["signature_missing", "untrusted_key", "signature_invalid", "format_unsupported"] as const;
export type CheckpointFailure = (typeof CHECKPOINT_FAILURES)[number];

export type TrustedKey = { kid: string; key: KeyObject };
/** Keys an auditor trusts, from outside the package: JWKs (a JWKS's `keys`), or KeyObjects by kid. */
export type TrustedKeysInput = JWK[] | TrustedKey[] | Map<string, KeyObject> | Record<string, KeyObject>;

export type CheckpointVerification =
  | { ok: true; payload: Checkpoint; bytes: Uint8Array; kid: string }
  /** `payload`/`bytes` are the decoded but unproven content when it could be read, so a verifier can go on checking. */
  | { ok: false; code: CheckpointFailure; message: string; kid?: string; payload?: Checkpoint; bytes?: Uint8Array };

/** The checkpoint's canonical bytes (RFC 8785): what checkpoint.json holds and the JWS signs. Validates first. */
export function checkpointBytes(payload: Checkpoint): Uint8Array {
  return new TextEncoder().encode(canonicalJson(Checkpoint.parse(payload)));
}

/** Signs a checkpoint as a compact JWS `{alg: EdDSA, kid, typ: replay-audit-checkpoint+jws}` over its canonical bytes. */
export async function signCheckpoint(payload: Checkpoint | Uint8Array, key: { kid: string; privateKey: KeyObject | CryptoKey }): Promise<string> {
  const bytes = payload instanceof Uint8Array ? payload : checkpointBytes(payload);
  if (!key.kid) throw new TypeError("a checkpoint signing key needs a kid");
  return new CompactSign(bytes).setProtectedHeader({ alg: CHECKPOINT_ALG, kid: key.kid, typ: CHECKPOINT_TYP }).sign(key.privateKey);
}

/** Replay Audit's key id for an Ed25519 public key: "rk_" + 16 hex digits of SHA-256 of the raw key (lib/tokens/signing-keys.ts). */
export function ed25519Kid(x: string): string {
  return "rk_" + sha256Hex(Buffer.from(x, "base64url")).slice(0, 16);
}

/**
 * Turns the auditor's keys into `{kid, key}` pairs. Only Ed25519 (OKP/Ed25519) keys are kept; the private part of
 * a JWK is dropped; a JWK without `kid` gets Replay Audit's derived kid, so a bare PEM or JWK works too.
 */
export function normalizeTrustedKeys(input: TrustedKeysInput): TrustedKey[] {
  const out: TrustedKey[] = [];
  const add = (kid: string | undefined, key: KeyObject) => {
    if (key.asymmetricKeyType !== "ed25519") return;
    const pub = key.type === "private" ? createPublicKey(key) : key;
    const x = pub.export({ format: "jwk" }).x!;
    out.push({ kid: kid || ed25519Kid(x), key: pub });
  };
  const entries: Array<[string | undefined, unknown]> = Array.isArray(input)
    ? input.map((k) => ("key" in (k as object) && typeof (k as TrustedKey).kid === "string" ? [(k as TrustedKey).kid, (k as TrustedKey).key] : [undefined, k]))
    : input instanceof Map
      ? [...input.entries()]
      : Object.entries(input);
  for (const [kid, k] of entries) {
    if (k && typeof k === "object" && "asymmetricKeyType" in k) {
      add(kid, k as KeyObject);
      continue;
    }
    const jwk = k as JWK;
    if (!jwk || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    add(kid ?? jwk.kid, createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }));
  }
  return out;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Verifies a checkpoint JWS against keys the caller trusts (never keys found in a package). Order: shape, header
 * (alg, typ, no extra parameters, kid), key, signature, then the payload's format. A kid the trusted set does not
 * name is still tried against every trusted key, so a key supplied without its kid works; a signature no trusted
 * key accepts is `untrusted_key`, a wrong signature under a trusted kid `signature_invalid`.
 */
export async function verifyCheckpoint(jws: string, trustedKeys: TrustedKeysInput | TrustedKey[]): Promise<CheckpointVerification> {
  if (typeof jws !== "string" || jws.trim() === "") return { ok: false, code: "signature_missing", message: "the checkpoint signature is empty" };
  const compact = jws.trim();
  if (compact.length > MAX_CHECKPOINT_JWS_LENGTH) return { ok: false, code: "signature_invalid", message: `the checkpoint JWS is longer than ${MAX_CHECKPOINT_JWS_LENGTH} characters` };
  const parts = compact.split(".");
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) {
    return { ok: false, code: "signature_invalid", message: "the checkpoint signature is not a compact JWS (three base64url segments)" };
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    if (!header || typeof header !== "object" || Array.isArray(header)) throw new Error("not an object");
  } catch {
    return { ok: false, code: "signature_invalid", message: "the checkpoint JWS header is not base64url JSON" };
  }
  const bytes = new Uint8Array(Buffer.from(parts[1], "base64url"));
  const decoded = decodeCheckpoint(bytes);
  const unproven = { payload: decoded.ok ? decoded.payload : undefined, bytes };
  const kid = typeof header.kid === "string" ? header.kid : undefined;

  if (header.alg === "none" || parts[2] === "") {
    return { ok: false, code: "signature_missing", message: "the checkpoint is not signed (alg none or an empty signature)", kid, ...unproven };
  }
  if (header.alg !== CHECKPOINT_ALG) {
    return { ok: false, code: "signature_invalid", message: `algorithm ${JSON.stringify(header.alg ?? null)} is not accepted; only ${CHECKPOINT_ALG} (Ed25519)`, kid, ...unproven };
  }
  if (header.typ !== CHECKPOINT_TYP) {
    return { ok: false, code: "format_unsupported", message: `JWS type ${JSON.stringify(header.typ ?? null)} is not ${CHECKPOINT_TYP}`, kid, ...unproven };
  }
  const extra = Object.keys(header).filter((k) => k !== "alg" && k !== "kid" && k !== "typ");
  if (extra.length) return { ok: false, code: "format_unsupported", message: `unsupported JWS header parameters: ${extra.join(", ")}`, kid, ...unproven };
  if (!kid) return { ok: false, code: "untrusted_key", message: "the checkpoint header names no key (kid)", ...unproven };

  const keys = isNormalized(trustedKeys) ? trustedKeys : normalizeTrustedKeys(trustedKeys);
  const named = keys.filter((k) => k.kid === kid);
  let signer: TrustedKey | undefined;
  for (const k of named.length ? named : keys) {
    if (await verifiesWith(compact, k.key)) {
      signer = k;
      break;
    }
  }
  if (!signer) {
    return named.length
      ? { ok: false, code: "signature_invalid", message: `the signature does not verify with trusted key ${kid}`, kid, ...unproven }
      : { ok: false, code: "untrusted_key", message: `key ${kid} is not among the trusted keys and no trusted key verifies the signature`, kid, ...unproven };
  }
  if (!decoded.ok) return { ok: false, code: "format_unsupported", message: decoded.message, kid: signer.kid, bytes };
  return { ok: true, payload: decoded.payload, bytes, kid: signer.kid };
}

/** Parses checkpoint bytes: JSON, canonical (byte-equal to its RFC 8785 form) and the v1 schema. */
export function decodeCheckpoint(bytes: Uint8Array): { ok: true; payload: Checkpoint } | { ok: false; message: string } {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: "the checkpoint is not UTF-8 JSON" };
  }
  if (value && typeof value === "object" && (value as { format?: unknown }).format !== EVIDENCE_FORMAT) {
    return { ok: false, message: `checkpoint format ${JSON.stringify((value as { format?: unknown }).format ?? null)} is not ${EVIDENCE_FORMAT}` };
  }
  const parsed = Checkpoint.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, message: `checkpoint field ${first.path.join(".") || "(root)"}: ${first.message}` };
  }
  if (canonicalJson(value) !== text) return { ok: false, message: "the checkpoint is not in canonical JSON form (RFC 8785)" };
  return { ok: true, payload: parsed.data };
}

/** The payload of a checkpoint JWS without checking its signature (the exporter reading its own earlier checkpoint). */
export function decodeCheckpointJws(jws: string): Checkpoint {
  const parts = jws.trim().split(".");
  if (parts.length !== 3) throw new TypeError("not a compact JWS");
  const decoded = decodeCheckpoint(new Uint8Array(Buffer.from(parts[1], "base64url")));
  if (!decoded.ok) throw new TypeError(decoded.message);
  return decoded.payload;
}

async function verifiesWith(jws: string, key: KeyObject): Promise<boolean> {
  try {
    await compactVerify(jws, key, { algorithms: [CHECKPOINT_ALG] });
    return true;
  } catch {
    return false;
  }
}

function isNormalized(keys: TrustedKeysInput | TrustedKey[]): keys is TrustedKey[] {
  return Array.isArray(keys) && keys.every((k) => k && typeof k === "object" && "key" in k && typeof (k as TrustedKey).kid === "string" && typeof (k as TrustedKey).key === "object" && "asymmetricKeyType" in (k as TrustedKey).key);
}
