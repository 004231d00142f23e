import { createHmac, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { argumentsHash, signCapabilityToken, verifyCapabilityToken, TOKEN_AUDIENCE, TOKEN_ISSUER, TOKEN_TYPE, type VerifyKey } from "./capability-token";

const NOW = new Date("2026-11-21T12:00:00Z");
const KID = "rk_test";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const ARGS = { to: "alice@example.com", subject: "Q3 report", body: "see attached" };
const SCOPE = { trace: "tr_1", step: 0, tool: "email.send", capability: "email.outbound", args_hash: argumentsHash(ARGS) };
const POLICY = { bundle_id: "pb_1", version: 3 };
const EXPECT = { agent: "mail-bot", tool: "email.send", argumentsHash: argumentsHash(ARGS) };

const keys = (kid: string): VerifyKey | null => (kid === KID ? publicKey : null);
const sign = (over: { now?: Date; ttlSeconds?: number; kid?: string; key?: VerifyKey } = {}) =>
  signCapabilityToken(
    { agent: "mail-bot", scope: SCOPE, policy: POLICY, jti: "ct_1", now: over.now ?? NOW, ttlSeconds: over.ttlSeconds ?? 300 },
    { kid: over.kid ?? KID, privateKey: over.key ?? privateKey },
  );
const verify = (token: string, expect = EXPECT, keyLookup: (kid: string) => VerifyKey | null = keys) =>
  verifyCapabilityToken(token, { keys: keyLookup, expect, now: NOW });

/** A token with valid claims signed by the real key, but with one header field or claim changed. */
async function signedWith(header: Record<string, unknown>, claims: Record<string, unknown> = {}) {
  const iat = Math.floor(NOW.getTime() / 1000);
  return new SignJWT({ scope: SCOPE, policy: POLICY, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, sub: "mail-bot", jti: "ct_1", iat, nbf: iat, exp: iat + 300, ...claims })
    .setProtectedHeader({ alg: "EdDSA", typ: TOKEN_TYPE, kid: KID, ...header } as { alg: string })
    .sign(privateKey);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const payloadOf = (token: string) => token.split(".")[1];

describe("capability tokens", () => {
  it("accepts a valid token and returns its claims", async () => {
    const r = await verify(await sign());
    expect(r).toEqual({
      ok: true,
      claims: expect.objectContaining({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, sub: "mail-bot", jti: "ct_1", scope: SCOPE, policy: POLICY, exp: NOW.getTime() / 1000 + 300 }),
    });
  });

  it("hashes arguments independently of key order", () => {
    expect(argumentsHash({ b: 1, a: { y: [1, 2], x: "s" } })).toBe(argumentsHash({ a: { x: "s", y: [1, 2] }, b: 1 }));
    expect(argumentsHash(undefined)).toBe(argumentsHash(null));
    expect(argumentsHash({ a: 1 })).not.toBe(argumentsHash({ a: 2 }));
  });

  it("rejects a bad signature (signed by another key under the known kid)", async () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    expect(await verify(await sign({ key: other }))).toMatchObject({ ok: false, code: "bad_signature" });
  });

  it("rejects an unknown kid", async () => {
    expect(await verify(await sign({ kid: "rk_unknown" }))).toMatchObject({ ok: false, code: "unknown_kid" });
  });

  it("rejects alg none without looking up a key", async () => {
    const real = await sign();
    const lookup = vi.fn(keys);
    const unsigned = `${b64({ alg: "none", typ: TOKEN_TYPE, kid: KID })}.${payloadOf(real)}.`;
    expect(await verify(unsigned, EXPECT, lookup)).toMatchObject({ ok: false, code: "alg_not_allowed" });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("rejects HS256 key confusion (HMAC keyed with the public key's bytes)", async () => {
    const real = await sign();
    const lookup = vi.fn(keys);
    const signingInput = `${b64({ alg: "HS256", typ: TOKEN_TYPE, kid: KID })}.${payloadOf(real)}`;
    for (const secret of [publicKey.export({ format: "der", type: "spki" }), publicKey.export({ format: "pem", type: "spki" }), Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url")]) {
      const forged = `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
      expect(await verify(forged, EXPECT, lookup)).toMatchObject({ ok: false, code: "alg_not_allowed" });
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it("rejects an expired token", async () => {
    const r = await verify(await sign({ now: new Date(NOW.getTime() - 3600_000), ttlSeconds: 300 }));
    expect(r).toMatchObject({ ok: false, code: "expired" });
  });

  it("rejects a token that is not valid yet", async () => {
    expect(await verify(await sign({ now: new Date(NOW.getTime() + 600_000) }))).toMatchObject({ ok: false, code: "not_yet_valid" });
  });

  it("rejects a wrong audience", async () => {
    expect(await verify(await signedWith({}, { aud: "some-other-service" }))).toMatchObject({ ok: false, code: "wrong_audience" });
  });

  it("rejects a wrong typ", async () => {
    expect(await verify(await signedWith({ typ: "JWT" }))).toMatchObject({ ok: false, code: "wrong_type" });
  });

  it("rejects an agent mismatch", async () => {
    expect(await verify(await sign(), { ...EXPECT, agent: "other-bot" })).toMatchObject({ ok: false, code: "agent_mismatch" });
  });

  it("rejects a tool mismatch", async () => {
    expect(await verify(await sign(), { ...EXPECT, tool: "shell.exec" })).toMatchObject({ ok: false, code: "tool_mismatch" });
  });

  it("rejects an arguments mismatch", async () => {
    const changed = argumentsHash({ ...ARGS, to: "attacker@evil.example" });
    expect(await verify(await sign(), { ...EXPECT, argumentsHash: changed })).toMatchObject({ ok: false, code: "arguments_mismatch" });
  });
});
