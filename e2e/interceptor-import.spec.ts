import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { agentApi, newAgentWithKey, signedInApi, uniq } from "./helpers";

const ndjson = { "content-type": "application/x-ndjson" };
type Result = { line: number; status: string; trace_id?: string; error?: string };
type Step = { result: string; step: { decision: { value: string } | null; approval: { status: string; actor: string | null; decided_at: string | null } | null } };

/** The fixtures with this run's own trace, event and approval ids, so every run imports new events. */
function fixture(name: string, suffix: string): string {
  return readFileSync(`engine/events/fixtures/${name}`, "utf8")
    .replaceAll(/"(trace_id|event_id|approval_id)": "([^"]+)"/g, (_m, k, v) => `"${k}": "${v}-${suffix}"`)
    .replaceAll(/"(legacy allowed)"/g, `"$1 ${suffix}"`);
}

test("imports an interceptor audit log and its approval store: blocks agree with the list, approvals show who and when", async () => {
  const admin = await signedInApi("admin");
  const { id, key } = await newAgentWithKey(admin);
  const api = await agentApi(key);
  const suffix = uniq("r").toLowerCase();

  const audit = await api.post("/api/v1/events?format=interceptor", { headers: ndjson, data: Buffer.from(fixture("interceptor-defects.jsonl", suffix)) });
  expect(audit.status()).toBe(207);
  expect((await audit.json()).stored).toBe(20);

  const res = await api.post("/api/v1/events?format=interceptor-approvals", { headers: ndjson, data: Buffer.from(fixture("interceptor-approvals.jsonl", suffix)) });
  expect(res.status()).toBe(207);
  const body = (await res.json()) as { stored: number; invalid: number; results: Result[] };
  expect([body.stored, body.invalid]).toEqual([4, 2]);
  expect(body.results[4].error).toMatch(/^line 5: a sink-failure record of the reference/);
  expect(body.results[5].error).toMatch(/^line 6: approval_id: no imported audit event of agent/);

  const diff = async (trace: string) => (await (await admin.get(`/api/v1/traces/${trace}/diff`)).json()) as { diff: { verdict: string; plans: Array<{ steps: Step[] }> } };
  const approved = await diff(`a9900000000000000000000000000003-${suffix}`);
  expect(approved.diff.plans[0].steps[0].step.approval).toMatchObject({ status: "approved", actor: "alice@example.com", decided_at: "2026-05-20T08:09:12.000000+00:00" });
  const rejected = await diff(`a9900000000000000000000000000004-${suffix}`);
  expect(rejected.diff.plans[0].steps[0].step.approval).toMatchObject({ status: "denied", actor: "bob@example.com" });

  const list = (await (await admin.get(`/api/v1/traces?agent=${id}&limit=50`)).json()) as { traces: Array<{ id: string; final_decision: string | null }> };
  for (const t of [`ca9a0000000000000000000000000001-${suffix}`, `3c9d0000000000000000000000000002-${suffix}`]) {
    expect(list.traces.find((x) => x.id === t)?.final_decision).toBe("block");
    expect((await diff(t)).diff.verdict).toBe("blocked");
  }
  expect(list.traces.map((t) => t.id)).toContain(`icp-untraced-${id}`);

  // re-sending stores nothing; an unknown format is a 422 naming the field
  expect((await (await api.post("/api/v1/events?format=interceptor-approvals", { headers: ndjson, data: Buffer.from(fixture("interceptor-approvals.jsonl", suffix)) })).json()).duplicates).toBe(4);
  const bad = await api.post("/api/v1/events?format=approvals", { headers: ndjson, data: Buffer.from("{}") });
  expect(bad.status()).toBe(422);
  expect(JSON.stringify(await bad.json())).toMatch(/format/);
});
