import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { env } from "@/lib/env";
import { clientAddress } from "./client-address";
import { SESSION_COOKIE } from "./principal";
import type { SignInBody, SignInResponse } from "./schemas";
import { verifyPassword } from "./secrets";
import { createSession, deleteSession, sessionCookie } from "./session";
import { admitSignIn, forgetOldThrottles, signInSucceeded, type ThrottledKey } from "./throttle-sign-in";

// a fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist
const DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export type SignedInUser = { id: string; name: string; role: string };

/** A sign-in refused by the throttle: answered 429 with `Retry-After`. */
export class SignInThrottled extends ApiError {
  constructor(public readonly retryAfterSeconds: number) {
    super("rate_limited", `too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retry_after_seconds: retryAfterSeconds });
  }
}

/**
 * Checks an email and password behind the throttle (per account and per client address, see throttle-sign-in.ts):
 * a locked key refuses the attempt before any password work, and the first refused attempt of each lock is
 * recorded in the day's ops trace. Unknown email, wrong password and disabled account get the same answer.
 */
export async function signInWithPassword(email: string, password: string, address: string): Promise<SignedInUser> {
  if (Math.random() < 0.01) await forgetOldThrottles().catch(() => {});
  const admission = await admitSignIn({ email, address });
  if (!admission.admitted) {
    await recordThrottled(email, address, admission.retryAfterSeconds, admission.locks.filter((l) => l.report));
    throw new SignInThrottled(admission.retryAfterSeconds);
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabled: true, role: true, name: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY);
  if (!user || !ok || user.disabled) throw new ApiError("unauthenticated", "email or password is incorrect");
  await signInSucceeded({ email, address });
  return { id: user.id, name: user.name, role: user.role };
}

/**
 * One ops-trace event per lock, not per refused attempt: an attacker hammering a locked account must not be able to
 * flood the hash chain (or serialise every human action behind the ops trace's row lock).
 */
async function recordThrottled(email: string, address: string, retryAfterSeconds: number, locks: ThrottledKey[]): Promise<void> {
  if (!locks.length) return;
  await prisma.$transaction((tx) => recordHumanAction(tx, { id: "anonymous", email, name: `sign-in from ${address}` }, "signin.throttled", {
    email, address, retry_after_seconds: retryAfterSeconds,
    locks: locks.map((l) => ({ kind: l.kind, failures: l.failures, locked_until: l.lockedUntil.toISOString() })),
  })).catch((e) => console.error("[auth] could not record a throttled sign-in", e));
}

/**
 * Sign-in as the API answers it: the password check behind the throttle, a new session, and the response carrying
 * its cookie (Secure when configured, or over https with SECURE_COOKIES=auto).
 */
export async function signIn(body: SignInBody, req: NextRequest): Promise<NextResponse> {
  const user = await signInWithPassword(body.email, body.password, clientAddress(req.headers));
  const { token, expiresAt } = await createSession(user.id);
  const secure = env().SECURE_COOKIES === "true" || (env().SECURE_COOKIES === "auto" && req.nextUrl.protocol === "https:");
  const res = NextResponse.json({ user, expires_at: expiresAt.toISOString() } satisfies SignInResponse);
  res.cookies.set(sessionCookie(token, expiresAt, secure));
  return res;
}

/** Sign-out: the session row is deleted (so a copied cookie stops working) and the cookie cleared. */
export async function signOut(req: NextRequest): Promise<NextResponse> {
  await deleteSession(req.cookies.get(SESSION_COOKIE)?.value);
  const res = NextResponse.json({ signed_out: true });
  res.cookies.delete(SESSION_COOKIE);
  return res;
}
