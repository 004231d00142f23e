import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Encryption of secrets at rest (signing keys' private halves): AES-256-GCM under one server secret.
 * The secret comes from `SECRET_KEY` (base64 of 32 bytes) or, when that is unset, from `.data/secret.key`,
 * created on first use with mode 0600. App processes on one machine share the file; processes on several
 * machines must all be given the same `SECRET_KEY`, or each would mint its own and could not open the others'.
 *
 * Sealed form: `sb1.<key fingerprint>.<base64url(iv ‖ ciphertext ‖ tag)>`. The fingerprint (not secret: a hash
 * of the key) lets `openSecret` say "sealed under a different key" instead of a bare authentication failure.
 * An optional context string is bound as additional data, so a sealed value cannot be moved to another row.
 */

const VERSION = "sb1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const DEFAULT_SECRET_KEY_FILE = path.join(process.cwd(), ".data", "secret.key");

type LoadedKey = { key: Buffer; fingerprint: string; source: string };
const g = globalThis as unknown as { secretBoxKey?: LoadedKey };

/** Seals a UTF-8 secret; `context` (e.g. "signing_key:rk_…") must be given again to open it. */
export function sealSecret(plaintext: string, context = ""): string {
  const { key, fingerprint } = secretKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${fingerprint}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64url")}`;
}

/** Opens a value made by `sealSecret`; throws if it was sealed under another key or context, or was altered. */
export function openSecret(sealed: string, context = ""): string {
  const { key, fingerprint, source } = secretKey();
  const [version, fp, data, extra] = sealed.split(".");
  if (version !== VERSION || !fp || !data || extra !== undefined) throw new Error("secret-box: not a sealed value");
  if (fp !== fingerprint) {
    throw new Error(`secret-box: the value was sealed under another secret key (fingerprint ${fp}; the key from ${source} has ${fingerprint}). Was SECRET_KEY or .data/secret.key changed?`);
  }
  const bytes = Buffer.from(data, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("secret-box: sealed value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("secret-box: authentication failed (the value was altered or the context differs)");
  }
}

function secretKey(): LoadedKey {
  g.secretBoxKey ??= loadSecretKey({ envValue: process.env.SECRET_KEY, file: DEFAULT_SECRET_KEY_FILE });
  return g.secretBoxKey;
}

/** Forgets the cached key (tests switch keys). */
export function resetSecretKeyCache(): void {
  g.secretBoxKey = undefined;
}

/** The server secret: from the environment value when set, else from the file, creating it if missing. */
export function loadSecretKey(opts: { envValue?: string; file: string }): LoadedKey {
  if (opts.envValue !== undefined && opts.envValue.trim() !== "") return withFingerprint(decodeKey(opts.envValue, "SECRET_KEY"), "SECRET_KEY");
  return withFingerprint(decodeKey(readOrCreateKeyFile(opts.file), opts.file), opts.file);
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== 32) {
    throw new Error(`${source} must hold the base64 encoding of exactly 32 random bytes (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}

function withFingerprint(key: Buffer, source: string): LoadedKey {
  const fingerprint = createHash("sha256").update("replay-audit secret-box fingerprint\0").update(key).digest("hex").slice(0, 12);
  return { key, fingerprint, source };
}

/**
 * Reads the key file, or creates it. Creation is atomic across processes: the key is written in full to a
 * private temporary file which is then hard-linked to the final name; link() fails if another process got
 * there first, and then everyone reads the winner's file. No process can ever read a half-written key.
 */
function readOrCreateKeyFile(file: string): string {
  try {
    return readKeyFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(tmp, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): string {
  const text = readFileSync(file, "utf8");
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) console.warn(`[secret-box] ${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
  return text;
}
