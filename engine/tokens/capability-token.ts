import { timingSafeEqual, type KeyObject } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json";
import { sha256Hex } from "../crypto/hash-chain";

/**
 * Capability tokens: the runtime's grant to execute exactly one step. An Ed25519-signed JWT bound to the
 * agent, the trace step, the tool and the hash of the canonical arguments, carrying the policy version that
 * decided it. Only EdDSA is accepted; the header is checked before any key is looked up, so `alg: none` and
 * HMAC-with-the-public-key (key confusion) are refused without touching a key.
 * Replay (single use) and revocation are decided by the token store (lib/tokens), not here.
 */

export const TOKEN_ISSUER = "replay-audit";
export const TOKEN_AUDIENCE = "replay-audit-executor";
export const TOKEN_TYPE = "agent-cap+jwt";
export const TOKEN_ALG = "EdDSA";
/** Longest token accepted for parsing; real tokens are well under 1 KB. */
export const MAX_TOKEN_LENGTH = 8192;

export type TokenScope = { trace: string; step: number; tool: string; capability: string; args_hash: string };
export type TokenPolicy = { bundle_id: string; version: number };

export const CapabilityClaims = z.object({
  iss: z.literal(TOKEN_ISSUER),
  aud: z.literal(TOKEN_AUDIENCE),
  sub: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number().int(),
  nbf: z.number().int(),
  exp: z.number().int(),
  scope: z
    .object({
      trace: z.string(),
      step: z.number().int().nonnegative(),
      tool: z.string(),
      capability: z.string(),
      args_hash: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .strict(),
  policy: z.object({ bundle_id: z.string(), version: z.number().int() }).strict(),
});
export type CapabilityClaims = z.infer<typeof CapabilityClaims>;

export const TOKEN_REJECTIONS = [
  "malformed",
  "alg_not_allowed",
  "unknown_kid",
  "bad_signature",
  "wrong_type",
  "wrong_issuer",
  "wrong_audience",
  "expired",
  "not_yet_valid",
  "agent_mismatch",
  "tool_mismatch",
  "arguments_mismatch",
] as const;
export type TokenRejection = (typeof TOKEN_REJECTIONS)[number];

export type VerifyKey = CryptoKey | KeyObject;
export type VerifyResult = { ok: true; claims: CapabilityClaims } | { ok: false; code: TokenRejection; message: string };

/** The arguments a token is bound to: sha256 hex of their RFC 8785 canonical JSON (key order does not matter). */
export function argumentsHash(args: unknown): string {
  return sha256Hex(canonicalJson(args ?? null));
}

/** Signs a capability token valid from `now` for `ttlSeconds` (times in whole seconds, as JWT requires). */
export async function signCapabilityToken(
  input: { agent: string; scope: TokenScope; policy: TokenPolicy; jti: string; now: Date; ttlSeconds: number },
  key: { kid: string; privateKey: VerifyKey },
): Promise<string> {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive integer, got ${input.ttlSeconds}`);
  const iat = Math.floor(input.now.getTime() / 1000);
  return new SignJWT({ scope: input.scope, policy: input.policy })
    .setProtectedHeader({ alg: TOKEN_ALG, typ: TOKEN_TYPE, kid: key.kid })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(input.agent)
    .setJti(input.jti)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + input.ttlSeconds)
    .sign(key.privateKey);
}

/**
 * Verifies a capability token for the step an executor is about to run. Order: shape and header (alg, typ, kid)
 * first, then the key, the signature, the registered claims (iss, aud, exp, nbf) and last the scope against
 * what the executor will actually do (agent, tool, arguments hash).
 */
export async function verifyCapabilityToken(
  token: string,
  opts: {
    keys: (kid: string) => Promise<VerifyKey | null> | VerifyKey | null;
    expect: { agent: string; tool: string; argumentsHash: string };
    now: Date;
    clockToleranceSeconds?: number;
  },
): Promise<VerifyResult> {
  const reject = (code: TokenRejection, message: string): VerifyResult => ({ ok: false, code, message });

  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    return reject("malformed", "not a compact JWS (three base64url segments)");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return reject("malformed", "the token header is not valid base64url JSON");
  }
  if (header.alg !== TOKEN_ALG) return reject("alg_not_allowed", `algorithm ${JSON.stringify(header.alg ?? null)} is not accepted; only ${TOKEN_ALG} (Ed25519)`);
  if (header.typ !== TOKEN_TYPE) return reject("wrong_type", `token type ${JSON.stringify(header.typ ?? null)} is not ${TOKEN_TYPE}`);
  if (header.crit !== undefined) return reject("malformed", "critical header parameters are not supported");
  if (typeof header.kid !== "string" || !header.kid) return reject("unknown_kid", "the token header names no key (kid)");

  const key = await opts.keys(header.kid);
  if (!key) return reject("unknown_kid", `no signing key ${JSON.stringify(header.kid)} is known`);

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALG],
      typ: TOKEN_TYPE,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: opts.now,
      clockTolerance: opts.clockToleranceSeconds ?? 5,
      requiredClaims: ["sub", "jti", "iat", "nbf", "exp"],
    }));
  } catch (e) {
    return mapJoseError(e);
  }

  const parsed = CapabilityClaims.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return reject("malformed", `claim ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  const claims = parsed.data;
  if (claims.sub !== opts.expect.agent) return reject("agent_mismatch", `the token was issued to agent ${JSON.stringify(claims.sub)}, not ${JSON.stringify(opts.expect.agent)}`);
  if (claims.scope.tool !== opts.expect.tool) return reject("tool_mismatch", `the token allows tool ${JSON.stringify(claims.scope.tool)}, not ${JSON.stringify(opts.expect.tool)}`);
  if (!sameHex(claims.scope.args_hash, opts.expect.argumentsHash)) {
    return reject("arguments_mismatch", "the arguments differ from the ones the token was granted for (canonical JSON hash mismatch)");
  }
  return { ok: true, claims };
}

function mapJoseError(e: unknown): VerifyResult {
  const reject = (code: TokenRejection, message: string): VerifyResult => ({ ok: false, code, message });
  if (e instanceof errors.JWSSignatureVerificationFailed) return reject("bad_signature", "the signature does not verify with the named key");
  if (e instanceof errors.JWTExpired) return reject("expired", "the token has expired");
  if (e instanceof errors.JOSEAlgNotAllowed) return reject("alg_not_allowed", `only ${TOKEN_ALG} is accepted`);
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "nbf" && e.reason === "check_failed") return reject("not_yet_valid", "the token is not valid yet (nbf is in the future)");
    if (e.claim === "iss" && e.reason === "check_failed") return reject("wrong_issuer", `the issuer is not ${TOKEN_ISSUER}`);
    if (e.claim === "aud" && e.reason === "check_failed") return reject("wrong_audience", `the audience is not ${TOKEN_AUDIENCE}`);
    if (e.claim === "typ" && e.reason === "check_failed") return reject("wrong_type", `the token type is not ${TOKEN_TYPE}`);
    return reject("malformed", `claim ${e.claim}: ${e.message}`);
  }
  if (e instanceof errors.JOSEError) return reject("malformed", e.message);
  throw e;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
