import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createLocalJWKSet, jwtVerify } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from "@/engine/tokens/capability-token";
import { prisma } from "@/lib/db";
import { createAgent } from "@/lib/agents/create-agent";
import { issueApiKey } from "@/lib/agents/issue-api-key";
import { CreateAgentBody } from "@/lib/agents/schemas";
import { resetSecretKeyCache } from "@/lib/crypto/secret-box";
import { createUser } from "@/lib/users/create-user";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import * as jwksRoute from "@/app/api/v1/.well-known/jwks.json/route";
import * as verifyRoute from "@/app/api/v1/tokens/verify/route";
import { issueCapabilityToken, type IssueTokenInput } from "./issue-token";
import { Jwks, VerifyTokenResponse } from "./schemas";
import { activeSigningKey, loadOrCreateSigningKey, publicJwks, resetSigningKeyCache, SIGNING_KEY_LOCK } from "./signing-keys";
import { revokeToken, verifyToken } from "./verify-token";

assertTestDatabase();

const ROOT = path.resolve(import.meta.dirname, "../..");
const savedSecret = process.env.SECRET_KEY;
const SECRET = randomBytes(32).toString("base64");

beforeAll(() => {
  process.env.SECRET_KEY = SECRET; // never touch the developer's .data/secret.key
  resetSecretKeyCache();
});
afterAll(async () => {
  // keys sealed under this file's throwaway secret would be unreadable to later test files
  await prisma.$executeRaw`TRUNCATE signing_keys, capability_tokens`;
  resetSigningKeyCache();
  if (savedSecret === undefined) delete process.env.SECRET_KEY;
  else process.env.SECRET_KEY = savedSecret;
  resetSecretKeyCache();
});

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE signing_keys, capability_tokens`;
  resetSigningKeyCache();
});

const ARGS = { to: "ops@example.com", subject: "weekly report" };
const grant = (over: Partial<IssueTokenInput> = {}): IssueTokenInput => ({
  agentId: "mail-bot",
  traceId: "tr_tokens",
  stepIndex: 0,
  tool: "email.send",
  capability: "email.outbound",
  arguments: ARGS,
  policyBundleId: "pb_default",
  policyVersion: 1,
  ttlSeconds: 300,
  ...over,
});
const check = (token: string, consume = false) => verifyToken({ token, agent: "mail-bot", tool: "email.send", arguments: { subject: "weekly report", to: "ops@example.com" }, consume });

describe("signing keys", () => {
  it("generates a key once and reuses it", async () => {
    const a = await activeSigningKey();
    expect(a.kid).toMatch(/^rk_[0-9a-f]{16}$/);
    resetSigningKeyCache(); // as a restarted process would
    const b = await activeSigningKey();
    expect(b.kid).toBe(a.kid);
    expect(await prisma.signingKey.count()).toBe(1);
  });

  it("publishes the key in the JWKS, and the JWKS alone verifies an issued token", async () => {
    const { token, jti } = await issueCapabilityToken(grant());
    const jwks = Jwks.parse(await publicJwks());
    expect(jwks.keys.map((k) => k.kid)).toEqual([(await activeSigningKey()).kid]);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ["EdDSA"], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, typ: "agent-cap+jwt" });
    expect(payload).toMatchObject({ sub: "mail-bot", jti, scope: { trace: "tr_tokens", step: 0, tool: "email.send" }, policy: { bundle_id: "pb_default", version: 1 } });
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
  });

  it("keeps retired keys in the JWKS so their tokens still verify", async () => {
    const { token } = await issueCapabilityToken(grant());
    const old = (await activeSigningKey()).kid;
    await prisma.signingKey.update({ where: { kid: old }, data: { retiredAt: new Date() } });
    resetSigningKeyCache();
    const fresh = (await activeSigningKey()).kid;
    expect(fresh).not.toBe(old);
    expect((await publicJwks()).keys.map((k) => k.kid).sort()).toEqual([old, fresh].sort());
    expect(await check(token)).toMatchObject({ valid: true });
  });

  it("stores the private key sealed, never in clear", async () => {
    const { kid, privateKey } = await activeSigningKey();
    const d = privateKey.export({ format: "jwk" }).d!;
    const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
    const row = await prisma.signingKey.findUniqueOrThrow({ where: { kid } });
    expect(row.privateSealed).toMatch(/^sb1\./);
    for (const form of [d, Buffer.from(d, "base64url").toString("base64"), Buffer.from(d, "base64url").toString("hex"), pkcs8.toString("base64")]) {
      expect(row.privateSealed).not.toContain(form);
      expect(JSON.stringify(row.publicJwk)).not.toContain(form);
    }
  });

  it("ends with one active key when two callers race on an empty table", async () => {
    const keys = await Promise.all([loadOrCreateSigningKey(), loadOrCreateSigningKey(), loadOrCreateSigningKey(), loadOrCreateSigningKey()]);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(await prisma.signingKey.count()).toBe(1);
  });

  it("waits for a slow first creator instead of adding a second key", async () => {
    // "process A" holds the creation lock and has inserted its key but not committed yet
    const a = new pg.Client({ connectionString: assertTestDatabase() });
    await a.connect();
    try {
      await a.query("BEGIN");
      await a.query("SELECT pg_advisory_xact_lock($1::bigint)", [SIGNING_KEY_LOCK]);
      await a.query(`INSERT INTO signing_keys (kid, alg, public_jwk, private_sealed) VALUES ('rk_aaaaaaaaaaaaaaaa', 'EdDSA', '{"x":"unused"}', 'sealed-elsewhere')`);
      const b = loadOrCreateSigningKey(); // "process B" finds the table empty and tries to create its own
      await new Promise((r) => setTimeout(r, 300));
      await a.query("COMMIT");
      // B must have waited and then picked A's key (which it cannot open here, proving it did not insert its own)
      await expect(b).rejects.toThrow(/cannot open signing key rk_aaaaaaaaaaaaaaaa/);
    } finally {
      await a.end();
    }
    expect(await prisma.signingKey.count()).toBe(1);
  });

  it("ends with one active key when two app processes start on an empty table", async () => {
    const run = promisify(execFile);
    const script = 'import("@/lib/tokens/signing-keys").then(async (m) => { console.log((await m.activeSigningKey()).kid); process.exit(0); })';
    const spawnOne = () =>
      run(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "-e", script], { cwd: ROOT, env: { ...process.env, SECRET_KEY: SECRET } });
    const [a, b] = await Promise.all([spawnOne(), spawnOne()]);
    expect(a.stdout.trim()).toMatch(/^rk_/);
    expect(b.stdout.trim()).toBe(a.stdout.trim());
    expect(await prisma.signingKey.count({ where: { retiredAt: null } })).toBe(1);
    expect((await activeSigningKey()).kid).toBe(a.stdout.trim());
  });
});

describe("token store", () => {
  it("accepts a token once with consume, then refuses the replayed jti", async () => {
    const { token, jti, expires_at } = await issueCapabilityToken(grant());
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(290_000);
    expect(await check(token)).toMatchObject({ valid: true, consumed: false }); // a plain check does not use it up
    expect(await check(token, true)).toMatchObject({ valid: true, consumed: true, claims: { jti } });
    expect(await check(token, true)).toMatchObject({ valid: false, code: "replayed" });
    expect(await check(token)).toMatchObject({ valid: false, code: "replayed" });
  });

  it("lets exactly one of many concurrent consumes succeed", async () => {
    const { token } = await issueCapabilityToken(grant());
    const results = await Promise.all(Array.from({ length: 8 }, () => check(token, true)));
    expect(results.filter((r) => r.valid)).toHaveLength(1);
    expect(results.filter((r) => !r.valid && r.code === "replayed")).toHaveLength(7);
  });

  it("refuses a revoked token", async () => {
    const { token, jti } = await issueCapabilityToken(grant());
    expect(await revokeToken(jti)).toBe(true);
    expect(await revokeToken(jti)).toBe(false);
    expect(await check(token, true)).toMatchObject({ valid: false, code: "revoked" });
  });

  it("refuses a signed token whose row is gone, and passes engine rejections through", async () => {
    const { token, jti } = await issueCapabilityToken(grant());
    await prisma.capabilityToken.delete({ where: { jti } });
    expect(await check(token)).toMatchObject({ valid: false, code: "unknown_token" });
    const other = await issueCapabilityToken(grant());
    expect(await verifyToken({ token: other.token, agent: "mail-bot", tool: "email.send", arguments: { ...ARGS, to: "x@evil.example" } })).toMatchObject({ valid: false, code: "arguments_mismatch" });
  });
});

describe("routes", () => {
  beforeEach(resetDatabase);
  const ctx = () => ({ params: Promise.resolve({}) });

  async function agentKey(id: string) {
    const u = await createUser({ email: `admin-${id}@example.test`, name: "Admin", role: "admin", password: "correct horse battery" });
    const actor = { id: u.id, email: u.email, name: u.name };
    await createAgent(actor, CreateAgentBody.parse({ id, name: id, owner: "ops", environment: "production", trust_level: "internal" }));
    return (await issueApiKey(actor, id, "executor")).key;
  }
  const post = (key: string, body: unknown) =>
    new NextRequest("http://localhost/api/v1/tokens/verify", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("serves the JWKS to an agent key with a short cache, and refuses anonymous callers", async () => {
    const key = await agentKey("mail-bot");
    const { kid } = await activeSigningKey();
    const res = await jwksRoute.GET(new NextRequest("http://localhost/api/v1/.well-known/jwks.json", { headers: { authorization: `Bearer ${key}` } }), ctx());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=300/);
    expect(Jwks.parse(await res.json()).keys.map((k) => k.kid)).toEqual([kid]);
    expect((await jwksRoute.GET(new NextRequest("http://localhost/api/v1/.well-known/jwks.json"), ctx())).status).toBe(401);
  });

  it("answers valid, then replayed (a rejection is a 200), and refuses another agent's key and unknown fields", async () => {
    const key = await agentKey("mail-bot");
    const { token } = await issueCapabilityToken(grant());
    const body = { token, agent: "mail-bot", tool: "email.send", arguments: ARGS, consume: true };

    let res = await verifyRoute.POST(post(key, body), ctx());
    expect(res.status).toBe(200);
    expect(VerifyTokenResponse.parse(await res.json())).toMatchObject({ valid: true, consumed: true });
    res = await verifyRoute.POST(post(key, body), ctx());
    expect(res.status).toBe(200);
    expect(VerifyTokenResponse.parse(await res.json())).toMatchObject({ valid: false, code: "replayed" });

    const otherKey = await agentKey("other-bot");
    expect((await verifyRoute.POST(post(otherKey, { ...body, agent: "mail-bot" }), ctx())).status).toBe(403);
    res = await verifyRoute.POST(post(key, { ...body, extra: 1 }), ctx());
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "validation_failed", details: [{ field: "(root)", message: "unknown field(s): extra" }] });
    const { arguments: _omitted, ...noArgs } = body;
    res = await verifyRoute.POST(post(key, noArgs), ctx());
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "validation_failed", details: [{ field: "arguments", message: expect.stringMatching(/^required: the arguments/) }] });
  });
});
