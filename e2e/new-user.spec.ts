import { expect, test, type Page } from "@playwright/test";
import { agentApi, signIn, signedInApi, uniq } from "./helpers";

// What a new user meets on the first visit (issue 8, part E): helpful 404s, a real 403, people instead of user ids,
// one set of trust shapes, full trace ids, source names in compare.

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/new-user-${name}.png`, fullPage: true });

test("/forbidden answers 403 and names the missing permission", async ({ page }) => {
  const viewer = await signedInApi("viewer");
  const res = await viewer.get("/forbidden?need=users:read");
  expect(res.status()).toBe(403);
  await signIn(page, "viewer");
  await page.goto("/users");
  await expect(page).toHaveURL(/\/forbidden\?need=/);
  await expect(page.getByTestId("forbidden")).toContainText("403 · Not allowed");
  await expect(page.getByTestId("forbidden")).toContainText("users:read");
  await shot(page, "forbidden");
});

test("unknown agent and policy URLs get a helpful 404 page like unknown traces", async ({ page }) => {
  await signIn(page, "admin");
  const agent = await page.goto("/agents/no-such-agent");
  expect(agent?.status()).toBe(404);
  await expect(page.getByTestId("agent-not-found")).toContainText("No agent no-such-agent is registered.");
  await expect(page.getByRole("link", { name: "Back to agents" })).toBeVisible();
  await shot(page, "agent-404");
  const policy = await page.goto("/policies/pol_no_such_bundle");
  expect(policy?.status()).toBe(404);
  await expect(page.getByTestId("policy-not-found")).toContainText("No policy bundle version pol_no_such_bundle is stored.");
  await expect(page.getByRole("link", { name: "Back to policies" })).toBeVisible();
  await shot(page, "policy-404");
});

test("agent detail names the person who created the agent, not a user id", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/agents/crm-sync");
  const row = page.locator("div", { has: page.getByText("Created by", { exact: true }) }).last();
  await expect(row).toContainText("admin@example.com");
  await expect(page.locator("body")).not.toContainText(/usr_[0-9a-z]/);
  await shot(page, "agent-detail");
});

test("the Agents pages draw trust levels with the same shapes as the trace pages", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/agents");
  const onAgents = await page.locator('[data-trust="internal"] svg').first().innerHTML();
  await shot(page, "agents");
  await page.goto("/traces/tr_crm_renewal_quote_worked_example");
  const onTrace = await page.locator('[data-trust="internal"] svg').first().innerHTML();
  expect(onAgents).toContain("<rect"); // internal = square, everywhere
  expect(onAgents).toBe(onTrace);
  await page.goto("/agents/crm-sync");
  expect(await page.locator('[data-trust="internal"] svg').first().innerHTML()).toBe(onTrace);
});

test("Approvals shows the whole trace id: truncated by CSS with an ellipsis, the full id in its title", async ({ page }) => {
  const admin = await signedInApi("admin");
  const k = await admin.post("/api/v1/agents/crm-sync/keys", { data: { name: uniq("new-user") } });
  expect(k.status()).toBe(201);
  const crm = await agentApi((await k.json()).key);
  const trace = `tr_${uniq("a-rather-long-trace-id-from-an-agent-sdk-that-names-its-runs")}`;
  const provenance = [{ source_type: "tool_result", trust_level: "internal", source_name: "crm/contacts" }];
  const res = await crm.post("/api/v1/evaluate", { data: { trace_id: trace, plan: { steps: [{ tool: "send_email", arguments: { to: "procurement@globex-partners.example" }, provenance }] } } });
  expect(res.status(), await res.text()).toBe(200);
  const approvalId = (await res.json()).approval.id as string;

  await signIn(page, "approver");
  await page.goto("/approvals");
  await page.locator(`[data-approval-id="${approvalId}"][role="option"]`).click();
  const link = page.getByTestId("approval-trace-link");
  await expect(link).toHaveAttribute("title", trace);
  await expect(link).toHaveText(`trace ${trace}`);
  expect(await link.evaluate((el) => getComputedStyle(el).textOverflow)).toBe("ellipsis");
  expect(await link.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true); // this id is long enough to be cut
  await shot(page, "approvals");
});

test("compare names the sources that differ (source_name and origin_uri), not two identical badges", async ({ page }) => {
  const admin = await signedInApi("admin");
  const k = await admin.post("/api/v1/agents/crm-sync/keys", { data: { name: uniq("new-user-compare") } });
  const crm = await agentApi((await k.json()).key);
  const ask = async (source_name: string, origin_uri: string) => {
    const trace = uniq("tr-compare-sources");
    const provenance = [{ source_type: "tool_result", trust_level: "internal", source_name, origin_uri }];
    const r = await crm.post("/api/v1/evaluate", { data: { trace_id: trace, plan: { steps: [{ tool: "db.read", arguments: { customer_id: "CUST-20417" }, provenance }] } } });
    expect(r.status(), await r.text()).toBe(200);
    return trace;
  };
  const a = await ask("crm/contacts", "https://crm.example.com/contacts/CUST-20417");
  const b = await ask("crm/accounts", "https://crm.example.com/accounts/CUST-20417");
  await signIn(page, "reviewer");
  await page.goto(`/traces/compare?a=${a}&b=${b}`);
  const sources = page.getByTestId("compare-sources");
  await expect(sources).toHaveCount(2);
  await expect(sources.nth(0)).toContainText("crm/contacts");
  await expect(sources.nth(0)).toContainText("https://crm.example.com/contacts/CUST-20417");
  await expect(sources.nth(1)).toContainText("crm/accounts");
  await expect(sources.nth(1)).toContainText("https://crm.example.com/accounts/CUST-20417");
  await shot(page, "compare");
});

/** One file out of a ZIP. */
async function unzipOne(zip: Buffer, name: string): Promise<string> {
  const { default: yauzl } = await import("yauzl");
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on("entry", (entry: { fileName: string }) => {
        if (entry.fileName !== name) return z.readEntry();
        z.openReadStream(entry as never, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on("data", (c: Buffer) => chunks.push(c));
          s.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        });
      });
      z.on("end", () => reject(new Error(`${name} not in the ZIP`)));
      z.readEntry();
    });
  });
}

test("the evidence report's graph fits its section instead of being cut at the right edge", async ({ page }) => {
  const reviewer = await signedInApi("reviewer");
  const res = await reviewer.get("/api/v1/traces/tr_orch_quarter_close/evidence.zip");
  expect(res.status(), await res.text()).toBe(200);
  const html = await unzipOne(await res.body(), "report.html");
  for (const width of [1280, 900]) {
    await page.setViewportSize({ width, height: 900 });
    await page.setContent(html);
    const graph = page.getByTestId("report-graph");
    await expect(graph).toBeVisible();
    // the drawing ends inside its scroll box, and the box shows all of it unless the window is narrower than the minimum
    const fits = await graph.evaluate((svg) => {
      const box = svg.parentElement!;
      return { svgRight: svg.getBoundingClientRect().right, boxRight: box.getBoundingClientRect().right, scroll: box.scrollWidth, client: box.clientWidth };
    });
    if (width === 1280) {
      expect(fits.svgRight).toBeLessThanOrEqual(fits.boxRight + 0.5);
      expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    }
    await graph.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/new-user-report-${width}.png` });
  }
});
