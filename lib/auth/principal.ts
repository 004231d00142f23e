import "server-only";
import { prisma } from "@/lib/db";
import { API_KEY_PREFIX, tokenHash } from "./secrets";
import type { Role } from "./permissions";

export const SESSION_COOKIE = "ra_session";

export type UserPrincipal = { kind: "user"; id: string; email: string; name: string; role: Role; sessionId: string };
export type AgentPrincipal = { kind: "agent"; agentId: string; keyId: string; agentName: string };
export type Principal = UserPrincipal | AgentPrincipal;

/** Resolves a session token (from the cookie) to its user; expired sessions and disabled users resolve to null. */
export async function userFromSessionToken(token: string | undefined | null): Promise<UserPrincipal | null> {
  if (!token || token.length > 200) return null;
  const id = tokenHash(token);
  const s = await prisma.session.findUnique({
    where: { id },
    select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!s || s.expiresAt <= new Date() || s.user.disabled) return null;
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date() } }).catch(() => {});
  }
  return { kind: "user", id: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role, sessionId: id };
}

const lastUsedWritten = new Map<string, number>();

/** Resolves `Authorization: Bearer ra_live_…` to its agent; revoked keys and disabled agents resolve to null. */
export async function agentFromApiKey(key: string | undefined | null): Promise<AgentPrincipal | null> {
  if (!key || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const k = await prisma.apiKey.findUnique({
    where: { hash: tokenHash(key) },
    select: { id: true, revokedAt: true, agent: { select: { id: true, name: true, disabled: true } } },
  });
  if (!k || k.revokedAt || k.agent.disabled) return null;
  // last-used time, written at most once a minute per key so hot ingest paths do not update it per request
  const now = Date.now();
  if ((lastUsedWritten.get(k.id) ?? 0) < now - 60_000) {
    lastUsedWritten.set(k.id, now);
    await prisma.apiKey.update({ where: { id: k.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { kind: "agent", agentId: k.agent.id, keyId: k.id, agentName: k.agent.name };
}

export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}
