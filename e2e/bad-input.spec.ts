import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { agentApi, newAgentWithKey, signedInApi, uniq } from "./helpers";

// Every /api/v1 route, found by walking app/api/v1 (a new route is swept without touching this file), gets strings
// Postgres refuses — U+0000 and a lone surrogate — in its path segments, its query and every string of its JSON body,
// plus 1e400 and 10,000 levels of nesting in the free-form arguments. Each must be a 4xx naming the field, never a 500.

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type RouteMethod = { route: string; method: Method; auth: string; body: boolean };

const API_DIR = path.join(process.cwd(), "app", "api", "v1");

function routeMethods(): RouteMethod[] {
  const out: RouteMethod[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") {
        const route = "/api/v1/" + path.relative(API_DIR, dir).split(path.sep).join("/");
        for (const m of readFileSync(p, "utf8").matchAll(/export const (GET|POST|PATCH|PUT|DELETE) = withApi\(\{([^}]*)\}/g)) {
          out.push({ route, method: m[1] as Method, auth: /auth: "(\w+)"/.exec(m[2])?.[1] ?? "?", body: /\bbody:/.test(m[2]) });
        }
      }
    }
  };
  walk(API_DIR);
  return out.sort((a, b) => (a.route + a.method).localeCompare(b.route + b.method));
}

/** A placeholder in a sample body that is replaced by raw JSON text (1e400 and deep nesting have no JSON.stringify form). */
const RAW = "__raw_json__";
const DEEP = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);

type Ctx = { agentId: string; userId: string };
/** A body each JSON route accepts (or refuses for a reason other than its strings), so only the injected value differs. */
const SAMPLES: Record<string, (c: Ctx) => Record<string, unknown>> = {
  "POST /api/v1/agents": () => ({ id: uniq("bad-input"), name: "Bad input", owner: "qa@example.com", environment: "test", trust_level: "internal", description: "x" }),
  "PATCH /api/v1/agents/[id]": () => ({ name: "Renamed", owner: "qa@example.com", environment: "test", description: "d" }),
  "POST /api/v1/agents/[id]/keys": () => ({ name: "key" }),
  "POST /api/v1/approvals/[id]/approve": () => ({ note: "ok" }),
  "POST /api/v1/approvals/[id]/deny": () => ({ note: "no" }),
  "POST /api/v1/auth/session": () => ({ email: "nobody@example.com", password: "not-the-password" }),
  "POST /api/v1/evaluate": () => plan(),
  "POST /api/v1/explain": () => plan(),
  "POST /api/v1/evidence": () => ({ trace_ids: ["tr-bad-input"] }),
  "POST /api/v1/policies": () => ({ files: [{ name: "bundle.yaml", text: "bundle_id: x\n" }], note: "n" }),
  "POST /api/v1/policies/validate": () => ({ files: [{ name: "bundle.yaml", text: "bundle_id: x\n" }] }),
  "POST /api/v1/policies/[id]/scenarios": () => ({ files: [{ name: "suite.yaml", content: "scenarios: []\n" }] }),
  "POST /api/v1/policies/scenarios": () => ({ draft: { files: [{ name: "bundle.yaml", text: "bundle_id: x\n" }] }, files: [{ name: "suite.yaml", content: "scenarios: []\n" }] }),
  "POST /api/v1/policies/import-reference": () => ({ policies_yaml: "policies: []\n", capabilities_yaml: "capabilities: {}\n" }),
  "POST /api/v1/replay/what-if": () => ({ bundle_id: "pb_bad_input", trace_id: "tr-bad-input" }),
  "POST /api/v1/guard/scan": () => ({ texts: [{ id: "t-1", text: "hello", provenance: { source_type: "web_page", trust_level: "external", source_name: "example.com" } }] }),
  "POST /api/v1/tokens/verify": (c) => ({ token: "a.b.c", agent: c.agentId, tool: "crm.read", arguments: { customer_id: "c-1" } }),
  "POST /api/v1/users": () => ({ email: `${uniq("bad")}@example.com`, name: "Bad Input", role: "viewer", password: "a-long-enough-password" }),
  "PATCH /api/v1/users/[id]": () => ({ name: "Renamed" }),
};

function plan() {
  return {
    trace_id: uniq("tr-bad"),
    plan: { intent: "look up", steps: [{ tool: "crm.read", arguments: { customer_id: "c-1" }, provenance: [{ source_type: "user_prompt", trust_level: "internal", content: "hi" }] }] },
  };
}

