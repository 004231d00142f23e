import { expect } from "@playwright/test";
import { signIn, signedInApi, test } from "./helpers";

// One answer per trace, in Chromium: for every demo trace, the list badge, the header badge and the Replay diff's
// verdict agree with each other and with the API (the DB test lib/traces/one-answer.test.ts checks the same traces
// through lib, with the graph, the Plan tab model and the report besides).

const DEMO_AGENTS = ["support-triage", "crm-sync", "finance-ops", "research-assistant", "devops-runner", "ops-orchestrator"];
// the named stories must be among them
const NAMED = [
  "tr_crm_renewal_quote_worked_example", "tr_support_kb_injection", "tr_devops_secrets_exfiltration", "tr_orch_quarter_close",
  "tr_research_pricing_crawl_10k", "tr_crm_mass_mailing_budget", "tr_devops_restart_without_approval",
];

/** Verdicts of the diff each trace decision can stand beside (the rule of engine/replay/trace-outcome.ts). */
const FITS: Record<string, string[]> = {
  allow: ["matched", "enforced", "review", "violation"],
  block: ["blocked", "enforced", "review", "violation"],
  require_approval: ["review", "violation"],
  pending: ["review", "violation"],
  "": ["review", "violation"],
};

test("list badge, header badge and diff verdict agree for every demo trace", async ({ page }) => {
  test.setTimeout(420_000);
  const api = await signedInApi("reviewer");
  await signIn(page, "reviewer");
  type Summary = { id: string; agents: string[]; final_decision: string | null };
  const all: Summary[] = [];
  for (let cursor: string | null = null, pages = 0; pages < 20; pages++) {
    const list = await (await api.get(`/api/v1/traces?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json();
    all.push(...(list.traces as Summary[]));
    cursor = list.next_cursor;
    if (!cursor) break;
  }
  // the demo: every trace of the demo agents (lib/demo/demo-data.ts), not the ops trace of human actions, nor what
  // earlier specs sent with agents of their own
  const demo = all.filter((t) => !t.id.startsWith("ops-") && DEMO_AGENTS.includes(t.agents[0]));
  for (const id of NAMED) expect(demo.map((t) => t.id), id).toContain(id);
  expect(demo.length).toBeGreaterThanOrEqual(45);

  // the list: one page per agent (each agent's demo traces fit on its first page), every row's badge
  const listed = new Map<string, string>();
  for (const agent of [...new Set(demo.map((t) => t.agents[0]))].sort()) {
    await page.goto(`/traces?agent=${encodeURIComponent(agent)}`);
    await expect(page.locator("tr[data-trace-id]").first(), agent).toBeVisible({ timeout: 30_000 });
    for (const row of await page.locator("tr[data-trace-id]").all()) {
      const id = (await row.getAttribute("data-trace-id"))!;
      listed.set(id, (await row.locator("[data-decision]").first().getAttribute("data-decision")) ?? "");
    }
  }

  for (const t of demo) {
    const id = t.id;
    const diff = await (await api.get(`/api/v1/traces/${encodeURIComponent(id)}/diff`)).json();
    expect(diff.outcome.decision ?? null, `${id}: diff outcome vs rollup`).toBe(t.final_decision ?? null);
    expect(listed.has(id), `${id} is on its agent's list page`).toBe(true);

    // the header
    await page.goto(`/traces/${encodeURIComponent(id)}`);
    const header = page.getByTestId("trace-header-decision");
    await expect(header, id).toBeVisible();
    const headerDecision = await header.getAttribute("data-decision");

    // the timeline's step headers read the engine's step outcomes
    const outcome = await (await api.get(`/api/v1/traces/${encodeURIComponent(id)}/outcome`)).json();
    expect(outcome.outcome.decision ?? null, `${id}: outcome route`).toBe(t.final_decision ?? null);
    if (outcome.steps.length) {
      const stepHeader = page.getByTestId("step-outcome").first();
      await expect(stepHeader, id).toBeVisible({ timeout: 30_000 });
      const labels: string[] = outcome.steps.map((x: { label: string }) => x.label);
      const text = (await stepHeader.textContent()) ?? "";
      expect(labels.some((l) => text.includes(l)), `${id}: step header "${text}" is one of the engine's labels`).toBe(true);
    }

    // the Replay diff's verdict
    await page.getByRole("tab", { name: /Replay/ }).click();
    const verdict = page.getByRole("region", { name: "Trace governance verdict" }).locator("[data-result]").first();
    await expect(verdict, id).toBeVisible({ timeout: 30_000 });
    const verdictValue = await verdict.getAttribute("data-result");

    // the badge draws "no decision" as data-decision="none"; the header leaves the attribute empty
    const list = listed.get(id) === "none" ? "" : listed.get(id) ?? "";
    expect({ id, list, header: headerDecision }).toEqual({ id, list: t.final_decision ?? "", header: t.final_decision ?? "" });
    expect(verdictValue, `${id}: diff verdict`).toBe(diff.diff.verdict);
    expect(FITS[t.final_decision ?? ""], `${id}: ${t.final_decision} beside ${verdictValue}`).toContain(verdictValue);
  }
  await api.dispose();
});
