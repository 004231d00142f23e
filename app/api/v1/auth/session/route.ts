// POST /api/v1/auth/session — sign in with email and password; DELETE — sign out
import { NextResponse } from "next/server";
import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { clientAddress } from "@/lib/auth/client-address";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createSession, deleteSession, sessionCookie } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { env } from "@/lib/env";

const SignIn = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(1000) }).strict();

// throttled per account and per client address (429 + Retry-After); see lib/auth/README.md
export const POST = withApi({ auth: "public", body: SignIn, maxBytes: 10_000 }, async ({ body, req }) => {
  const user = await signInWithPassword(body.email, body.password, clientAddress(req.headers));
  const { token, expiresAt } = await createSession(user.id);
  const secure = env().SECURE_COOKIES === "true" || (env().SECURE_COOKIES === "auto" && req.nextUrl.protocol === "https:");
  const res = NextResponse.json({ user: { id: user.id, name: user.name, role: user.role }, expires_at: expiresAt.toISOString() });
  res.cookies.set(sessionCookie(token, expiresAt, secure));
  return res;
});

export const DELETE = withApi({ auth: "public" }, async ({ req }) => {
  await deleteSession(req.cookies.get(SESSION_COOKIE)?.value);
  const res = NextResponse.json({ signed_out: true });
  res.cookies.delete(SESSION_COOKIE);
  return res;
});
