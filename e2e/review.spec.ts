import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { event, signIn, signedInApi, uniq, test } from "./helpers";

const INJECTION = "tr_support_kb_injection";
const LONG = "tr_research_pricing_crawl_10k";

test("a reviewer finds the demo traces, filters them and reads a timeline with provenance and raw JSON", async ({ page }) => {
  await signIn(page, "reviewer");
  await expect(page.getByRole("link", { name: new RegExp(INJECTION.slice(0, 12)) }).first()).toBeVisible();

  // filter: blocked traces only; the filter lives in the URL, so the view can be shared
  await page.getByLabel("Final decision").selectOption("block");
  await expect(page).toHaveURL(/decision=block/);
  await expect(page.locator(`a[href="/traces/${INJECTION}"]`).first()).toBeVisible();
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel("Final decision")).toHaveValue("block");

  // open the injection trace
  await page.locator(`a[href="/traces/${INJECTION}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/traces/${INJECTION}`));
  const summary = page.getByTestId("trace-summary");
  await expect(summary).toContainText("Block");
  await expect(summary).toContainText("Support Triage");

  // the unverified retrieval chunk carries a provenance badge with its trust level in words
  const row = page.locator('[role="row"][data-seq]').filter({ hasText: "context.retrieved" }).first();
  await expect(row).toContainText("unverified");
  await row.click();
  const inspector = page.getByTestId("event-inspector");
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText("kb/article-17");

  // the inspector shows the stored bytes exactly
  const seq = await row.getAttribute("data-seq");
  const events = await (await page.request.get(`/api/v1/traces/${INJECTION}/events?limit=1000`)).json();
  const id = events.events.find((e: { seq: number }) => String(e.seq) === seq).id;
  const raw = await (await page.request.get(`/api/v1/events/${id}?format=raw`)).text();
  await expect(page.getByTestId("raw-json")).toHaveText(raw);
});

test("a filter chosen before the page's script has loaded still filters the list", async ({ page }) => {
  await signIn(page, "reviewer");
  // hold the page's JavaScript: the person sees the server-rendered form and picks "Block" before React runs
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/traces", { waitUntil: "commit" }); // the scripts are held, so the load never completes
  await page.getByLabel("Final decision").selectOption("block");
  release();
  await expect(page).toHaveURL(/decision=block/);
  await expect(page.getByLabel("Final decision")).toHaveValue("block");
  const first = async (decision: string) => (await (await page.request.get(`/api/v1/traces?decision=${decision}&limit=1`)).json()).traces[0].id;
  const [blocked, allowed] = [await first("block"), await first("allow")];
  await expect(page.locator(`a[href="/traces/${blocked}"]`).first()).toBeVisible();
  await expect(page.locator(`a[href="/traces/${allowed}"]`)).toHaveCount(0);
});

