import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "@playwright/test";
import { readZip, writeRawZip } from "../engine/evidence/test-fixtures";
import { signIn, test } from "./helpers";

const INJECTION = "tr_support_kb_injection";
const run = promisify(execFile);

/** `npm run verify -- <zip> --key <jwks>` as an auditor runs it; resolves with the exit code and output. */
async function verifyCli(zip: string, key: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/verify.ts", zip, "--key", key], { timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

// Issue 4 "Done when", end to end in the browser: graph → compare → what-if → evidence ZIP → offline report →
// CLI verification → a one-byte edit named by the verifier.
test("a reviewer traces the injection, compares it, runs a what-if, exports evidence and verifies it offline", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, "reviewer");

  // 1. the execution graph shows the path from the unverified retrieval chunk to the blocked send
  await page.goto(`/traces/${INJECTION}?tab=graph`);
  const paths = page.getByTestId("taint-paths");
  const path1 = paths.getByTestId("taint-path").filter({ hasText: "kb/article-17" }).filter({ hasText: "email.forward" }).first();
  await expect(path1).toBeVisible({ timeout: 30_000 });
  await expect(path1).toContainText("unverified");
  await expect(path1).toContainText(/block/i);
  await expect(page.getByTestId("graph-canvas").locator(".react-flow__node").first()).toBeVisible({ timeout: 30_000 });
  await path1.click();

  // 2. compare it with a benign run of the same agent, picked in the trace list
  const benign = (await (await page.request.get("/api/v1/traces?agent=support-triage&decision=allow&limit=1")).json()).traces[0].id as string;
  await page.goto(`/traces?agent=support-triage`);
  await page.getByLabel(`Select trace ${INJECTION}`).check();
  await page.getByLabel(`Select trace ${benign}`).check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/traces\/compare\?a=/);
  const table = page.getByTestId("compare-table");
  await expect(table).toBeVisible();
  await expect(table).toContainText("email.forward");

  // 3. what-if: a stricter draft (no outbound email at all) over the last day flips recorded decisions
  await page.goto("/replay");
  await page.getByRole("radio", { name: "Draft" }).click();
  await page.getByRole("button", { name: "Copy its files into the draft" }).click();
  await expect(page.getByTestId("draft-files")).toContainText(".cedar");
  // the draft's guardrails.cedar = the stored one plus a forbid on every outbound email
  const list = await (await page.request.get("/api/v1/policies")).json();
  const production = list.environments.find((e: { environment: string }) => e.environment === "production") ?? list.environments[0];
  const stored = await (await page.request.get(`/api/v1/policies/${production.bundle_id}`)).json();
  const guardrails = stored.sources["guardrails.cedar"] as string;
  expect(guardrails).toBeTruthy();
  await page.getByText("Paste a file").click();
  await page.getByTestId("paste-name").fill("guardrails.cedar");
  await page.getByTestId("paste-text").fill(`${guardrails}\n@id("forbid-all-outbound-email")\n@reason("Draft: no agent may send email")\nforbid (principal, action, resource)\nwhen { context.capability == "notify.external" };\n`);
  await page.getByTestId("paste-add").click();
  await page.getByTestId("run-what-if").click();
  const runView = page.getByTestId("run-view");
  await expect(runView).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("flip-kinds")).toContainText(/block/i);
  await expect(page.getByTestId("flips-table")).toContainText("forbid-all-outbound-email");

  // 4. export the evidence ZIP from the trace page
  await page.goto(`/traces/${INJECTION}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-evidence").click()]);
  const dir = mkdtempSync(path.join(tmpdir(), "evidence-"));
  const zipPath = path.join(dir, "evidence.zip");
  await download.saveAs(zipPath);
  const members = await readZip(readFileSync(zipPath));
  const names = members.map((m) => m.name);
  for (const f of ["events.jsonl", "manifest.json", "checkpoint.json", "checkpoint.jws", "report.html", "README.txt", "graph.json", "diff.json", "approvals.json"]) {
    expect(names).toContain(f);
  }

  // 5. the report opens offline: no request leaves the file
  const reportPath = path.join(dir, "report.html");
  writeFileSync(reportPath, members.find((m) => m.name === "report.html")!.data);
  const offline = await browser.newContext({ offline: true });
  const requests: string[] = [];
  offline.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  const report = await offline.newPage();
  await report.goto(`file://${reportPath}`);
  await expect(report.locator("body")).toContainText(INJECTION);
  await expect(report.locator("body")).toContainText("kb/article-17");
  await expect(report.locator("svg").first()).toBeVisible();
  expect(requests).toEqual([]);
  await offline.close();

  // 6. the CLI verifies it against the server's published key, fetched out of band
  const jwks = await page.request.get("/api/v1/.well-known/evidence-jwks.json");
  expect(jwks.status()).toBe(200);
  const keyPath = path.join(dir, "jwks.json");
  writeFileSync(keyPath, await jwks.body());
  const ok = await verifyCli(zipPath, keyPath);
  expect(ok.out).toContain("OK");
  expect(ok.code).toBe(0);

  // 7. one byte of events.jsonl edited: the verifier fails and names the broken event
  const events = members.find((m) => m.name === "events.jsonl")!;
  const lines = events.data.toString("utf8").split("\n");
  const at = lines[2].indexOf("context.retrieved");
  expect(at).toBeGreaterThan(0);
  const offset = lines[0].length + 1 + lines[1].length + 1 + at + "context.retrieve".length; // the final "d"
  const edited = Buffer.from(events.data);
  edited[offset] = "e".charCodeAt(0);
  const tamperedPath = path.join(dir, "tampered.zip");
  writeFileSync(tamperedPath, writeRawZip(members.map((m) => (m.name === "events.jsonl" ? { ...m, data: edited } : m))));
  const bad = await verifyCli(tamperedPath, keyPath);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain("event_hash_mismatch");
  expect(bad.out).toContain(INJECTION);
  expect(bad.out).toMatch(/seq 3\b/);
});
