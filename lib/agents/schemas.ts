import { z } from "zod";
import { TRUST_LEVELS } from "@/engine/events/schema";

/** Agent ids are chosen by the admin and appear in every event the agent sends, so they are short, stable slugs. */
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const AgentId = z
  .string()
  .regex(AGENT_ID_PATTERN, { message: "must be 2–63 characters of a–z, 0–9 and -, starting with a letter or digit" });

const Label = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const CreateAgentBody = z
  .object({
    id: AgentId,
    name: Label(200),
    owner: Label(200),
    environment: Label(100),
    trust_level: z.enum(TRUST_LEVELS),
    description: z.string().trim().max(2000).default(""),
  })
  .strict();
export type CreateAgentBody = z.infer<typeof CreateAgentBody>;

export const UpdateAgentBody = z
  .object({
    name: Label(200).optional(),
    owner: Label(200).optional(),
    environment: Label(100).optional(),
    trust_level: z.enum(TRUST_LEVELS).optional(),
    description: z.string().trim().max(2000).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "send at least one field to change" });
export type UpdateAgentBody = z.infer<typeof UpdateAgentBody>;

export const Agent = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: z.string(),
    environment: z.string(),
    trust_level: z.string(),
    description: z.string(),
    disabled: z.boolean(),
    /** Keys that are not revoked. */
    key_count: z.number().int(),
    created_at: z.iso.datetime(),
    created_by: z.string().nullable(),
  })
  .strict();
export type Agent = z.infer<typeof Agent>;

export const AgentList = z.object({ agents: z.array(Agent) }).strict();
export type AgentList = z.infer<typeof AgentList>;

/** An API key as listed: never the key itself, never its hash. */
export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The key's first 12 characters, to tell keys apart (`ra_live_AbCd`). */
    prefix: z.string(),
    created_at: z.iso.datetime(),
    created_by: z.string().nullable(),
    last_used_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .strict();
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyList = z.object({ keys: z.array(ApiKey) }).strict();
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const IssueApiKeyBody = z.object({ name: Label(100) }).strict();
export type IssueApiKeyBody = z.infer<typeof IssueApiKeyBody>;

/** The create response: the only time the full key is ever returned. */
export const IssuedApiKey = ApiKey.extend({
  key: z.string().describe("The full API key. Shown once; only its SHA-256 is stored."),
}).strict();
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;

/** Route list for the OpenAPI document. */
export const openapi = [
  { method: "get", path: "/api/v1/agents", summary: "List agents", permission: "agents:read", response: AgentList },
  { method: "post", path: "/api/v1/agents", summary: "Create an agent (409 if the id is taken)", permission: "agents:write", body: CreateAgentBody, response: Agent, status: 201 },
  { method: "get", path: "/api/v1/agents/{id}", summary: "Get one agent", permission: "agents:read", response: Agent },
  { method: "patch", path: "/api/v1/agents/{id}", summary: "Edit an agent, or disable / enable it", permission: "agents:write", body: UpdateAgentBody, response: Agent },
  { method: "get", path: "/api/v1/agents/{id}/keys", summary: "List an agent's API keys (metadata only)", permission: "agents:read", response: ApiKeyList },
  { method: "post", path: "/api/v1/agents/{id}/keys", summary: "Issue an API key; the response carries the full key, once", permission: "keys:write", body: IssueApiKeyBody, response: IssuedApiKey, status: 201 },
  { method: "delete", path: "/api/v1/agents/{id}/keys/{keyId}", summary: "Revoke an API key (repeating it is a no-op)", permission: "keys:write", response: ApiKey },
] as const;
