import { z } from "zod";
import { CapabilityClaims, MAX_TOKEN_LENGTH, TOKEN_REJECTIONS } from "@/engine/tokens/capability-token";

/** What an executor sends before running a step: the token and what it is about to do. */
export const VerifyTokenBody = z
  .object({
    token: z.string().min(1).max(MAX_TOKEN_LENGTH),
    agent: z.string().min(1).max(200).describe("The agent the executor acts for (must be the calling key's agent)."),
    tool: z.string().min(1).max(200),
    arguments: z
      .unknown()
      .refine((v) => v !== undefined, { message: "required: the arguments the tool will run with (null if none)" })
      .describe("The exact arguments; compared by the SHA-256 of their canonical JSON (RFC 8785), so key order does not matter."),
    consume: z.boolean().default(false).describe("Mark the token used (single use): a second verify with consume is refused as replayed."),
  })
  .strict();
export type VerifyTokenBody = z.infer<typeof VerifyTokenBody>;

export const TOKEN_VERIFY_CODES = [...TOKEN_REJECTIONS, "replayed", "revoked", "unknown_token"] as const;

export const TokenClaims = CapabilityClaims.strict();

/** A rejection is an answer (200), not an HTTP error: `valid: false` with a specific code. */
export const VerifyTokenResponse = z.discriminatedUnion("valid", [
  z.object({ valid: z.literal(true), claims: TokenClaims, consumed: z.boolean() }).strict(),
  z.object({ valid: z.literal(false), code: z.enum(TOKEN_VERIFY_CODES), message: z.string() }).strict(),
]);
export type VerifyTokenResponse = z.infer<typeof VerifyTokenResponse>;

export const PublicJwk = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string(), alg: z.literal("EdDSA"), use: z.literal("sig") })
  .strict();
export const Jwks = z.object({ keys: z.array(PublicJwk) }).strict();
export type Jwks = z.infer<typeof Jwks>;

export const openapi = [
  {
    method: "get",
    path: "/api/v1/.well-known/jwks.json",
    summary: "Public keys that verify capability tokens (retired keys included until their tokens expire)",
    auth: "any",
    response: Jwks,
  },
  {
    method: "post",
    path: "/api/v1/tokens/verify",
    summary: "Verify a capability token for the step about to run, optionally consuming it; a rejection is a 200 with valid: false and a code",
    auth: "agent",
    permission: "tokens:verify",
    body: VerifyTokenBody,
    response: VerifyTokenResponse,
  },
] as const;
