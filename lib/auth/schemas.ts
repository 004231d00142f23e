import { z } from "zod";

/** `POST /api/v1/auth/session`: the one sign-in body (the route validates with it, the OpenAPI document shows it). */
export const SignInBody = z
  .object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(1000) })
  .strict();
export type SignInBody = z.infer<typeof SignInBody>;

export const SignInResponse = z
  .object({ user: z.object({ id: z.string(), name: z.string(), role: z.string() }).strict(), expires_at: z.iso.datetime() })
  .strict();
export type SignInResponse = z.infer<typeof SignInResponse>;

export const SignOutResponse = z.object({ signed_out: z.literal(true) }).strict();

/** Route descriptions for the OpenAPI document. */
export const openapi = [
  { method: "post", path: "/api/v1/auth/session", summary: "Sign in; sets the session cookie (throttled per account and client address: 429 with Retry-After)", auth: "public", body: SignInBody, response: SignInResponse },
  { method: "delete", path: "/api/v1/auth/session", summary: "Sign out", auth: "public", response: SignOutResponse },
] as const;
