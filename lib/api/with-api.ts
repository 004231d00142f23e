import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AGENT_PERMISSIONS, roleCan, type Permission } from "@/lib/auth/permissions";
import { agentFromApiKey, bearerToken, SESSION_COOKIE, userFromSessionToken, type AgentPrincipal, type UserPrincipal } from "@/lib/auth/principal";
import { assertSameOriginRequest } from "./csrf";
import { ApiError, zodToApiError } from "./errors";
import { assertCleanInput, assertCleanQuery, clientInputError } from "./input-rules";

type AuthMode = "user" | "agent" | "any" | "public";
type PrincipalFor<A extends AuthMode> = A extends "user"
  ? UserPrincipal
  : A extends "agent"
    ? AgentPrincipal
    : A extends "any"
      ? UserPrincipal | AgentPrincipal
      : null;

export type ApiOptions<A extends AuthMode = AuthMode, B extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined> = {
  auth: A;
  /** Permission a user needs (agents: what their key allows). */
  permission?: Permission | "events:write" | "evaluate" | "approvals:poll" | "tokens:verify";
  body?: B;
  /** The body as raw UTF-8 text (`ctx.text`), for formats the route parses itself (NDJSON, interceptor logs). */
  text?: boolean;
  query?: Q;
  /** Largest body accepted, in bytes (default 1 MB). */
  maxBytes?: number | (() => number);
  /** Body media types a non-JSON route documents (e.g. a ZIP upload); cookie requests must send one (csrf.ts). */
  accepts?: readonly string[];
};

type Ctx<A extends AuthMode, B, Q> = {
  req: NextRequest;
  principal: PrincipalFor<A>;
  body: B extends z.ZodType ? z.infer<B> : undefined;
  query: Q extends z.ZodType ? z.infer<Q> : undefined;
  /** The raw body text when the route set `text: true`, else "". */
  text: string;
  /** Milliseconds the wrapper spent reading the body (`read`), for a route's Server-Timing header. */
  timings: Record<string, number>;
  params: Record<string, string>;
};

/** A route handler made by `withApi`, carrying its options so the OpenAPI test can check the route against its entry. */
export type ApiHandler = ((req: NextRequest, route: { params?: Promise<Record<string, string | string[]>> }) => Promise<Response>) & { apiOptions: ApiOptions };

/**
 * The one wrapper every /api/v1 route goes through: authentication (session cookie or agent key),
 * permission check, size limit, zod parsing of query and body (or the raw body text with `text: true`), and
 * mapping of every error to `{ error: { code, message, details? } }`. A bad query is always 422
 * `validation_failed` naming the parameter. Unknown errors are logged and become a generic 500. The options
 * stay on the handler (`apiOptions`) so lib/api/openapi.test.ts can hold each route to its OpenAPI entry.
 */
export function withApi<A extends AuthMode, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  opts: ApiOptions<A, B, Q>,
  handler: (ctx: Ctx<A, B, Q>) => Promise<Response | unknown>,
): ApiHandler {
  const handle = async (req: NextRequest, route: { params?: Promise<Record<string, string | string[]>> }) => {
    try {
      const principal = await authenticate(req, opts.auth, opts.permission);
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      // the URL first (a bad path or query is the same 422 whatever the request), then where the request came from
      assertCleanInput(params, "path");
      assertCleanQuery(req.nextUrl.searchParams);
      if (opts.auth !== "agent") assertSameOriginRequest(req, { accepts: opts.accepts, hasBody: Boolean(opts.body || opts.text || opts.accepts) });
      // the query before the body: a bad parameter is answered before a large body is read
      let query: unknown = undefined;
      if (opts.query) {
        const parsed = opts.query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
        if (!parsed.success) throw zodToApiError(parsed.error, "query");
        query = parsed.data;
      }
      const maxBytes = typeof opts.maxBytes === "function" ? opts.maxBytes() : (opts.maxBytes ?? 1024 * 1024);
      const t0 = performance.now();
      let body: unknown = undefined;
      if (opts.body) body = await readJsonBody(req, opts.body, maxBytes);
      const text = opts.text ? await readBodyText(req, maxBytes) : "";
      const timings = { read: performance.now() - t0 };
      const result = await handler({ req, principal, body, query, text, timings, params } as unknown as Ctx<A, B, Q>);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e);
    }
  };
  return Object.assign(handle, { apiOptions: opts as ApiOptions });
}

export function errorResponse(e: unknown): Response {
  e = clientInputError(e);
  if (e instanceof ApiError) {
    const headers: Record<string, string> = e.status === 401 ? { "WWW-Authenticate": 'Bearer realm="replay-audit"' } : {};
    const retryAfter = (e.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
    if (e.status === 429 && typeof retryAfter === "number") headers["Retry-After"] = String(retryAfter);
    return NextResponse.json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } }, { status: e.status, headers });
  }
  console.error("[api] unhandled error", e);
  return NextResponse.json({ error: { code: "internal", message: "internal error; it has been logged" } }, { status: 500 });
}

async function authenticate(req: NextRequest, mode: AuthMode, permission: ApiOptions["permission"]) {
  if (mode === "public") return null;
  const bearer = bearerToken(req.headers.get("authorization"));
  if (bearer) {
    const agent = await agentFromApiKey(bearer);
    if (!agent) throw new ApiError("unauthenticated", "invalid, revoked or unknown API key");
    if (mode === "user") throw new ApiError("forbidden", "agent API keys cannot use this route; sign in as a person");
    if (permission && !AGENT_PERMISSIONS.has(permission)) throw new ApiError("forbidden", `agent keys lack permission ${permission}`);
    return agent;
  }
  const user = await userFromSessionToken(req.cookies.get(SESSION_COOKIE)?.value);
  if (!user) throw new ApiError("unauthenticated", "sign in, or send an agent API key as `Authorization: Bearer <key>`");
  if (mode === "agent") throw new ApiError("forbidden", "this route takes an agent API key, not a user session");
  if (permission && !roleCan(user.role, permission as Permission)) {
    throw new ApiError("forbidden", `role ${user.role} lacks permission ${permission}`);
  }
  return user;
}

/** Reads a JSON body within a size limit and parses it with the schema. */
export async function readJsonBody<T extends z.ZodType>(req: NextRequest, schema: T, maxBytes: number): Promise<z.infer<T>> {
  const text = (await readBodyText(req, maxBytes)).trim() || "{}"; // an empty body is an empty object; the schema says what is missing
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ApiError("invalid_json", `request body is not valid JSON: ${(e as Error).message}`);
  }
  assertCleanInput(json, "body");
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw zodToApiError(parsed.error, "body");
  return parsed.data;
}

/** Reads the body as UTF-8 text, refusing more than maxBytes (413) and invalid UTF-8 (400). */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError("payload_too_large", `request body is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
  const bytes = await readLimited(req, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("bad_request", "request body is not valid UTF-8");
  }
}

/** The request body as bytes, refusing (413) as soon as it passes `maxBytes` rather than after reading it all. */
export async function readLimited(req: Request, maxBytes: number, what = "request body"): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError("payload_too_large", `${what} exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
