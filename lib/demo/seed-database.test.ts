process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { beforeAll, describe, expect, it } from "vitest";
import { firstBrokenLink, sha256Hex } from "@/engine/crypto/hash-chain";
import { verifyPassword } from "@/lib/auth/secrets";
import { prisma } from "@/lib/db";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { DEMO_CHILD_TRACES, DEMO_LONG_TRACE, DEMO_ORCHESTRATOR_TRACE, DEMO_WORKED_EXAMPLE_TRACE, demoData } from "./demo-data";
import { seedDatabase } from "./seed-database";
import { ensureDemoApproval } from "./ensure-demo-approval";

assertTestDatabase();

const NOW = new Date("2026-11-21T12:00:00.000Z");
const expected = demoData(NOW);

describe("seedDatabase", () => {
  let first: Awaited<ReturnType<typeof seedDatabase>>;
  beforeAll(async () => {
    await resetDatabase();
    const t = performance.now();
    first = await seedDatabase({ adminEmail: "Admin@Example.com", adminPassword: "correct horse battery", now: NOW });
    console.log(`seeded ${expected.events.length} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }, 60_000);

  it("creates the admin and one demo person per other role, all with the admin's password", async () => {
    expect(first.seeded).toBe(true);
    const users = await prisma.user.findMany({ select: { email: true, role: true, passwordHash: true }, orderBy: { email: "asc" } });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["admin@example.com", "admin"], ["approver@example.com", "approver"], ["reviewer@example.com", "reviewer"], ["viewer@example.com", "viewer"],
    ]);
    for (const u of users) expect(await verifyPassword("correct horse battery", u.passwordHash)).toBe(true);
  });

  it("stores every demo agent, trace and event, with gap-free chains", async () => {
    expect(await prisma.agent.count()).toBe(expected.agents.length);
    // created by the person (their email, as the API writes it), not a bare user id
    expect(new Set((await prisma.agent.findMany({ select: { createdBy: true } })).map((a) => a.createdBy))).toEqual(new Set(["admin@example.com"]));
    // plus one live evaluation of the worked example, waiting in the approval queue
    const live = await prisma.approval.findFirstOrThrow({ where: { status: "pending", agentId: "crm-sync" } });
    const liveEvents = await prisma.event.count({ where: { traceId: live.traceId } });
    expect(liveEvents).toBeGreaterThan(10);
    expect(await prisma.event.count()).toBe(expected.events.length + liveEvents);
    const traces = await prisma.trace.findMany({ select: { id: true, eventCount: true, headSeq: true } });
    expect(traces.length).toBe(new Set(expected.events.map((e) => e.trace_id)).size + 1);
    for (const t of traces) expect(t.headSeq).toBe(t.eventCount);
    const gaps = await prisma.$queryRaw<Array<{ trace_id: string }>>`
      SELECT trace_id FROM events GROUP BY trace_id HAVING min(seq) <> 1 OR max(seq) <> count(*) OR count(DISTINCT seq) <> count(*)`;
    expect(gaps).toEqual([]);
    expect(traces.find((t) => t.id === DEMO_LONG_TRACE)?.eventCount).toBe(10_000);
  });

  it("keeps the raw JSON verbatim and the worked example's chain verifiable, with its rollup", async () => {
    const rows = await prisma.event.findMany({
      where: { traceId: DEMO_WORKED_EXAMPLE_TRACE }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, body: true, raw: true },
    });
    const sent = expected.events.filter((e) => e.trace_id === DEMO_WORKED_EXAMPLE_TRACE);
    expect(rows.map((r) => r.raw)).toEqual(sent.map((e) => JSON.stringify(e)));
    expect(firstBrokenLink(rows.map((r) => ({ seq: r.seq, prev_hash: r.prevHash, hash: r.hash, event: r.body, raw_sha256: sha256Hex(r.raw) })))).toBeNull();
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: DEMO_WORKED_EXAMPLE_TRACE } });
    expect(t.finalDecision).toBe("require_approval");
    expect(t.maxRisk).toBe(1.34);
    const children = await prisma.trace.findMany({ where: { parentTraceId: DEMO_ORCHESTRATOR_TRACE }, select: { id: true }, orderBy: { id: "asc" } });
    expect(children.map((c) => c.id)).toEqual([...DEMO_CHILD_TRACES].sort());
  });

  it("leaves a database that has users alone", async () => {
    expect(await seedDatabase({ adminEmail: "someone@example.com", adminPassword: "another password" })).toEqual({ seeded: false });
    const before = await prisma.event.count();
    expect(await prisma.user.count()).toBe(4);
    expect(await seedDatabase({ adminEmail: "x@example.com", adminPassword: "another password" })).toEqual({ seeded: false });
    expect(await prisma.event.count()).toBe(before);
  });
});

describe("ensureDemoApproval", () => {
  it("opens a new demo request with a fresh expiry once the last one expired, leaving the old trace untouched", async () => {
    const first = await prisma.approval.findFirstOrThrow({ where: { status: "pending", agentId: "crm-sync" } });
    // a second start within the 15 minutes keeps the same request
    expect(await ensureDemoApproval()).toBe(first.id);
    expect(await prisma.approval.count({ where: { agentId: "crm-sync", status: "pending" } })).toBe(1);

    // later: the request is past its expiry
    await prisma.approval.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const oldEvents = await prisma.event.findMany({ where: { traceId: first.traceId }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
    const started = Date.now();
    const id = await ensureDemoApproval();
    expect(id).not.toBeNull();
    expect(id).not.toBe(first.id);
    const live = await prisma.approval.findUniqueOrThrow({ where: { id: id! } });
    expect(live.status).toBe("pending");
    expect(live.traceId).not.toBe(first.traceId);
    expect(live.expiresAt.getTime()).toBeGreaterThan(started + 10 * 60_000);
    expect((await prisma.approval.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("expired");
    // history is appended to, never rewritten: the old trace keeps every event and gains only the expiry transition
    const after = await prisma.event.findMany({ where: { traceId: first.traceId }, orderBy: { seq: "asc" }, select: { seq: true, hash: true, body: true } });
    expect(after.slice(0, oldEvents.length).map(({ seq, hash }) => ({ seq, hash }))).toEqual(oldEvents);
    expect(after.slice(oldEvents.length).map((e) => (e.body as { type: string }).type)).toEqual(["approval.expired"]);
  });
});
