import { z } from "zod";
import { openapi as agents } from "@/lib/agents/schemas";
import { openapi as session } from "@/lib/auth/schemas";
import { openapi as events } from "@/lib/events/schemas";
import { openapi as ingest } from "@/lib/ingest/schemas";
import { env } from "@/lib/env";
import { openapi as tokens } from "@/lib/tokens/schemas";
import { openapi as traces } from "@/lib/traces/schemas";
import { openapi as users } from "@/lib/users/schemas";
import { openapi as decisions } from "@/lib/decisions/schemas";
import { openapi as approvals } from "@/lib/approvals/schemas";
import { openapi as policies } from "@/lib/policies/schemas";
import { openapi as graph } from "@/lib/traces/graph-schemas";
import { openapi as replay } from "@/lib/replay/schemas";
import { openapi as whatIf } from "@/lib/replay/what-if/schemas";
import { openapi as evidence } from "@/lib/evidence/schemas";
import { openapi as guard } from "@/lib/guard/schemas";
import { ErrorBody } from "./errors";

export type OpenApiEntry = {
  method: string; path: string; summary: string; auth?: string; permission?: string;
  query?: z.ZodType; body?: z.ZodType; response?: z.ZodType; status?: number;
};

const schema = (t: z.ZodType) => z.toJSONSchema(t, { target: "openapi-3.0", unrepresentable: "any", io: "input" });

/** Every route's entry, from the domains' schema files; openapi.test.ts checks them against the routes' own withApi options. */
export function openapiEntries(): OpenApiEntry[] {
  const self: OpenApiEntry = { method: "get", path: "/api/v1/openapi.json", summary: "This OpenAPI document (any signed-in user or agent key)", auth: "any" };
  return [self, ...session, ...ingest({ maxEvents: env().INGEST_MAX_EVENTS }), ...traces, ...events, ...agents, ...users, ...decisions, ...approvals, ...policies, ...tokens, ...graph, ...replay, ...whatIf, ...evidence, ...guard] as OpenApiEntry[];
}

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function openapiDocument(): Record<string, unknown> {
  const all = openapiEntries();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of all) {
    const parameters: unknown[] = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (e.query) {
      const q = schema(e.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema: s });
    }
    paths[e.path] ??= {};
    paths[e.path][e.method] = {
      summary: e.summary,
      ...(e.permission ? { description: `Requires permission \`${e.permission}\`.` } : {}),
      security: e.auth === "public" ? [] : e.auth === "agent" ? [{ agentKey: [] }] : e.auth === "any" ? [{ session: [] }, { agentKey: [] }] : [{ session: [] }],
      parameters,
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(e.body) } } } } : {}),
      responses: {
        [String(e.status ?? 200)]: { description: "OK", ...(e.response ? { content: { "application/json": { schema: schema(e.response) } } } : {}) },
        "4XX": { description: "Client error", content: { "application/json": { schema: schema(ErrorBody) } } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Replay Audit API", version: "1.0.0", description: "Runtime governance for AI agents: ingest, traces, identity." },
    components: {
      securitySchemes: {
        agentKey: { type: "http", scheme: "bearer", description: "An agent API key (ra_live_…)" },
        session: { type: "apiKey", in: "cookie", name: "ra_session" },
      },
    },
    paths,
  };
}