/** Free-form JSON fields that get the number and depth cases too. */
const FREE_FORM: Record<string, string[]> = {
  "POST /api/v1/evaluate": ["plan", "steps", "0", "arguments"],
  "POST /api/v1/explain": ["plan", "steps", "0", "arguments"],
  "POST /api/v1/tokens/verify": ["arguments"],
};

/** A query parameter the route really reads (else a made-up one: the rule covers every query value). */
const QUERY_PARAM: Record<string, string> = {
  "/api/v1/traces": "q", "/api/v1/traces/compare": "a", "/api/v1/policies/diff": "from", "/api/v1/events": "format",
  "/api/v1/approvals": "cursor", "/api/v1/traces/[id]/graph": "mode", "/api/v1/replay/what-if/[id]": "cursor",
};

/** Every string leaf of a value, by its path (as the API names fields: `plan.steps[0].tool`). */
function stringLeaves(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v === "string") return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...at, i]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...at, k]));
  return [];
}
const fieldName = (at: Array<string | number>) => at.reduce<string>((s, p) => (typeof p === "number" || /^\d+$/.test(String(p)) ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), "");
function setAt(obj: unknown, at: Array<string | number>, value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const p of at.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
  o[at[at.length - 1]] = value;
}

test("NUL, lone surrogates, 1e400 and deep nesting give a 4xx naming the field on every route, never a 500", async () => {
  test.setTimeout(180_000);
  const admin = await signedInApi("admin");
  const sessionClient = await signedInApi("admin"); // /auth/session is swept with its own session: DELETE signs out
  const { id: agentId, key } = await newAgentWithKey(admin, "bad-input");
  const agent = await agentApi(key);
  const users = await (await admin.get("/api/v1/users")).json();
  const ctx: Ctx = { agentId, userId: users.users?.[0]?.id ?? users[0]?.id };
  const realParam: Record<string, string> = { "/api/v1/agents/[id]": agentId, "/api/v1/users/[id]": ctx.userId, "/api/v1/agents/[id]/keys": agentId };

  const routes = routeMethods();
  expect(routes.length).toBeGreaterThan(30);
  const failures: string[] = [];
  let sent = 0;

  const client = (r: RouteMethod): APIRequestContext => (r.route === "/api/v1/auth/session" ? sessionClient : r.auth === "agent" ? agent : admin);
  const url = (r: RouteMethod, override: Record<string, string> = {}) =>
    r.route.replace(/\[(\w+)\]/g, (_, name: string) => override[name] ?? encodeURIComponent(realParam[r.route] ?? `bad-input-${name}`));
  const send = async (r: RouteMethod, u: string, body?: string): Promise<APIResponse> => {
    sent++;
    return client(r).fetch(u, { method: r.method, ...(body !== undefined ? { data: body, headers: { "content-type": "application/json" } } : {}), maxRedirects: 0 });
  };
  /** The answer must be a 4xx; when `field` is given, a 422 whose first detail names it. */
  const check = async (what: string, res: APIResponse, field?: string | RegExp, part?: string) => {
    const s = res.status();
    const text = await res.text();
    if (s >= 500) return void failures.push(`${what}: ${s} ${text.slice(0, 200)}`);
    if (s < 400) return void failures.push(`${what}: expected a 4xx, got ${s}`);
    if (field === undefined) return;
    const detail = JSON.parse(text)?.error?.details?.[0];
    const named = typeof field === "string" ? detail?.field === field : field.test(detail?.field ?? "");
    if (s !== 422 || !named || (part && detail?.in !== part)) failures.push(`${what}: expected 422 naming ${part ?? ""} field ${field}, got ${s} ${text.slice(0, 200)}`);
  };

  for (const r of routes) {
    const name = `${r.method} ${r.route}`;
    // path segments
    for (const [, param] of r.route.matchAll(/\[(\w+)\]/g)) {
      await check(`${name} with ${param}=a%00b`, await send(r, url(r, { [param]: "a%00b" })), param, "path");
      await check(`${name} with ${param}=a%ED%A0%80b (a lone surrogate)`, await send(r, url(r, { [param]: "a%ED%A0%80b" })), "path", "path");
    }
    // query
    const q = QUERY_PARAM[r.route] ?? "x";
    await check(`${name}?${q}=a%00b`, await send(r, `${url(r)}?${q}=a%00b`), q, "query");
    // URLSearchParams decodes a lone surrogate's bytes to U+FFFD, which is storable: any answer but a 5xx is right
    const surrogate = await send(r, `${url(r)}?${q}=a%ED%A0%80b`);
    if (surrogate.status() >= 500) failures.push(`${name}?${q}=a%ED%A0%80b: ${surrogate.status()}`);
    // JSON body
    if (!r.body) continue;
    const sample = SAMPLES[name];
    if (!sample) {
      failures.push(`${name} takes a JSON body: add a sample to SAMPLES in e2e/bad-input.spec.ts`);
      continue;
    }
    for (const at of stringLeaves(sample(ctx))) {
      for (const [label, bad] of [["U+0000", "a\u0000b"], ["a lone surrogate", "a\ud800b"]] as const) {
        const body = sample(ctx);
        setAt(body, at, bad);
        await check(`${name} body ${fieldName(at)} with ${label}`, await send(r, url(r), JSON.stringify(body)), fieldName(at), "body");
      }
    }
    const withKey = { ...sample(ctx), "k\u0000": 1 };
    await check(`${name} body with U+0000 in a key`, await send(r, url(r), JSON.stringify(withKey)), "(root)", "body");
    const free = FREE_FORM[name];
    if (free) {
      const field = fieldName(free);
      for (const [label, raw, want] of [["1e400", "1e400", `${field}.n`], ["10,000 levels", DEEP, new RegExp(`^${field.replace(/[.[\]]/g, "\\$&")}\\.n(\\.a)+$`)]] as const) {
        const body = sample(ctx);
        setAt(body, free, { n: RAW });
        await check(`${name} body ${field} with ${label}`, await send(r, url(r), JSON.stringify(body).replace(`"${RAW}"`, raw)), want, "body");
      }
    }
  }
  console.log(`bad-input sweep: ${routes.length} route methods, ${sent} requests`);
  expect(failures).toEqual([]);
});

