process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused"; // route modules are imported, never run
process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
const ingestLimitBefore = process.env.INGEST_MAX_EVENTS;
process.env.INGEST_MAX_EVENTS = "777"; // not the default, so a hard-coded 1000 in the document would show
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openapiDocument, openapiEntries } from "./openapi";
import type { ApiHandler } from "./with-api";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every `app/api/v1/**\/route.ts` with its URL path in OpenAPI form (`[id]` → `{id}`). */
function routeFiles(): Array<{ file: string; path: string }> {
  const out: Array<{ file: string; path: string }> = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name === "route.ts") out.push({ file: p, path: "/" + path.relative(path.join(ROOT, "app"), dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}") });
    }
  };
  walk(API);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

async function routes() {
  const found: Array<{ method: string; path: string; handler: unknown }> = [];
  for (const r of routeFiles()) {
    const mod = (await import(r.file)) as Record<string, unknown>;
    for (const m of METHODS) if (mod[m]) found.push({ method: m.toLowerCase(), path: r.path, handler: mod[m] });
  }
  return found;
}

afterAll(() => {
  if (ingestLimitBefore === undefined) delete process.env.INGEST_MAX_EVENTS;
  else process.env.INGEST_MAX_EVENTS = ingestLimitBefore;
});

describe("OpenAPI document against the routes", () => {
  it("has an entry for every route method, and every entry has a route", async () => {
    const rs = await routes();
    expect(rs.length).toBeGreaterThan(30);
    const entries = new Set(openapiEntries().map((e) => `${e.method} ${e.path}`));
    const handlers = new Set(rs.map((r) => `${r.method} ${r.path}`));
    expect([...handlers].filter((h) => !entries.has(h)), "routes without an OpenAPI entry").toEqual([]);
    expect([...entries].filter((e) => !handlers.has(e)), "OpenAPI entries without a route").toEqual([]);
    const doc = openapiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const r of rs) expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
  });

  it("documents the ingest limit the server enforces (INGEST_MAX_EVENTS), not a copy of it", async () => {
    const { env } = await import("@/lib/env");
    const doc = openapiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: { events: { maxItems?: number } } } }> } }>> };
    const events = doc.paths["/api/v1/events"].post.requestBody!.content["application/json"].schema.properties.events;
    expect(env().INGEST_MAX_EVENTS).toBe(777);
    expect(events.maxItems).toBe(777);
  });

  it("documents each route with the body, query, auth and permission the route itself uses", async () => {
    const entries = new Map(openapiEntries().map((e) => [`${e.method} ${e.path}`, e]));
    const problems: string[] = [];
    for (const r of await routes()) {
      const what = `${r.method.toUpperCase()} ${r.path}`;
      const opts = (r.handler as Partial<ApiHandler>).apiOptions;
      if (!opts) {
        if (r.path !== "/api/health") problems.push(`${what}: not made by withApi`);
        continue;
      }
      const e = entries.get(`${r.method} ${r.path}`);
      if (!e) continue; // reported by the test above
      // the same schema object, not a look-alike: a copy can drift (the old SignIn did)
      if (opts.body && e.body !== opts.body) problems.push(`${what}: the entry's body is not the schema the route validates with`);
      if (opts.text && !e.body) problems.push(`${what}: reads a text body, but the entry documents none`);
      if (!opts.body && !opts.text && !opts.accepts && e.body) problems.push(`${what}: the entry documents a body the route never reads`);
      if (opts.query !== e.query) problems.push(`${what}: the entry's query is not the schema the route validates with`);
      if ((e.permission ?? null) !== (opts.permission ?? null)) problems.push(`${what}: permission ${e.permission ?? "none"} documented, ${opts.permission ?? "none"} required`);
      if ((e.auth ?? "user") !== opts.auth) problems.push(`${what}: auth ${e.auth ?? "user"} documented, ${opts.auth} used`);
    }
    expect(problems).toEqual([]);
  });
});
