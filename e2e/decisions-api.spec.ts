import { expect, request, test } from "@playwright/test";
import { agentApi, baseURL, PASSWORD, signedInApi, uniq } from "./helpers";

const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const inbound = { source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound", content: "Could you send the renewal quote? Thanks" };
const PLAN = {
  intent: "renewal quote",
  steps: [
    { tool: "db.read", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [internal] },
    { tool: "send_email", arguments: { to: "procurement@globex-partners.example", subject: "Quote" }, provenance: [internal, inbound] },
    { tool: "db.write", arguments: { table: "contacts", customer_id: "CUST-20417", set: { stage: "sent" } }, provenance: [internal] },
  ],
};

async function crmSyncKey(): Promise<string> {
  const admin = await signedInApi("admin");
  const k = await admin.post("/api/v1/agents/crm-sync/keys", { data: { name: uniq("e2e") } });
  expect(k.status(), await k.text()).toBe(201);
  return (await k.json()).key;
}

test("the worked example over HTTP: decisions, R_total 1.34, token, approval, token on poll", async () => {
  const agent = await agentApi(await crmSyncKey());
  const res = await agent.post("/api/v1/evaluate", { data: { plan: PLAN } });
  expect(res.status(), await res.text()).toBe(200);
  const d = await res.json();
  expect(d.r_total).toBe(1.34);
  expect(d.steps.map((s: { decision: string }) => s.decision)).toEqual(["allow", "require_approval", "pending"]);
  expect(d.approval.status).toBe("pending");

  // the executor's verification: exact tool and arguments, single use
  const token = d.steps[0].token.token;
  const wrongTool = await (await agent.post("/api/v1/tokens/verify", { data: { token, agent: "crm-sync", tool: "db.write", arguments: PLAN.steps[0].arguments } })).json();
  expect(wrongTool).toMatchObject({ valid: false, code: "tool_mismatch" });
  const ok = await (await agent.post("/api/v1/tokens/verify", { data: { token, agent: "crm-sync", tool: "db.read", arguments: PLAN.steps[0].arguments, consume: true } })).json();
  expect(ok.valid).toBe(true);
  const replay = await (await agent.post("/api/v1/tokens/verify", { data: { token, agent: "crm-sync", tool: "db.read", arguments: PLAN.steps[0].arguments, consume: true } })).json();
  expect(replay).toMatchObject({ valid: false, code: "replayed" });

  // an agent cannot approve; an approver can; the agent's next poll carries the token once
  expect((await agent.post(`/api/v1/approvals/${d.approval.id}/approve`, { data: {} })).status()).toBe(403);
  const approver = await signedInApi("approver");
  const decided = await approver.post(`/api/v1/approvals/${d.approval.id}/approve`, { data: { note: "customer asked for it" } });
  expect(decided.status(), await decided.text()).toBe(200);
  const polled = await (await agent.get(`/api/v1/approvals/${d.approval.id}`)).json();
  expect(polled.status).toBe("approved");
  expect(polled.token.token).toMatch(/^ey/);
  expect((await (await agent.get(`/api/v1/approvals/${d.approval.id}`)).json()).token).toBeUndefined();

  const jwks = await (await agent.get("/api/v1/.well-known/jwks.json")).json();
  expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519" });
  expect(jwks.keys[0].d).toBeUndefined();
});

test("an agent can follow its approval as server-sent events", async () => {
  const key = await crmSyncKey();
  const agent = await agentApi(key);
  const d = await (await agent.post("/api/v1/evaluate", { data: { plan: PLAN } })).json();
  const approver = await signedInApi("approver");
  const res = await fetch(`${baseURL()}/api/v1/approvals/${d.approval.id}`, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" } });
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  // wait for the stream's first event (the request is pending) before deciding, instead of guessing a delay
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const readUntil = async (done: (t: string) => boolean) => {
    while (!done(text)) {
      const chunk = await reader.read();
      if (chunk.done) return;
      text += decoder.decode(chunk.value, { stream: true });
    }
  };
  const parse = () => text.split("\n\n").filter((c) => c.includes("data: ")).map((chunk) => JSON.parse(chunk.split("\n").find((l) => l.startsWith("data: "))!.slice(6)));
  await readUntil((t) => t.includes("\n\n"));
  expect(parse()[0].status).toBe("pending");
  expect((await approver.post(`/api/v1/approvals/${d.approval.id}/deny`, { data: { note: "not this customer" } })).status()).toBe(200);
  await readUntil(() => false); // the stream closes once the approval is settled
  const events = parse();
  expect(events[0].status).toBe("pending");
  expect(events.at(-1)).toMatchObject({ status: "denied", note: "not this customer" });
});

test("explain returns the full path and writes one event marked explain", async () => {
  const agent = await agentApi(await crmSyncKey());
  const trace = uniq("tr-explain");
  const res = await agent.post("/api/v1/explain", { data: { trace_id: trace, plan: PLAN } });
  const d = await res.json();
  expect(d.mode).toBe("explain");
  expect(d.reason_chain.length).toBeGreaterThan(3);
  expect(d.steps.every((s: { token: unknown; approval: unknown }) => s.token === null && s.approval === null)).toBe(true);
  const admin = await signedInApi("admin");
  const events = await (await admin.get(`/api/v1/traces/${trace}/events`)).json();
  expect(events.events).toHaveLength(1);
  expect(events.events[0].flags).toEqual(["explain"]);
});

test("approve and deny racing on two app servers: exactly one outcome", async () => {
  const key = await crmSyncKey();
  const agent = await agentApi(key);
  const port = Number(new URL(baseURL()).port);
  const signIn = async (url: string, email: string) => {
    const ctx = await request.newContext({ baseURL: url });
    expect((await ctx.post("/api/v1/auth/session", { data: { email, password: PASSWORD } })).status()).toBe(200);
    return ctx;
  };
  const onA = await signIn(`http://127.0.0.1:${port}`, "approver@example.com");
  const onB = await signIn(`http://127.0.0.1:${port + 1}`, "admin@example.com");
  for (let round = 0; round < 5; round++) {
    const d = await (await agent.post("/api/v1/evaluate", { data: { plan: PLAN } })).json();
    const id = d.approval.id;
    const [a, b] = await Promise.all([
      onA.post(`/api/v1/approvals/${id}/approve`, { data: { note: "A" } }),
      onB.post(`/api/v1/approvals/${id}/deny`, { data: { note: "B" } }),
    ]);
    const statuses = [a.status(), b.status()].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status() === 200 ? "approved" : "denied";
    const final = await (await onA.get(`/api/v1/approvals/${id}`)).json();
    expect(final.status).toBe(winner);
    const admin = await signedInApi("admin");
    const events = await (await admin.get(`/api/v1/traces/${d.trace_id}/events?limit=1000`)).json();
    const transitions = events.events.filter((e: { event: { type: string } }) => ["approval.granted", "approval.denied"].includes(e.event.type));
    expect(transitions).toHaveLength(1);
  }
});
