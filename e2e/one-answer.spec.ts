import { expect } from "@playwright/test";
import { signIn, signedInApi, test } from "./helpers";

// One answer per trace, in Chromium: the list badge, the header badge and the Replay diff agree for every named
// demo story and a sample of the others (the DB test lib/traces/one-answer.test.ts checks every trace through lib).

// the named stories; ordinary traces (their ids come from the seed's generator) are looked up by kind below
const NAMED = [
  "tr_crm_renewal_quote_worked_example", "tr_support_kb_injection", "tr_devops_secrets_exfiltration", "tr_orch_quarter_close",
  "tr_research_pricing_crawl_10k", "tr_crm_mass_mailing_budget", "tr_devops_restart_without_approval",
];
const SAMPLED = [{ q: "partner_import", n: 2 }, { q: "support", n: 1 }];

/** Verdicts of the diff each trace decision can stand beside (the rule of engine/replay/trace-outcome.ts). */
const FITS: Record<string, string[]> = {
  allow: ["matched", "enforced", "review", "violation"],
  block: ["blocked", "enforced", "review", "violation"],
  require_approval: ["review", "violation"],
  "": ["review", "violation"],
};

test("list badge, header badge and diff verdict agree for each demo story", async ({ page }) => {
  test.setTimeout(120_000);
  const api = await signedInApi("reviewer");
  await signIn(page, "reviewer");
  const STORIES = [...NAMED];
  const all: string[] = [];
  for (let cursor: string | null = null, pages = 0; pages < 20; pages++) {
    const list = await (await api.get(`/api/v1/traces?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json();
    all.push(...(list.traces as Array<{ id: string }>).map((t) => t.id));
    cursor = list.next_cursor;
    if (!cursor) break;
  }
  for (const { q, n } of SAMPLED) {
    const ids = all.filter((id) => id.includes(q) && !STORIES.includes(id)).sort().slice(0, n);
    expect(ids.length, `demo traces whose id has ${q}`).toBe(n);
    STORIES.push(...ids);
  }
  for (const id of STORIES) {
    const res = await api.get(`/api/v1/traces/${id}`);
    expect(res.status(), id).toBe(200);
    const t = await res.json();
    const diff = await (await api.get(`/api/v1/traces/${id}/diff`)).json();
    expect(diff.outcome.decision ?? null, `${id}: diff outcome vs rollup`).toBe(t.final_decision ?? null);

    // the list, filtered to the trace's agent so the row is on the first page
    await page.goto(`/traces?agent=${encodeURIComponent(t.agents[0])}`);
    const row = page.locator(`tr[data-trace-id="${id}"]`);
    await expect(row, id).toBeVisible();
    const listBadge = row.locator("[data-decision]").first();
    const listDecision = t.final_decision ? await listBadge.getAttribute("data-decision") : null;

    // the header
    await page.goto(`/traces/${id}`);
    const header = page.getByTestId("trace-header-decision");
    await expect(header, id).toBeVisible();
    const headerDecision = await header.getAttribute("data-decision");

    // the timeline's step headers read the engine's step outcomes
    const outcome = await (await api.get(`/api/v1/traces/${id}/outcome`)).json();
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

    expect({ id, list: listDecision ?? "", header: headerDecision }).toEqual({ id, list: t.final_decision ?? "", header: t.final_decision ?? "" });
    expect(verdictValue, `${id}: diff verdict`).toBe(diff.diff.verdict);
    expect(FITS[t.final_decision ?? ""], `${id}: ${t.final_decision} beside ${verdictValue}`).toContain(verdictValue);
  }
  await api.dispose();
});
