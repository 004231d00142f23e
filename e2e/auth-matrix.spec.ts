import { expect, test, type APIRequestContext } from "@playwright/test";
import { agentApi, anonymousApi, newAgentWithKey, signedInApi, signIn, type RoleName } from "./helpers";

type Who = RoleName | "anonymous" | "agent";
type Route = { method: "get" | "post" | "patch" | "delete"; path: string; allowed: Who[] };

const ALL_PEOPLE: Who[] = ["viewer", "reviewer", "approver", "admin"];
const ROUTES: Route[] = [
  { method: "get", path: "/api/v1/traces", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/traces/no-such-trace", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/traces/no-such-trace/events", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/events/no-such-event", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/openapi.json", allowed: [...ALL_PEOPLE, "agent"] },
  { method: "post", path: "/api/v1/events", allowed: ["agent"] },
  { method: "get", path: "/api/v1/agents", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/agents", allowed: ["admin"] },
  { method: "get", path: "/api/v1/agents/no-such-agent", allowed: ALL_PEOPLE },
  { method: "patch", path: "/api/v1/agents/no-such-agent", allowed: ["admin"] },
  { method: "post", path: "/api/v1/agents/no-such-agent/keys", allowed: ["admin"] },
  { method: "delete", path: "/api/v1/agents/no-such-agent/keys/no-such-key", allowed: ["admin"] },
  { method: "get", path: "/api/v1/users", allowed: ["admin"] },
  { method: "post", path: "/api/v1/users", allowed: ["admin"] },
  { method: "patch", path: "/api/v1/users/no-such-user", allowed: ["admin"] },
  { method: "post", path: "/api/v1/evaluate", allowed: ["agent"] },
  { method: "post", path: "/api/v1/explain", allowed: ["agent"] },
  { method: "post", path: "/api/v1/guard/scan", allowed: ["agent"] },
  { method: "get", path: "/api/v1/approvals", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/approvals/no-such-approval", allowed: [...ALL_PEOPLE, "agent"] },
  { method: "post", path: "/api/v1/approvals/no-such-approval/approve", allowed: ["approver", "admin"] },
  { method: "post", path: "/api/v1/approvals/no-such-approval/deny", allowed: ["approver", "admin"] },
  { method: "get", path: "/api/v1/policies", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/policies", allowed: ["admin"] },
  { method: "get", path: "/api/v1/policies/no-such-version", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/policies/validate", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/policies/no-such-version/activate", allowed: ["admin"] },
  { method: "get", path: "/api/v1/policies/diff?from=a&to=b", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/policies/import-reference", allowed: ["admin"] },
  { method: "post", path: "/api/v1/policies/no-such-version/scenarios", allowed: ALL_PEOPLE },
  { method: "post", path: "/api/v1/policies/scenarios", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/.well-known/jwks.json", allowed: [...ALL_PEOPLE, "agent"] },
  { method: "post", path: "/api/v1/tokens/verify", allowed: ["agent"] },
  { method: "get", path: "/api/v1/traces/no-such-trace/graph", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/traces/no-such-trace/diff", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/traces/compare?a=x&b=y", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/traces/no-such-trace/evidence.zip", allowed: ["reviewer", "approver", "admin"] },
  { method: "post", path: "/api/v1/evidence", allowed: ["reviewer", "approver", "admin"] },
  { method: "post", path: "/api/v1/evidence/verify", allowed: ALL_PEOPLE },
  { method: "get", path: "/api/v1/.well-known/evidence-jwks.json", allowed: ["anonymous", ...ALL_PEOPLE, "agent"] },
  { method: "get", path: "/api/v1/replay/what-if", allowed: ["reviewer", "approver", "admin"] },
  { method: "post", path: "/api/v1/replay/what-if", allowed: ["reviewer", "approver", "admin"] },
  { method: "get", path: "/api/v1/replay/what-if/no-such-run", allowed: ["reviewer", "approver", "admin"] },
  { method: "get", path: "/api/v1/replay/what-if/no-such-run/export?format=csv", allowed: ["reviewer", "approver", "admin"] },
];

test("every API route rejects the unauthenticated and every role lacking the permission", async () => {
  const admin = await signedInApi("admin");
  const { key } = await newAgentWithKey(admin, "matrix");
  const clients: Record<Who, APIRequestContext> = {
    anonymous: await anonymousApi(),
    agent: await agentApi(key),
    viewer: await signedInApi("viewer"),
    reviewer: await signedInApi("reviewer"),
    approver: await signedInApi("approver"),
    admin,
  };
  const failures: string[] = [];
  for (const r of ROUTES) {
    for (const who of Object.keys(clients) as Who[]) {
      const res = await clients[who][r.method](r.path, r.method === "get" || r.method === "delete" ? {} : { data: {} });
      const s = res.status();
      if (s >= 500) failures.push(`${who} ${r.method.toUpperCase()} ${r.path}: ${s}`);
      const allowed = r.allowed.includes(who);
      if (allowed && (s === 401 || s === 403)) failures.push(`${who} ${r.method.toUpperCase()} ${r.path}: expected access, got ${s}`);
      if (!allowed) {
        const want = who === "anonymous" ? 401 : 403;
        if (s !== want) failures.push(`${who} ${r.method.toUpperCase()} ${r.path}: expected ${want}, got ${s}`);
        else expect((await res.json()).error.code).toBe(want === 401 ? "unauthenticated" : "forbidden");
      }
    }
  }
  expect(failures).toEqual([]);
});

test("every page requires a signed-in person", async ({ page }) => {
  for (const path of ["/traces", "/traces/anything", "/traces/compare?a=x&b=y", "/agents", "/users", "/approvals", "/policies", "/replay", "/evidence/verify"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("pages check the permission of the signed-in role", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("viewer@example.com");
  await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/traces/);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/forbidden/);
  // a viewer reads traces but is not offered what the routes would refuse: evidence export, what-if
  await page.goto("/traces/tr_support_kb_injection");
  await expect(page.getByTestId("trace-summary")).toBeVisible();
  await expect(page.getByTestId("export-evidence")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "What-if…" })).toHaveCount(0);
  await page.goto("/replay");
  await expect(page).toHaveURL(/\/forbidden/);
});

test("a reviewer is offered evidence export and a what-if of the trace", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.goto("/traces/tr_support_kb_injection");
  await expect(page.getByTestId("export-evidence")).toBeVisible();
  await page.getByRole("link", { name: "What-if…" }).click();
  await expect(page).toHaveURL(/\/replay\?trace=tr_support_kb_injection/);
  await expect(page.getByTestId("trace-input")).toHaveValue("tr_support_kb_injection");
});
