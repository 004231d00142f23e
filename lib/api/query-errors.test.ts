process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { issueApiKey } from "@/lib/agents/issue-api-key";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { assertTestDatabase } from "@/tests/test-db";
import type { ApiHandler } from "./with-api";

assertTestDatabase();

// every route that takes a query, found from the routes' own withApi options, so a new one is covered without editing this
const ROOT = path.resolve(import.meta.dirname, "../..");
const run = `qe${Date.now().toString(36)}`;
let cookie = "";
let key = "";

async function routesWithQuery() {
  const out: Array<{ method: string; url: string; handler: ApiHandler }> = [];
  const walk = async (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) await walk(p);
      else if (d.name === "route.ts") {
        const url = "/" + path.relative(path.join(ROOT, "app"), dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "x");
        const mod = (await import(p)) as Record<string, ApiHandler | undefined>;
        for (const m of ["GET", "POST", "PATCH", "DELETE"]) if (mod[m]?.apiOptions?.query) out.push({ method: m, url, handler: mod[m]! });
      }
    }
  };
  await walk(path.join(ROOT, "app/api/v1"));
  return out;
}

beforeAll(async () => {
  const user = await createUser({ email: `${run}@example.test`, name: "Admin", role: "admin", password: "pw-for-tests-only" });
  cookie = `${SESSION_COOKIE}=${(await createSession(user.id)).token}`;
  await prisma.agent.create({ data: { id: `${run}-agent`, name: run, owner: "qa@example.com", environment: "test", trustLevel: "internal" } });
  key = (await issueApiKey({ id: user.id, email: user.email, name: user.name }, `${run}-agent`, "test")).key;
});

afterAll(async () => {
  await prisma.apiKey.deleteMany({ where: { agentId: `${run}-agent` } });
  await prisma.agent.deleteMany({ where: { id: `${run}-agent` } });
  await prisma.session.deleteMany({ where: { user: { email: `${run}@example.test` } } });
  await prisma.user.deleteMany({ where: { email: `${run}@example.test` } });
});

describe("query errors", () => {
  it("are 422 validation_failed naming the parameter on every route that takes a query", async () => {
    const rs = await routesWithQuery();
    expect(rs.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(["GET /api/v1/traces/x/graph", "GET /api/v1/traces/compare", "POST /api/v1/events"]));
    const wrong: string[] = [];
    for (const r of rs) {
      const agent = r.handler.apiOptions.auth === "agent";
      const headers: Record<string, string> = { ...(agent ? { authorization: `Bearer ${key}` } : { cookie }), ...(r.method === "GET" ? {} : { "content-type": "application/json" }) };
      const req = new NextRequest(new URL(`${r.url}?no_such_param=1`, "http://localhost"), { method: r.method, headers, ...(r.method === "GET" ? {} : { body: "{}" }) });
      const res = await r.handler(req, { params: Promise.resolve({ id: "x" }) });
      const body = (await res.json()) as { error?: { code: string; details?: Array<{ field: string; message: string }> } };
      const named = JSON.stringify(body.error?.details ?? []);
      if (res.status !== 422 || body.error?.code !== "validation_failed" || !named.includes("no_such_param")) wrong.push(`${r.method} ${r.url}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a bad value of a known parameter is 422 too (graph mode, compare without b)", async () => {
    const { GET: graph } = await import("@/app/api/v1/traces/[id]/graph/route");
    const { GET: compare } = await import("@/app/api/v1/traces/compare/route");
    const g = await graph(new NextRequest(new URL("/api/v1/traces/x/graph?mode=sideways", "http://localhost"), { headers: { cookie } }), { params: Promise.resolve({ id: "x" }) });
    expect(g.status).toBe(422);
    expect((await g.json()).error.details[0].field).toBe("mode");
    const c = await compare(new NextRequest(new URL("/api/v1/traces/compare?a=x", "http://localhost"), { headers: { cookie } }), { params: Promise.resolve({}) });
    expect(c.status).toBe(422);
    expect((await c.json()).error.details[0].field).toBe("b");
  });
});