/** Every page under app/(app), as a URL pattern (`/traces/[id]`; route groups like `(list)` dropped). */
function pages(): string[] {
  const dir = path.join(process.cwd(), "app", "(app)");
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name === "page.tsx") out.push("/" + path.relative(dir, d).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

test("pages answer U+0000 and lone surrogates in their path and query with a 4xx, never a 500", async () => {
  const admin = await signedInApi("admin");
  const failures: string[] = [];
  const list = pages();
  expect(list.length).toBeGreaterThan(5);
  for (const page of list) {
    const urls = [`${page.replace(/\[\w+\]/g, "x")}?q=a%00b&a=a%00b`];
    if (/\[\w+\]/.test(page)) urls.push(page.replace(/\[\w+\]/g, "a%00b"), page.replace(/\[\w+\]/g, "a%ED%A0%80b"));
    for (const u of urls) {
      const res = await admin.get(u, { maxRedirects: 0 });
      if (res.status() < 400 || res.status() >= 500) failures.push(`GET ${u}: ${res.status()}`);
    }
  }
  expect(failures).toEqual([]);
});

test("ingest refuses the same strings per event with the same rule, naming the field", async () => {
  const admin = await signedInApi("admin");
  const { id, key } = await newAgentWithKey(admin, "bad-ingest");
  const agent = await agentApi(key);
  const trace = uniq("tr-bad-ingest");
  const base = { trace_id: trace, timestamp: "2026-11-21T09:00:00Z", type: "tool.result", stage: "execution", agent: { id }, schema_version: "1.0", tool: "crm.lookup" };
  const text = `{"events":[${JSON.stringify({ ...base, id: `${trace}-1`, arguments: { note: "a\u0000b" } })},${JSON.stringify({ ...base, id: `${trace}-2` }).replace(/}$/, ',"arguments":{"n":1e400}}')}]}`;
  const res = await agent.post("/api/v1/events", { data: text, headers: { "content-type": "application/json" } });
  expect(res.status()).toBe(207);
  const body = await res.json();
  expect(body.results.map((x: { status: string; error: string }) => [x.status, x.error])).toEqual([
    ["invalid", "arguments.note: strings must not contain U+0000"],
    ["invalid", "arguments.n: number out of range (JSON.parse gives Infinity)"],
  ]);
});
