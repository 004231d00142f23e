import { mkdirSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { importInterceptorSample, signIn, signedInApi, type RoleName } from "./helpers";

// Issue 9: every page passes axe-core's WCAG 2.0/2.1 A and AA rules, in the real app in Chromium. A failure lists
// each rule with its impact and the selectors of the offending elements, so the fix can be made in the kit.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const INJECTION = "tr_support_kb_injection";
const WORKED = "tr_crm_renewal_quote_worked_example";
const RESTART = "tr_devops_restart_without_approval";

const slug = (name: string) => name.replace(/ \(.*/, "").replace(/\W+/g, "-");

/** Runs axe on the page as it is now; prints a line per violation and fails the test if there is any. */
async function expectAccessible(page: Page, name: string) {
  await page.screenshot({ path: `test-results/a11y-${slug(name)}.png`, fullPage: true });
  const { violations, passes } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact}, ${v.nodes.length} ${v.nodes.length === 1 ? "element" : "elements"}): ${v.help}`,
    ...v.nodes.slice(0, 8).map((n) => `    ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1, 2).join("").trim()}` : ""}`),
    ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : []),
  ]);
  mkdirSync("test-results", { recursive: true });
  writeFileSync(`test-results/axe-${slug(name)}.json`, JSON.stringify(violations, null, 2));
  const count = violations.reduce((n, v) => n + v.nodes.length, 0);
  console.log(`axe ${name}: ${violations.length} rules violated, ${count} elements; ${passes.length} rules passed`);
  if (lines.length) console.log(lines.map((l) => `  ${l}`).join("\n"));
  expect(lines, `axe violations on ${name}`).toEqual([]);
}

async function visit(page: Page, role: RoleName, url: string, ready: (page: Page) => Promise<void>) {
  await signIn(page, role);
  await page.goto(url);
  await ready(page);
}

const visible = (sel: string) => async (page: Page) => {
  await expect(page.locator(sel).first()).toBeVisible({ timeout: 30_000 });
};
const testId = (id: string) => visible(`[data-testid="${id}"]`);
const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { name }).first()).toBeVisible({ timeout: 30_000 });
};

test("sign-in page", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByLabel("Email")).toBeVisible();
  await expectAccessible(page, "/signin");
});

const PAGES: { name: string; url: string | (() => Promise<string>); role?: RoleName; ready: (page: Page) => Promise<void> }[] = [
  {
    name: "trace list",
    url: "/traces",
    ready: async (page) => {
      // one row selected, so the selection's tint and the bulk bar's selected state are checked too
      await page.getByLabel(`Select trace ${INJECTION}`).check();
      await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
    },
  },
  { name: "trace timeline", url: `/traces/${INJECTION}`, ready: testId("loaded-count") },
  {
    name: "trace event inspector",
    url: `/traces/${INJECTION}`,
    ready: async (page) => {
      await page.locator('[role="row"][data-seq]').filter({ hasText: "guard.scanned" }).first().click();
      await expect(page.getByTestId("raw-json")).toBeVisible({ timeout: 30_000 });
    },
  },
  { name: "trace plan", url: `/traces/${WORKED}?tab=plan`, ready: heading(/renewal|plan/i) },
  {
    name: "trace graph",
    url: `/traces/${INJECTION}?tab=graph`,
    ready: async (page) => {
      await expect(page.getByTestId("graph-canvas").locator(".react-flow__node").first()).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("taint-path").first()).toBeVisible();
    },
  },
  { name: "trace replay diff", url: `/traces/${INJECTION}?tab=replay`, ready: visible("[data-result]") },
  { name: "foreign trace header", url: `/traces/${RESTART}`, ready: testId("foreign-notice") },
  {
    name: "what-if run on a foreign trace",
    url: async () => {
      const api = await signedInApi("admin");
      const sample = await importInterceptorSample(api);
      const list = await (await api.get("/api/v1/policies")).json();
      const res = await api.post("/api/v1/replay/what-if", { data: { bundle_id: list.environments[0].bundle_id, trace_id: sample.trace("864a13bd708063a0fd548fde80d308ad") } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return `/replay?run=${encodeURIComponent((await res.json()).run.id)}`;
    },
    ready: async (page) => {
      await expect(page.locator('[data-testid="run-view"][data-status="done"]')).toBeVisible({ timeout: 30_000 });
      await page.getByTestId("tab-recorded").click();
      await expect(page.getByTestId("flip-foreign").first()).toBeVisible();
    },
  },
  {
    name: "compare",
    url: async () => {
      const api = await signedInApi("reviewer");
      const benign = (await (await api.get("/api/v1/traces?agent=support-triage&decision=allow&limit=1")).json()).traces[0].id as string;
      return `/traces/compare?a=${INJECTION}&b=${encodeURIComponent(benign)}`;
    },
    ready: testId("compare-table"),
  },
  {
    name: "approvals",
    url: "/approvals",
    role: "approver",
    ready: async (page) => {
      const first = page.locator('[data-approval-id][role="option"]').first();
      await expect(first).toBeVisible({ timeout: 30_000 });
      await first.click();
      await expect(page.getByTestId("approval-trace-link")).toBeVisible();
    },
  },
  { name: "agents", url: "/agents", ready: visible('a[href="/agents/crm-sync"]') },
  { name: "agent detail", url: "/agents/crm-sync", ready: heading(/crm/i) },
  { name: "users", url: "/users", ready: visible("text=viewer@example.com") },
  { name: "policies", url: "/policies", ready: visible('a[href^="/policies/pb_"]') },
  {
    name: "policy detail",
    url: async () => {
      const api = await signedInApi("admin");
      const list = await (await api.get("/api/v1/policies")).json();
      return `/policies/${list.environments[0].bundle_id}`;
    },
    ready: heading(/./),
  },
  { name: "what-if", url: "/replay", ready: async (page) => {
    await expect(page.getByRole("radio", { name: "Draft" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading").first()).toBeVisible();
  } },
  {
    name: "what-if run",
    url: async () => {
      const api = await signedInApi("admin");
      const list = await (await api.get("/api/v1/policies")).json();
      const res = await api.post("/api/v1/replay/what-if", { data: { bundle_id: list.environments[0].bundle_id, trace_id: INJECTION } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return `/replay?run=${encodeURIComponent((await res.json()).run.id)}`;
    },
    ready: async (page) => {
      await expect(page.locator('[data-testid="run-view"][data-status="done"]')).toBeVisible({ timeout: 30_000 });
    },
  },
  { name: "evidence verify", url: "/evidence/verify", ready: heading(/verify/i) },
  { name: "forbidden", url: "/users", role: "viewer", ready: testId("forbidden") },
  { name: "trace 404", url: "/traces/no-such-trace", ready: heading(/./) },
  { name: "agent 404", url: "/agents/no-such-agent", ready: testId("agent-not-found") },
  { name: "policy 404", url: "/policies/pol_no_such_bundle", ready: testId("policy-not-found") },
  { name: "unknown page 404", url: "/no-such-page", ready: heading(/./) },
];

for (const p of PAGES) {
  test(`${p.name} page`, async ({ page }) => {
    test.setTimeout(120_000); // axe's colour-contrast pass over a long table is slow on a loaded machine
    const url = typeof p.url === "string" ? p.url : await p.url();
    await visit(page, p.role ?? "admin", url, p.ready);
    await expectAccessible(page, `${p.name} (${url})`);
  });
}
