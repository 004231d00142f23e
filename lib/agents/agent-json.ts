import "server-only";
import type { Agent, ApiKey } from "./schemas";

/** Columns a list or detail view needs; keeps key hashes out of every agent query. */
export const AGENT_SELECT = {
  id: true,
  name: true,
  owner: true,
  environment: true,
  trustLevel: true,
  description: true,
  disabled: true,
  createdAt: true,
  createdBy: true,
  _count: { select: { apiKeys: { where: { revokedAt: null } } } },
} as const;

export const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  createdBy: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type AgentRow = {
  id: string;
  name: string;
  owner: string;
  environment: string;
  trustLevel: string;
  description: string;
  disabled: boolean;
  createdAt: Date;
  createdBy: string | null;
  _count: { apiKeys: number };
};

type ApiKeyRow = { id: string; name: string; prefix: string; createdAt: Date; createdBy: string | null; lastUsedAt: Date | null; revokedAt: Date | null };

export function agentJson(a: AgentRow): Agent {
  return {
    id: a.id,
    name: a.name,
    owner: a.owner,
    environment: a.environment,
    trust_level: a.trustLevel,
    description: a.description,
    disabled: a.disabled,
    key_count: a._count.apiKeys,
    created_at: a.createdAt.toISOString(),
    created_by: a.createdBy,
  };
}

export function apiKeyJson(k: ApiKeyRow): ApiKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created_at: k.createdAt.toISOString(),
    created_by: k.createdBy,
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}

/** Postgres unique violation, as Prisma reports it. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}
