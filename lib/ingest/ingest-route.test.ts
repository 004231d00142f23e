process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { issueApiKey } from "@/lib/agents/issue-api-key";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { POST as ingest } from "@/app/api/v1/events/route";
import { POST as evaluate } from "@/app/api/v1/evaluate/route";
import { getEvent } from "@/lib/events/get-event";

assertTestDatabase();

const admin = { id: "u_admin", email: "admin@example.com", name: "Admin" };
const noParams = { params: Promise.resolve({}) };

async function keyFor(agentId: string): Promise<string> {
  await prisma.agent.create({ data: { id: agentId, name: agentId, owner: "qa@example.com", environment: "test", trustLevel: "internal" } });
  return (await issueApiKey(admin, agentId, "test")).key;
}

function post(path: string, key: string, body: unknown) {
  return new NextRequest(new URL(path, "http://localhost"), {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body),
  });
}

function executed(agent: string, trace: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    id, trace_id: trace, timestamp: "2026-11-21T10:00:00.000Z", type: "tool.executed", stage: "execution",
    agent: { id: agent }, schema_version: "1.0", tool: "send_email", arguments: { to: "x@example.com" }, ...extra,
  };
}

type Body = { results: Array<{ status: string; error?: string }>; stored: number; conflicts: number; rejected: number };

describe("POST /api/v1/events", () => {
  beforeEach(resetDatabase);

  it("flags a tool.executed without a grant in the same trace", async () => {
    const key = await keyFor("agent-a");
    const res = await ingest(post("/api/v1/events", key, { events: [executed("agent-a", "tr-rogue", "run-1")] }), noParams);
    expect(res.status).toBe(207);
    expect(((await res.json()) as Body).results[0].status).toBe("stored");
    const flag = await prisma.event.findFirstOrThrow({ where: { traceId: "tr-rogue", type: "governance.unauthorized_execution" } });
    expect(flag.parentId).toBe("run-1");
    expect(flag.decision).toBe("block");
    expect((flag.body as { reasons: string[] }).reasons[0]).toMatch(/send_email ran without a capability token/);
  });

  it("stores neither the execution nor its flag when flagging fails", async () => {
    const key = await keyFor("agent-a");
    // a flag event that cannot be written (its trace row refuses updates) must take the execution down with it
    await prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_flag() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'governance.unauthorized_execution' THEN RAISE EXCEPTION 'flag refused'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_flag BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_flag()`);
    try {
      await expect(ingest(post("/api/v1/events", key, { events: [executed("agent-a", "tr-atomic", "run-1")] }), noParams)).resolves.toHaveProperty("status", 500);
      expect(await prisma.event.count({ where: { traceId: "tr-atomic" } })).toBe(0);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_flag ON events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_flag()`);
    }
  });

  it("rejects another agent's events and evaluation in a trace it did not open, and keeps its budget", async () => {
    const a = await keyFor("agent-a");
    const b = await keyFor("agent-b");
    await ingest(post("/api/v1/events", a, { events: [{ ...executed("agent-a", "tr-a", "a-1"), type: "plan.submitted", stage: "plan" }] }), noParams);
    const res = await ingest(post("/api/v1/events", b, { events: [executed("agent-b", "tr-a", "b-1")] }), noParams);
    const body = (await res.json()) as Body;
    expect(body.rejected).toBe(1);
    expect(body.results[0].error).toMatch(/^trace_id: trace tr-a belongs to agent "agent-a"/);
    expect((await prisma.trace.findUniqueOrThrow({ where: { id: "tr-a" } })).toolCalls).toBe(0);

    const ev = await evaluate(post("/api/v1/evaluate", b, { trace_id: "tr-a", plan: { steps: [{ tool: "send_email", arguments: {} }] } }), noParams);
    expect(ev.status).toBe(403);
    expect(((await ev.json()) as { error: { message: string } }).error.message).toMatch(/^trace_id: trace tr-a belongs to agent "agent-a"/);
  });

  it("answers a re-send with other content conflict and an identical one duplicate", async () => {
    const key = await keyFor("agent-a");
    const one = { ...executed("agent-a", "tr-k", "k-1"), type: "tool.result" };
    await ingest(post("/api/v1/events", key, { events: [one] }), noParams);
    const res = await ingest(post("/api/v1/events", key, { events: [{ ...one, arguments: { to: "y@example.com" } }, one] }), noParams);
    const body = (await res.json()) as Body;
    expect(body.results.map((r) => r.status)).toEqual(["conflict", "duplicate"]);
    expect(body.conflicts).toBe(1);
    expect(body.results[0].error).toMatch(/^arguments: differs/);
    expect(await prisma.event.count({ where: { traceId: "tr-k" } })).toBe(1);
  });

  it("keeps two agents' events with the same id, and reads each by id and trace", async () => {
    const a = await keyFor("agent-a");
    const b = await keyFor("agent-b");
    const same = (agent: string, trace: string) => ({ ...executed(agent, trace, "evt-123"), type: "tool.result" });
    await ingest(post("/api/v1/events", a, { events: [same("agent-a", "tr-a")] }), noParams);
    const res = await ingest(post("/api/v1/events", b, { events: [same("agent-b", "tr-b")] }), noParams);
    expect(((await res.json()) as Body).results[0].status).toBe("stored");
    await expect(getEvent("evt-123")).rejects.toThrow(/^trace_id: event id "evt-123" is used in several traces/);
    expect((await getEvent("evt-123", "tr-b"))?.trace_id).toBe("tr-b");
  });
});
