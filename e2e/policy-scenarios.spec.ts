import { expect, test } from "@playwright/test";
import { gatedDefaultFiles, loosenedDraftFiles } from "../lib/policies/loosened-draft";
import { signIn, signedInApi } from "./helpers";

/**
 * The Policies page's "Test against scenarios": a loosened draft (guardrails replaced by a permit-all) run against
 * the project's suite before it is stored shows its unsafe allows in the matrix and the failing scenarios; a stored
 * version whose bundle requires the suite to pass cannot be activated from its page, and production keeps its version.
 * Nothing here activates anything, so the other specs see the seeded production bundle.
 */

const shots = "test-results";

test("a loosened draft run against the project's suite shows the matrix, unsafe allows first, and why each failed", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/policies?tab=upload");
  await page.getByTestId("bundle-file-input").setInputFiles(loosenedDraftFiles().map((f) => ({ name: f.name, mimeType: "text/plain", buffer: Buffer.from(f.text) })));
  await page.getByTestId("validate").click();
  await expect(page.getByTestId("validation-ok")).toBeVisible();
  const panel = page.getByTestId("scenario-panel");
  await panel.getByTestId("run-scenarios").click();
  const verdict = panel.getByTestId("suite-verdict");
  await expect(verdict).toContainText(/FAIL/);
  await expect(verdict).toContainText(/\d+ unsafe allows: plans the suite expects blocked or sent to approval were allowed/);
  const unsafe = Number(await panel.getByTestId("stat-unsafe").locator("div").nth(1).textContent());
  // how many depends on what the guard blocks before policy is asked (a better guard leaves fewer to the policy)
  expect(unsafe).toBeGreaterThanOrEqual(5);
  const matrix = panel.getByTestId("confusion-matrix");
  const blockAllow = Number(await matrix.locator('[data-cell="block:allow"]').textContent());
  const approvalAllow = Number(await matrix.locator('[data-cell="require_approval:allow"]').textContent());
  expect(blockAllow + approvalAllow).toBe(unsafe);
  await expect(matrix.locator('[data-cell="allow:allow"]')).not.toHaveText("0");
  const first = panel.getByTestId("failing-scenario").first();
  await expect(first).toHaveAttribute("data-kind", "unsafe");
  await expect(first).toContainText("Unsafe allow");
  await expect(first).toContainText(/Why: .+/);
  // what let it through is named: the draft's permit-all
  await expect(first).toContainText(/Allowed by: .*permit-everything/);
  await expect(first.locator('[data-decision="allow"]')).toBeVisible();
  await expect(panel.getByTestId("by-threat")).toContainText("goal_hijack");

  const download = page.waitForEvent("download");
  await panel.getByTestId("export-junit").click();
  expect((await download).suggestedFilename()).toBe("scenarios-default-draft.junit.xml");
  await panel.screenshot({ path: `${shots}/policy-scenarios-draft.png` });
  await page.screenshot({ path: `${shots}/policy-scenarios-draft-page.png`, fullPage: true });
});

test("a stored version whose bundle requires the suite to pass is refused on activation from its page; production keeps its version", async ({ page }) => {
  const api = await signedInApi("admin");
  const before = (await (await api.get("/api/v1/policies")).json()).environments.find((e: { environment: string }) => e.environment === "production").bundle_id;
  const up = await api.post("/api/v1/policies", { data: { files: loosenedDraftFiles("scenarios:\n  require_pass: true\n  fail_on: unsafe_allow\n"), note: "e2e: loosened, gated" } });
  expect(up.status(), await up.text()).toBe(201);
  const { id, version } = await up.json();

  await signIn(page, "admin");
  await page.goto(`/policies/${id}`);
  await page.getByRole("tab", { name: "Scenarios" }).click();
  await expect(page.getByTestId("scenario-gate")).toHaveText(/Activation gate on · refuses unsafe allows/);
  await page.getByTestId("run-scenarios").click();
  await expect(page.getByTestId("suite-verdict")).toContainText(`v${version}`);
  await expect(page.getByTestId("failing-scenario").first()).toHaveAttribute("data-kind", "unsafe");
  await page.getByRole("tab", { name: /Other mismatches/ }).click();
  await expect(page.getByTestId("failing-scenario").first()).toContainText("Approval instead of block");
  await page.getByTestId("scenario-panel").screenshot({ path: `${shots}/policy-scenarios-version.png` });

  await page.getByRole("button", { name: `Activate v${version}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("requires the project's scenario suite to pass");
  await dialog.getByRole("button", { name: "Activate" }).click();
  await expect(dialog.getByRole("alert")).toContainText(/fails the scenario suite replay-audit-core .* unsafe allows? \(/);
  await page.screenshot({ path: `${shots}/policy-scenarios-gate.png`, fullPage: true });
  const after = (await (await api.get("/api/v1/policies")).json()).environments.find((e: { environment: string }) => e.environment === "production").bundle_id;
  expect(after).toBe(before);

  // the same bundle without the loosening passes its gate through the API: run it, do not activate (other specs use production)
  const ok = await api.post("/api/v1/policies/scenarios", { data: { draft: { files: gatedDefaultFiles() }, suite: "builtin" } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).unsafe_allows).toEqual([]);
});
