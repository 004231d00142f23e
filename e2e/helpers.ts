import { readFileSync } from "node:fs";
import { test as base, expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

export const PASSWORD = E2E_ADMIN.password;
export const USERS = {
  admin: E2E_ADMIN.email,
  approver: "approver@example.com",
  reviewer: "reviewer@example.com",
  viewer: "viewer@example.com",
} as const;
export type RoleName = keyof typeof USERS;

export function baseURL(): string {
  return `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
}

/** An API client signed in as a demo person (session cookie kept in the context). */
export async function signedInApi(role: RoleName): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseURL() });
  const res = await api.post("/api/v1/auth/session", { data: { email: USERS[role], password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

export async function anonymousApi(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseURL() });
}

/** An API client that sends an agent key. */
export async function agentApi(key: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseURL(), extraHTTPHeaders: { authorization: `Bearer ${key}` } });
}

let counter = 0;
/** Creates a fresh agent through the admin API and issues it a key; returns the agent id and the key. */
export async function newAgentWithKey(admin: APIRequestContext, prefix = "e2e"): Promise<{ id: string; key: string; keyId: string }> {
  const id = `${prefix}-${Date.now().toString(36)}-${counter++}`;
  const a = await admin.post("/api/v1/agents", { data: { id, name: `E2E ${id}`, owner: "qa@example.com", environment: "test", trust_level: "internal" } });
  expect(a.status(), await a.text()).toBe(201);
  const k = await admin.post(`/api/v1/agents/${id}/keys`, { data: { name: "e2e" } });
  expect(k.status(), await k.text()).toBe(201);
  const body = await k.json();
  return { id, key: body.key, keyId: body.id };
}

export function event(agent: string, trace: string, n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `${trace}-e${n}`, trace_id: trace, timestamp: new Date(Date.UTC(2026, 10, 21, 9, 0, n)).toISOString(),
    // a tool result the agent reports (not an execution: executions need a capability token, see decisions-api.spec.ts)
    type: "tool.result", stage: "execution", agent: { id: agent }, schema_version: "1.0", tool: "crm.lookup",
    arguments: { customer_id: `c-${n}` }, ...extra,
  };
}

export function uniq(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export async function signIn(page: Page, role: RoleName = "admin") {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(USERS[role]);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/traces/);
}

/**
 * Playwright's `test`, failing any test whose browser context logs a Content-Security-Policy violation: the CSP
 * (proxy.ts) must let every page, the graph's web worker and the exports run. Specs that drive pages import this.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      context.on("console", (m) => {
        if (/Content[- ]Security[- ]Policy/i.test(m.text())) seen.push(`${m.page()?.url() ?? "?"}: ${m.text()}`);
      });
      await use(seen);
      expect(seen, "Content-Security-Policy violations logged in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Imports the reference interceptor's sample log (engine/events/fixtures/interceptor-sample.jsonl) as a fresh agent,
 * with this run's own trace and event ids; `trace(id)` names a sample trace as imported.
 */
export async function importInterceptorSample(admin: APIRequestContext): Promise<{ agent: string; trace: (id: string) => string }> {
  const { id, key } = await newAgentWithKey(admin, "icp");
  const suffix = uniq("s").toLowerCase();
  const body = readFileSync("engine/events/fixtures/interceptor-sample.jsonl", "utf8")
    .replaceAll(/"(trace_id|event_id)": ?"([^"]+)"/g, (_m, k, v) => `"${k}": "${v}-${suffix}"`);
  const api = await agentApi(key);
  const res = await api.post("/api/v1/events?format=interceptor", { headers: { "content-type": "application/x-ndjson" }, data: Buffer.from(body) });
  expect(res.status(), await res.text()).toBe(207);
  await api.dispose();
  return { agent: id, trace: (t) => `${t}-${suffix}` };
}
