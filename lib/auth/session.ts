import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { roleCan, type Permission } from "./permissions";
import { SESSION_COOKIE, userFromSessionToken, type UserPrincipal } from "./principal";
import { randomToken, tokenHash } from "./secrets";

/** Creates a session row and returns the cookie token (only its hash is stored). */
export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3600_000);
  await prisma.session.create({ data: { id: tokenHash(token), userId, expiresAt } });
  await prisma.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
  return { token, expiresAt };
}

export async function deleteSession(token: string | undefined): Promise<void> {
  if (token) await prisma.session.deleteMany({ where: { id: tokenHash(token) } });
}

export function sessionCookie(token: string, expires: Date, secure: boolean) {
  return { name: SESSION_COOKIE, value: token, httpOnly: true, sameSite: "lax" as const, path: "/", expires, secure };
}

/** The signed-in user for a server component, or null. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const jar = await cookies();
  return userFromSessionToken(jar.get(SESSION_COOKIE)?.value);
}

/** For pages: the signed-in user holding `permission`, else a redirect to sign-in (or a 403 page). */
export async function requireUser(permission?: Permission, from?: string): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect(`/signin${from ? `?next=${encodeURIComponent(from)}` : ""}`);
  if (permission && !roleCan(user.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return user;
}