test("a ~10,000-event trace opens and scrolls to its last event", async ({ page }) => {
  test.setTimeout(180_000); // pages load one by one as the list scrolls; a busy machine is slow, not wrong
  await signIn(page, "viewer");
  await page.goto(`/traces/${LONG}`);
  // the crawl's length is whatever the engine's decisions wrote (about 10,000 events)
  const total = (await (await page.request.get(`/api/v1/traces/${LONG}`)).json()).event_count as number;
  expect(total).toBeGreaterThan(9_000);
  await expect(page.getByTestId("event-count")).toHaveText(total.toLocaleString("en-US"));
  const scroller = page.getByTestId("timeline-scroll");
  await expect(scroller.locator('[role="row"][data-seq="1"]')).toBeVisible();
  // jump to the end repeatedly: pages load as the virtual list reaches them
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(scroller.locator(`[role="row"][data-seq="${total}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 150_000 });
  // virtualized: only a window of rows is in the DOM
  expect(await scroller.locator('[role="row"][data-seq]').count()).toBeLessThan(200);
});

test("the crawl's Replay diff opens on its first steps needing attention; a collapsed plan opens on a click", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`/traces/${LONG}`);
  await page.getByRole("tab", { name: /Replay/ }).click();
  const verdict = page.getByRole("region", { name: "Trace governance verdict" });
  await expect(verdict.locator("[data-result]").first()).toBeVisible({ timeout: 30_000 });
  const diff = (await (await page.request.get(`/api/v1/traces/${LONG}/diff`)).json()).diff;
  const blocked = diff.counts.results.blocked as number;
  expect(blocked).toBeGreaterThan(1_000);
  await expect(verdict.getByRole("checkbox", { name: "Only steps needing attention" })).toBeChecked();
  // at first only a first page of rows is drawn across all plans, not every blocked step
  const tab = page.getByTestId("replay-tab");
  const rows = tab.locator("tr[data-step]");
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThanOrEqual(200);
  // the last plan is collapsed behind a button naming its steps; clicking draws them
  const last = tab.getByRole("region", { name: `Plan ${diff.plans.length}`, exact: true });
  const more = last.getByRole("button", { name: /^Show \d+ steps? needing attention$/ });
  await expect(more).toBeVisible();
  await more.click();
  await expect(last.locator("tr[data-step]").first()).toBeVisible();
  await expect(last.locator('tr[data-step][data-result="blocked"]').first()).toContainText("forbid-runaway-plan");
});

test("an admin issues a key in the UI, an agent sends events with it, and the trace appears live", async ({ page }) => {
  await signIn(page, "admin");
  const agentId = uniq("ui-agent").toLowerCase();
  await page.goto("/agents");
  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByLabel("Display name").fill("UI test agent");
  await page.getByLabel("Agent ID").fill(agentId);
  await page.getByLabel("Owner").fill("qa-team");
  await page.getByRole("button", { name: "Create agent" }).click();
  await page.waitForURL(new RegExp(`/agents/${agentId}$`)); // created; the page moves to the new agent
  await page.getByRole("button", { name: "Issue key" }).first().click();
  await page.getByLabel("Key name").fill("e2e ingest");
  await page.getByRole("dialog").getByRole("button", { name: "Issue key" }).click();
  const key = (await page.getByTestId("issued-key").textContent())!.trim();
  expect(key).toMatch(/^ra_live_/);

  // the trace list is open; the agent sends events; the new trace shows up without a reload
  await page.goto("/traces");
  const trace = uniq("tr-live");
  await expect(page.locator(`a[href="/traces/${trace}"]`)).toHaveCount(0);
  const res = await page.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}` },
    data: { events: [0, 1].map((n) => event(agentId, trace, n, { decision: "allow", timestamp: new Date().toISOString() })) },
  });
  expect(res.status()).toBe(207);
  await expect(page.locator(`a[href="/traces/${trace}"]`).first()).toBeVisible({ timeout: 15_000 });

  // the key issue is itself recorded as an event in the day's ops trace
  const admin = await signedInApi("admin");
  const ops = `ops-${new Date().toISOString().slice(0, 10)}`;
  const opsEvents = await (await admin.get(`/api/v1/traces/${ops}/events?limit=1000`)).json();
  const types = opsEvents.events.map((e: { event: { type: string; payload: { details: Record<string, unknown> } } }) => e.event.type);
  expect(types).toContain("human.agent.created");
  expect(types).toContain("human.api_key.issued");
  expect(JSON.stringify(opsEvents)).not.toContain(key);
});

test("the import CLI loads an interceptor log and reports the malformed line", async () => {
  const admin = await signedInApi("admin");
  const agentId = uniq("importer").toLowerCase();
  expect((await admin.post("/api/v1/agents", { data: { id: agentId, name: "Importer", owner: "qa", environment: "test", trust_level: "internal" } })).status()).toBe(201);
  // this run's own copy of the sample: trace ids, event ids and the legacy line's agent name made unique, so every
  // event is new and "imported" cannot be satisfied by an earlier run's rows
  const suffix = uniq("cli");
  const text = readFileSync("engine/events/fixtures/interceptor-sample.jsonl", "utf8")
    .replaceAll(/"trace_id": ?"([^"]+)"/g, (_m, t) => `"trace_id": "${t}-${suffix}"`)
    .replaceAll(/"event_id": ?"([^"]+)"/g, (_m, t) => `"event_id": "${t}-${suffix}"`)
    .replaceAll('"agent_name": "legacy-agent"', `"agent_name": "legacy-agent-${suffix}"`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "ra-import-")), "audit.jsonl");
  writeFileSync(file, text);
  const dbUrl = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL;
  const run = () => execFileSync("npm", ["run", "-s", "import", "--", file, "--agent", agentId], { env: { ...process.env, DATABASE_URL: dbUrl }, encoding: "utf8" });

  const out = run();
  expect(out).toContain("13 lines read; 12 events imported, 0 already present, 1 malformed");
  expect(out).toMatch(/^ {2}line 9: not valid JSON/m);
  // the agent's traces now hold exactly those events: the two v0.5 runs and the legacy run line
  const list = await (await admin.get(`/api/v1/traces?agent=${agentId}&limit=50`)).json();
  const counts = Object.fromEntries(list.traces.map((t: { id: string; event_count: number }) => [t.id, t.event_count]));
  expect(counts).toMatchObject({ [`864a13bd708063a0fd548fde80d308ad-${suffix}`]: 6, [`26b9eba29e42c64f85bcf5ad846a95ed-${suffix}`]: 4, [`run-legacy-${suffix}`]: 1 });
  // importing the same log again stores nothing twice
  expect(run()).toContain("13 lines read; 0 events imported, 12 already present, 1 malformed");
});
