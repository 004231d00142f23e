import { generateKeyPairSync } from "node:crypto";
import { CompactSign } from "jose";
import { describe, expect, it } from "vitest";
import { type Checkpoint, CHECKPOINT_TYP, checkpointBytes, signCheckpoint, verifyCheckpoint } from "./checkpoint";
import { makeKey } from "./test-fixtures";

const key = makeKey();
const payload: Checkpoint = {
  format: "replay-audit-evidence/1",
  package_id: "evx_00ff",
  issued_at: "2026-11-22T09:00:00.000Z",
  tree_size: 2,
  root_hash: "a".repeat(64),
  traces: [{ id: "tr_1", event_count: 2, first_seq: 1, last_seq: 2, head_hash: "b".repeat(64) }],
  time_range: { from: "2026-11-21T10:00:00.000Z", to: "2026-11-21T10:00:01.000Z" },
  policy_versions: [{ bundle_id: "default", environment: "production", version: 1, sha256: null }],
  manifest_sha256: "c".repeat(64),
  previous: null,
};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("checkpoint signing", () => {
  it("signs the canonical bytes and verifies with the trusted JWK", async () => {
    const jws = await signCheckpoint(payload, key);
    const [h, p] = jws.split(".");
    expect(JSON.parse(Buffer.from(h, "base64url").toString())).toEqual({ alg: "EdDSA", kid: key.kid, typ: CHECKPOINT_TYP });
    expect(Buffer.from(p, "base64url")).toEqual(Buffer.from(checkpointBytes(payload)));
    const v = await verifyCheckpoint(jws, [key.jwk]);
    expect(v).toMatchObject({ ok: true, kid: key.kid, payload });
    // A KeyObject map works as the trusted set too.
    expect((await verifyCheckpoint(jws, new Map([[key.kid, key.publicKey]]))).ok).toBe(true);
  });

  it("rejects each kind of bad JWS with its own code", async () => {
    const jws = await signCheckpoint(payload, key);
    const [h, p, s] = jws.split(".");
    const other = makeKey();
    const cases: Array<[string, string]> = [
      ["", "signature_missing"],
      [`${h}.${p}.`, "signature_missing"],
      [`${b64({ alg: "none", kid: key.kid, typ: CHECKPOINT_TYP })}.${p}.`, "signature_missing"],
      [`${b64({ alg: "HS256", kid: key.kid, typ: CHECKPOINT_TYP })}.${p}.${s}`, "signature_invalid"],
      [`${b64({ alg: "EdDSA", kid: key.kid, typ: "JWT" })}.${p}.${s}`, "format_unsupported"],
      [`${b64({ alg: "EdDSA", kid: key.kid, typ: CHECKPOINT_TYP, jku: "https://evil.example/jwks" })}.${p}.${s}`, "format_unsupported"],
      [`${b64({ alg: "EdDSA", typ: CHECKPOINT_TYP })}.${p}.${s}`, "untrusted_key"],
      [await signCheckpoint(payload, other), "untrusted_key"],
      [await signCheckpoint(payload, { kid: key.kid, privateKey: other.privateKey }), "signature_invalid"],
      [`${h}.${b64({ ...payload, tree_size: 3 })}.${s}`, "signature_invalid"],
      ["not a jws", "signature_invalid"],
    ];
    for (const [token, code] of cases) {
      const v = await verifyCheckpoint(token, [key.jwk]);
      expect(v.ok ? "ok" : v.code, token.slice(0, 60)).toBe(code);
    }
  });

  it("refuses a correctly signed payload that is not a v1 checkpoint or not canonical", async () => {
    const sign = (bytes: string) => new CompactSign(Buffer.from(bytes)).setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: CHECKPOINT_TYP }).sign(key.privateKey);
    const v2 = await sign(JSON.stringify({ ...payload, format: "replay-audit-evidence/2" }));
    expect(await verifyCheckpoint(v2, [key.jwk])).toMatchObject({ ok: false, code: "format_unsupported" });
    const spaced = await sign(JSON.stringify(payload, null, 2));
    expect(await verifyCheckpoint(spaced, [key.jwk])).toMatchObject({ ok: false, code: "format_unsupported" });
  });

  it("ignores keys that are not Ed25519", async () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jws = await signCheckpoint(payload, key);
    expect(await verifyCheckpoint(jws, [publicKey.export({ format: "jwk" })])).toMatchObject({ ok: false, code: "untrusted_key" });
  });
});
