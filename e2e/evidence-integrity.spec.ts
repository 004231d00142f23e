import { expect, test } from "@playwright/test";
import { agentApi, event, newAgentWithKey, signedInApi, uniq } from "./helpers";

type Result = { status: string; error?: string };
type EventRow = { event: { type: string; parent_id?: string | null; decision?: string | null } };

test.describe("evidence integrity for agents", () => {
  test("a tool.executed without a grant is flagged in its trace", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    const trace = uniq("tr-rogue");
    const run = { ...event(id, trace, 0), type: "tool.executed", tool: "send_email", arguments: { to: "x@example.com" } };
    const res = await api.post("/api/v1/events", { data: { events: [run] } });
    expect(res.status()).toBe(207);
    expect((await res.json()).results[0].status).toBe("stored");
    const page = await (await admin.get(`/api/v1/traces/${trace}/events?limit=1000`)).json();
    const flag = (page.events as EventRow[]).find((e) => e.event.type === "governance.unauthorized_execution");
    expect(flag, JSON.stringify(page.events)).toBeDefined();
    expect(flag!.event).toMatchObject({ parent_id: run.id, decision: "block" });
  });

  test("another agent cannot write to, or evaluate in, a trace it did not open", async () => {
    const admin = await signedInApi("admin");
    const a = await newAgentWithKey(admin);
    const b = await newAgentWithKey(admin);
    const trace = uniq("tr-owned");
    await (await agentApi(a.key)).post("/api/v1/events", { data: { events: [event(a.id, trace, 0)] } });
    const intruder = await agentApi(b.key);
    const res = await intruder.post("/api/v1/events", { data: { events: [event(b.id, trace, 1)] } });
    const body = await res.json();
    expect(body.rejected).toBe(1);
    expect((body.results[0] as Result).error).toContain(`trace ${trace} belongs to agent "${a.id}"`);
    const ev = await intruder.post("/api/v1/evaluate", { data: { trace_id: trace, plan: { steps: [{ tool: "crm.lookup", arguments: {} }] } } });
    expect(ev.status()).toBe(403);
    expect((await ev.json()).error.message).toContain(`belongs to agent "${a.id}"`);
    const detail = await (await admin.get(`/api/v1/traces/${trace}`)).json();
    expect(detail.event_count).toBe(1);
  });

  test("event ids are per trace, and a changed re-send is a conflict naming the field", async () => {
    const admin = await signedInApi("admin");
    const a = await newAgentWithKey(admin);
    const b = await newAgentWithKey(admin);
    const shared = uniq("evt");
    const first = { ...event(a.id, uniq("tr-a"), 0), id: shared };
    const second = { ...event(b.id, uniq("tr-b"), 0), id: shared };
    expect((await (await (await agentApi(a.key)).post("/api/v1/events", { data: { events: [first] } })).json()).results[0].status).toBe("stored");
    expect((await (await (await agentApi(b.key)).post("/api/v1/events", { data: { events: [second] } })).json()).results[0].status).toBe("stored");

    const resend = await (await agentApi(a.key)).post("/api/v1/events", { data: { events: [{ ...first, tool: "crm.update" }, first] } });
    const body = await resend.json();
    expect(body.results.map((r: Result) => r.status)).toEqual(["conflict", "duplicate"]);
    expect(body.conflicts).toBe(1);
    expect((body.results[0] as Result).error).toMatch(/^tool: differs/);
  });
});
