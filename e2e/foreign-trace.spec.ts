import { expect } from "@playwright/test";
import { importInterceptorSample, signIn, signedInApi, test } from "./helpers";

// Only traces that stand for foreign or legacy logs may hold events the engine did not write, and they say so: the
// trace header of the restart story (an executor ran a step without a capability token) and of an imported
// interceptor trace carries a notice naming why; an ordinary demo trace carries none. What-if explains a recorded
// ≠ engine on such a trace by the same label.

const RESTART = "tr_devops_restart_without_approval";
const WORKED = "tr_crm_renewal_quote_worked_example";
/** A sample trace whose interceptor decision (allow) the engine does not reproduce for an unbundled environment. */
const SAMPLE_TRACE = "864a13bd708063a0fd548fde80d308ad";

test("the restart story and an imported interceptor trace say they are foreign; an ordinary demo trace does not", async ({ page }) => {
  const admin = await signedInApi("admin");
  const sample = await importInterceptorSample(admin);
  await signIn(page, "reviewer");

  await page.goto(`/traces/${RESTART}`);
  const restart = page.getByTestId("trace-summary").getByTestId("foreign-notice");
  await expect(restart).toBeVisible({ timeout: 30_000 });
  await expect(restart).toHaveAttribute("role", "note");
  await expect(restart).toContainText("a step ran outside Replay Audit");
  await expect(restart).toContainText("An executor outside Replay Audit ran a step without a capability token");
  await expect(restart.locator("[data-foreign]")).toHaveAttribute("data-foreign", "outside_executor");
  await restart.screenshot({ path: "test-results/foreign-notice-restart.png" });

  await page.goto(`/traces/${encodeURIComponent(sample.trace(SAMPLE_TRACE))}`);
  const imported = page.getByTestId("trace-summary").getByTestId("foreign-notice");
  await expect(imported).toBeVisible({ timeout: 30_000 });
  await expect(imported).toContainText("Imported from the reference interceptor's log");
  await expect(imported.locator("[data-foreign]")).toHaveAttribute("data-foreign", "imported");
  await page.getByTestId("trace-summary").screenshot({ path: "test-results/foreign-notice-imported.png" });

  // an ordinary trace: wait until its outcome has loaded (the step headers read it), then no notice
  await page.goto(`/traces/${WORKED}`);
  await expect(page.getByTestId("step-outcome").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("trace-header-decision")).toBeVisible();
  await expect(page.getByTestId("foreign-notice")).toHaveCount(0);
  const outcome = await (await admin.get(`/api/v1/traces/${WORKED}/outcome`)).json();
  expect(outcome.outcome.foreign).toBeNull();
  await admin.dispose();
});

test("the list row and the Replay diff of a foreign trace carry its label; an ordinary trace's do not", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.goto("/traces?agent=devops-runner");
  const restartRow = page.locator(`tr[data-trace-id="${RESTART}"]`);
  await expect(restartRow).toBeVisible({ timeout: 30_000 });
  await expect(restartRow.getByTestId("foreign-chip")).toHaveAttribute("data-foreign", "outside_executor");
  await expect(restartRow.getByTestId("foreign-chip")).toHaveAttribute("title", /ran outside Replay Audit/);
  await restartRow.screenshot({ path: "test-results/foreign-chip-list.png" });
  await page.goto("/traces?agent=crm-sync");
  const workedRow = page.locator(`tr[data-trace-id="${WORKED}"]`);
  await expect(workedRow).toBeVisible({ timeout: 30_000 });
  await expect(workedRow.getByTestId("foreign-chip")).toHaveCount(0);

  await page.goto(`/traces/${RESTART}`);
  await page.getByRole("tab", { name: /Replay/ }).click();
  const verdict = page.getByRole("region", { name: "Trace governance verdict" });
  await expect(verdict.getByTestId("foreign-notice")).toBeVisible({ timeout: 30_000 });
  await expect(verdict.locator("[data-foreign]")).toHaveAttribute("data-foreign", "outside_executor");
  await verdict.screenshot({ path: "test-results/foreign-notice-diff.png" });
});

test("what-if over an imported trace explains its recorded ≠ engine by the foreign label", async ({ page }) => {
  const admin = await signedInApi("admin");
  const sample = await importInterceptorSample(admin);
  const list = await (await admin.get("/api/v1/policies")).json();
  const res = await admin.post("/api/v1/replay/what-if", { data: { bundle_id: list.environments[0].bundle_id, trace_id: sample.trace(SAMPLE_TRACE) } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const runId = (await res.json()).run.id as string;
  await signIn(page, "admin");
  await page.goto(`/replay?run=${encodeURIComponent(runId)}`);
  await expect(page.locator('[data-testid="run-view"][data-status="done"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("foreign-explained")).toContainText("on foreign traces");
  await expect(page.getByTestId("foreign-explained")).toContainText("No recorded ≠ engine is left unexplained");
  await page.getByTestId("tab-recorded").click();
  const row = page.locator('tr[data-class="recorded_differs"]').first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId("flip-foreign")).toHaveAttribute("data-foreign", "imported");
  await expect(row.getByTestId("flip-foreign")).toContainText("Imported from the reference interceptor's log");
  await page.getByTestId("run-view").screenshot({ path: "test-results/foreign-what-if.png" });
  await admin.dispose();
});
