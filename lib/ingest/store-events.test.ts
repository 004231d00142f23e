import { beforeEach, describe, expect, it } from "vitest";
import { firstBrokenLink } from "@/engine/crypto/hash-chain";
import type { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { storeEvents, type IncomingEvent } from "./store-events";

assertTestDatabase();

function ev(id: string, trace: string, extra: Partial<RuntimeEvent> = {}): IncomingEvent {
  const event: RuntimeEvent = {
    id, trace_id: trace, timestamp: "2026-11-21T10:00:00.000Z", type: "tool.executed", stage: "execution",
    agent: { id: "agent-a" }, schema_version: "1.0", ...extra,
  };
  return { event, raw: JSON.stringify(event), format: "native" };
}

async function chainOf(trace: string) {
  const rows = await prisma.event.findMany({ where: { traceId: trace }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, body: true, raw: true } });
  const { sha256Hex } = await import("@/engine/crypto/hash-chain");
  return rows.map((r) => ({ seq: r.seq, prev_hash: r.prevHash, hash: r.hash, event: r.body, raw_sha256: sha256Hex(r.raw) }));
}

describe("storeEvents", () => {
  beforeEach(resetDatabase);

  it("stores a batch, chains it and rolls the trace up", async () => {
    const res = await storeEvents([
      ev("e1", "t1", { type: "decision.made", stage: "decision", decision: "allow", tool: "db.read", reasons: ["allowed by policy p1"], provenance: [{ source_type: "retrieval_chunk", trust_level: "external" }], risk: { r_total: 0.4 } }),
      ev("e2", "t1", { type: "decision.made", stage: "decision", decision: "block", tool: "send_email", reasons: ["blocked: exfiltration"], risk: { r_total: 1.9 }, budget: { violations: ["max_cost"] } }),
    ]);
    expect(res.map((r) => [r.status, r.seq])).toEqual([["stored", 1], ["stored", 2]]);
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: "t1" } });
    expect(t.eventCount).toBe(2);
    expect(t.finalDecision).toBe("block");
    expect(t.finalReason).toBe("blocked: exfiltration");
    expect(t.maxRisk).toBe(1.9);
    expect(t.tools.sort()).toEqual(["db.read", "send_email"]);
    expect(t.trustLevels).toEqual(["external"]);
    expect(t.trustSummary).toEqual({ external: 1 });
    expect(t.budgetStatus).toBe("violated");
    expect(firstBrokenLink(await chainOf("t1"))).toBeNull();
  });

  it("keeps the rollup right across batches, a rolled-back batch and a reset database (the rollup's read cache)", async () => {
    const decision = (id: string, d: "allow" | "block", step: number) =>
      ev(id, "tc", { type: "decision.made", stage: "decision", decision: d, tool: "db.read", step, reasons: [`${d} ${id}`] });
    await storeEvents([decision("a1", "allow", 1)]);
    await storeEvents([decision("a2", "allow", 2)]);
    expect((await prisma.trace.findUniqueOrThrow({ where: { id: "tc" } })).finalDecision).toBe("allow");
    // a batch whose transaction fails after the rollup read it: nothing of it may count later
    await expect(storeEvents([decision("b3", "block", 3)], { afterStore: async () => { throw new Error("after-store failure"); } })).rejects.toThrow("after-store failure");
    await storeEvents([decision("a3", "allow", 3)]);
    let t = await prisma.trace.findUniqueOrThrow({ where: { id: "tc" } });
    expect([t.eventCount, t.finalDecision]).toEqual([3, "allow"]);
    // the same trace id in a fresh database, other events: the rollup reads what is there now
    await resetDatabase();
    await storeEvents([decision("c1", "block", 1)]);
    await storeEvents([decision("c2", "allow", 2)]);
    t = await prisma.trace.findUniqueOrThrow({ where: { id: "tc" } });
    expect([t.eventCount, t.finalDecision, t.finalReason]).toEqual([2, "block", "block c1"]);
  });

  it("treats a re-sent id as a duplicate and stores nothing new", async () => {
    await storeEvents([ev("e1", "t1")]);
    const again = await storeEvents([ev("e1", "t1"), ev("e1", "t1"), ev("e2", "t1")]);
    expect(again.map((r) => r.status)).toEqual(["duplicate", "duplicate", "stored"]);
    expect(await prisma.event.count()).toBe(2);
    expect((await prisma.trace.findUniqueOrThrow({ where: { id: "t1" } })).eventCount).toBe(2);
  });

  it("keeps exactly one copy when identical requests race", async () => {
    const batch = Array.from({ length: 50 }, (_, i) => ev(`race-${i}`, "t-race"));
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => storeEvents(batch)));
    const stored = outcomes.flat().filter((r) => r.status === "stored").length;
    expect(stored).toBe(50);
    expect(await prisma.event.count({ where: { traceId: "t-race" } })).toBe(50);
    expect(firstBrokenLink(await chainOf("t-race"))).toBeNull();
  });

  it("keeps a trace's chain gap-free when different batches for it arrive concurrently", async () => {
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 40 }, (_, i) => ev(`c-${b}-${i}`, i % 2 ? "t-a" : "t-b")));
    await Promise.all(batches.map((b) => storeEvents(b)));
    for (const t of ["t-a", "t-b"]) {
      const chain = await chainOf(t);
      expect(chain.map((l) => l.seq)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
      expect(firstBrokenLink(chain)).toBeNull();
      expect((await prisma.trace.findUniqueOrThrow({ where: { id: t } })).eventCount).toBe(160);
    }
  });

  it("counts executions and reported cost per trace and per agent-day, ignoring dry runs", async () => {
    await storeEvents([
      ev("u1", "t-u", { type: "tool.executed", tool: "send_email", cost: { usd: 0.25 } }),
      ev("u2", "t-u", { type: "tool.failed", tool: "send_email" }),
      ev("u3", "t-u", { type: "tool.executed", tool: "db.read", flags: ["dry_run"] }),
      ev("u4", "t-u", { type: "decision.made", tool: "db.read", cost: { usd: 0.5 } }),
    ]);
    await storeEvents([ev("u5", "t-u2", { type: "tool.executed", tool: "db.read" })]);
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: "t-u" } });
    expect(t.toolCalls).toBe(2);
    expect(t.toolCounts).toEqual({ send_email: 2 });
    expect(t.costUsd).toBe(0.75);
    const day = await prisma.agentUsage.findFirstOrThrow({ where: { agentId: "agent-a" } });
    expect(day.toolCalls).toBe(3);
    expect(day.toolCounts).toEqual({ send_email: 2, "db.read": 1 });
    expect(day.costUsd).toBe(0.75);
  });

  it("detects an event tampered with in the stored row", async () => {
    await storeEvents([ev("x1", "t-x"), ev("x2", "t-x"), ev("x3", "t-x")]);
    expect(firstBrokenLink(await chainOf("t-x"))).toBeNull();
    await prisma.$executeRaw`UPDATE events SET body = jsonb_set(body, '{type}', '"tool.failed"') WHERE trace_id = 't-x' AND id = 'x2'`;
    expect(firstBrokenLink(await chainOf("t-x"))).toBe(2);
  });

  it("lets only the agent that opened a trace add to it", async () => {
    await storeEvents([ev("o1", "t-own")]);
    const other = ev("o2", "t-own", { agent: { id: "agent-b" }, type: "tool.executed", tool: "send_email" });
    const res = await storeEvents([other, ev("o3", "t-own")]);
    expect(res.map((r) => r.status)).toEqual(["rejected", "stored"]);
    expect(res[0].error).toMatch(/^trace_id: trace t-own belongs to agent "agent-a"/);
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: "t-own" } });
    expect([t.ownerAgentId, t.agents, t.toolCalls, t.eventCount]).toEqual(["agent-a", ["agent-a"], 0, 2]) // agent-b's send_email is not counted against agent-a's run;
    expect(await prisma.agentUsage.count({ where: { agentId: "agent-b" } })).toBe(0);
  });

  it("gives a trace to exactly one of two agents racing to open it", async () => {
    const batch = (agent: string) => Array.from({ length: 20 }, (_, i) => ev(`r-${i}`, "t-contest", { agent: { id: agent } }));
    const [a, b] = await Promise.all([storeEvents(batch("agent-a")), storeEvents(batch("agent-b"))]);
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: "t-contest" } });
    const [won, lost] = t.ownerAgentId === "agent-a" ? [a, b] : [b, a];
    expect(won.every((r) => r.status === "stored")).toBe(true);
    expect(lost.every((r) => r.status === "rejected")).toBe(true);
    expect(t.agents).toEqual([t.ownerAgentId]);
    expect(await prisma.event.count({ where: { traceId: "t-contest" } })).toBe(20);
  });

  it("keeps agents' event ids apart: the same id in another agent's trace is stored, not a duplicate", async () => {
    await storeEvents([ev("evt-123", "t-of-a")]);
    const res = await storeEvents([ev("evt-123", "t-of-b", { agent: { id: "agent-b" } })]);
    expect(res[0].status).toBe("stored");
    expect(await prisma.event.count({ where: { id: "evt-123" } })).toBe(2);
  });

  it("answers a re-send with other content conflict, naming the field, and stores nothing", async () => {
    await storeEvents([ev("k1", "t-k", { tool: "db.read" })]);
    const res = await storeEvents([ev("k1", "t-k", { tool: "send_email" }), ev("k2", "t-k"), ev("k2", "t-k", { stage: "decision" })]);
    expect(res.map((r) => r.status)).toEqual(["conflict", "stored", "conflict"]);
    expect(res[0].error).toMatch(/^tool: differs from the event k1 already stored at seq 1/);
    expect(res[2].error).toMatch(/^stage: differs from the event k2 already earlier in this request/);
    const reordered = { raw: '{ "schema_version":"1.0", "id":"k1" }', format: "native" as const, event: { ...ev("k1", "t-k", { tool: "db.read" }).event } };
    expect((await storeEvents([reordered]))[0].status).toBe("duplicate");
    expect(await prisma.event.count({ where: { traceId: "t-k" } })).toBe(2);
  });

  it("keeps the day's ops trace for human actions", async () => {
    const res = await storeEvents([ev("h1", "ops-2026-11-21")]);
    expect(res[0]).toMatchObject({ status: "rejected", error: expect.stringMatching(/^trace_id: ops-2026-11-21 is the server's trace of human actions/) });
  });
});
