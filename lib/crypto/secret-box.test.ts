import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadSecretKey, openSecret, resetSecretKeyCache, sealSecret } from "./secret-box";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "secret-box-"));
const savedSecret = process.env.SECRET_KEY;

afterEach(() => {
  if (savedSecret === undefined) delete process.env.SECRET_KEY;
  else process.env.SECRET_KEY = savedSecret;
  resetSecretKeyCache();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const useKey = (key = randomBytes(32).toString("base64")) => {
  process.env.SECRET_KEY = key;
  resetSecretKeyCache();
  return key;
};

describe("secret box", () => {
  it("round-trips, binds the context and detects tampering", () => {
    useKey();
    const secret = "-----BEGIN PRIVATE KEY-----MC4CAQAwBQYDK2VwBCIEIsecret";
    const sealed = sealSecret(secret, "signing_key:rk_1");
    // neither the text nor its bytes show through (a marker long enough that random base64 or the hex key
    // fingerprint cannot hold it by chance: a 3-letter marker did, once in CI)
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(sealed).not.toContain("MC4CAQAwBQYDK2VwBCIE");
    expect(Buffer.from(sealed.split(".")[2], "base64url").includes(Buffer.from("PRIVATE KEY"))).toBe(false);
    expect(openSecret(sealed, "signing_key:rk_1")).toBe(secret);
    expect(sealSecret("same", "c")).not.toBe(sealSecret("same", "c")); // fresh IV each time
    expect(() => openSecret(sealed, "signing_key:rk_2")).toThrow(/authentication failed/);
    const [v, fp, data] = sealed.split(".");
    const flipped = Buffer.from(data, "base64url");
    flipped[20] ^= 1;
    expect(() => openSecret(`${v}.${fp}.${flipped.toString("base64url")}`, "signing_key:rk_1")).toThrow(/authentication failed/);
  });

  it("names a changed secret key instead of failing obscurely", () => {
    useKey();
    const sealed = sealSecret("x");
    useKey();
    expect(() => openSecret(sealed)).toThrow(/sealed under another secret key/);
  });

  it("refuses a SECRET_KEY that is not 32 bytes of base64", () => {
    expect(() => loadSecretKey({ envValue: "too-short", file: path.join(dir, "unused.key") })).toThrow(/SECRET_KEY must hold .* 32 random bytes/);
    expect(() => loadSecretKey({ envValue: randomBytes(16).toString("base64"), file: path.join(dir, "unused.key") })).toThrow(/32 random bytes/);
  });

  it("without SECRET_KEY, creates the key file (and its directory) with mode 0600 and reuses it", () => {
    const file = path.join(dir, "nested", "secret.key");
    const a = loadSecretKey({ file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toHaveLength(32);
    expect(loadSecretKey({ file }).fingerprint).toBe(a.fingerprint);
    expect(loadSecretKey({ envValue: "", file }).fingerprint).toBe(a.fingerprint);
  });

  it("gives every process the same key when several create the file at once", async () => {
    const file = path.join(dir, "race", "secret.key");
    const script = `import("@/lib/crypto/secret-box").then((m) => console.log(m.loadSecretKey({ file: ${JSON.stringify(file)} }).fingerprint))`;
    const run = promisify(execFile);
    const outs = await Promise.all(
      Array.from({ length: 4 }, () => run(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "-e", script], { cwd: ROOT })),
    );
    const prints = outs.map((o) => o.stdout.trim());
    expect(prints[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(prints).size).toBe(1);
    expect(loadSecretKey({ file }).fingerprint).toBe(prints[0]);
  });
});
