// POST /api/v1/auth/session — sign in with email and password; DELETE — sign out
import { NextResponse } from "next/server";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { verifyPassword } from "@/lib/auth/secrets";
import { createSession, deleteSession, sessionCookie } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { env } from "@/lib/env";

const SignIn = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(1000) }).strict();

// a fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist
const DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export const POST = withApi({ auth: "public", body: SignIn, maxBytes: 10_000 }, async ({ body, req }) => {
  const user = await prisma.user.findUnique({ where: { email: body.email }, select: { id: true, passwordHash: true, disabled: true, role: true, name: true } });
  const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY);
  if (!user || !ok || user.disabled) throw new ApiError("unauthenticated", "email or password is incorrect");
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
