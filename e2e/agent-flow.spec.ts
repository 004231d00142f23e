import { spawn } from "node:child_process";
import { expect } from "@playwright/test";
import { baseURL, signIn, signedInApi, uniq, test } from "./helpers";

// The "done when": the example agent runs the 3-step plan, step 1 executes with its token, step 2 waits,
// a person approves it in the UI, the agent receives its token and executes, and the trace tells the whole story.
test("example agent: evaluate → execute → wait → approved in the UI → execute → the trace shows it all", async ({ page }) => {
  test.setTimeout(120_000);
  const admin = await signedInApi("admin");
  const k = await admin.post("/api/v1/agents/crm-sync/keys", { data: { name: uniq("example-agent") } });
  expect(k.status()).toBe(201);
  const key = (await k.json()).key;

  let out = "";
  const agent = spawn(process.execPath, ["examples/crm-agent/run.mjs"], { env: { ...process.env, RA_URL: baseURL(), RA_KEY: key, RA_POLL_MS: "500" } });
  agent.stdout.on("data", (b) => (out += b));
  agent.stderr.on("data", (b) => (out += b));
  const exited = new Promise<number>((resolve) => agent.on("exit", (code) => resolve(code ?? 1)));

  await expect.poll(() => /approval: (apr_\w+)/.exec(out)?.[1] ?? null, { timeout: 30_000 }).not.toBeNull();
  const approvalId = /approval: (apr_\w+)/.exec(out)![1];
  expect(out).toMatch(/step 1 db\.read executed/);

  // a person with the approver role, who does not own crm-sync, approves it in the queue
  await signIn(page, "approver");
  await page.getByRole("link", { name: /Approvals/ }).click();
  const row = page.locator(`[data-approval-id="${approvalId}"][role="option"]`);
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  const detail = page.getByTestId("approval-detail");
  await expect(detail).toHaveAttribute("data-approval-id", approvalId);
  await expect(detail).toContainText("send_email");
  await expect(detail).toContainText("procurement@globex-partners.example");
  await expect(detail).toContainText("0.96");
  await page.getByTestId("decision-note").fill("Quote requested by the customer on the inbound thread");
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("decision-outcome")).toContainText(/approved/i);

  expect(await exited).toBe(0);
  expect(out).toMatch(/step 2 send_email executed/);
  expect(out).toMatch(/step 3 db\.write executed/);
  const trace = /TRACE (\S+)/.exec(out)![1];

  // the trace, in order: plan, stages, approval with the approver, executions, no unauthorized execution
  const events = await (await admin.get(`/api/v1/traces/${trace}/events?limit=1000`)).json();
  const types: string[] = events.events.map((e: { event: { type: string } }) => e.event.type);
  const order = ["plan.submitted", "risk.scored", "human_approval_required", "approval.requested", "tool.executed", "approval.granted", "capability.granted"];
  let at = -1;
  for (const t of order) {
    const i = types.indexOf(t, at + 1);
    expect(i, `${t} after position ${at} in ${types.join(", ")}`).toBeGreaterThan(at);
    at = i;
  }
  expect(types.filter((t) => t === "tool.executed")).toHaveLength(3);
  expect(types).not.toContain("governance.unauthorized_execution");
  const granted = events.events.find((e: { event: { type: string } }) => e.event.type === "approval.granted");
  expect(granted.event.approval.actor).toBe("approver@example.com");
  const risk = events.events.filter((e: { event: { type: string } }) => e.event.type === "risk.scored").map((e: { event: { risk: { step_risk: number } } }) => e.event.risk.step_risk);
  expect(risk.slice(0, 3)).toEqual([0.1, 0.96, 0.28]);

  // and the reviewer sees it on the trace page
  await page.goto(`/traces/${trace}?stage=approval`);
  await expect(page.getByTestId("trace-summary")).toContainText("CRM Sync");
  await expect(page.locator('[role="row"][data-seq]').filter({ hasText: "approval.granted" }).first()).toBeVisible();
});
