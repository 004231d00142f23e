process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { beforeAll, describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { prisma } from "@/lib/db";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { DEMO_BUDGET_TRACE, DEMO_CHILD_TRACES, DEMO_EXFILTRATION_TRACE, DEMO_INJECTION_TRACE, DEMO_LONG_TRACE, DEMO_ORCHESTRATOR_TRACE, DEMO_UNAUTHORIZED_TRACE, DEMO_WORKED_EXAMPLE_TRACE } from "./demo-data";
import { seedDatabase } from "./seed-database";

assertTestDatabase();
const NOW = new Date("2026-11-21T12:00:00.000Z");

type Body = { type: string; step?: number; decision?: string; reasons?: string[]; risk?: { r_total?: number }; policy?: { determining?: string[] }; payload?: Record<string, unknown> };
const bodies = async (trace: string) => (await prisma.event.findMany({ where: { traceId: trace }, orderBy: { seq: "asc" }, select: { body: true } })).map((r) => r.body as Body);
const stepEvent = (events: Body[], type: string, step: number) => events.find((e) => e.type === type && e.step === step);

describe("the demo seed, decided by the engine", () => {
  let played: string[] = [];
  beforeAll(async () => {
    await resetDatabase();
    const t = performance.now();
    const r = await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "correct horse battery", now: NOW });
    played = r.played!.map((p) => p.traceId);
    console.log(`seeded ${r.traces} traces, ${r.events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }, 180_000);

  it("the worked example asks for approval at step 2 (R_total over crm-sync's threshold), is approved by a non-owner and runs", async () => {
    const ev = await bodies(DEMO_WORKED_EXAMPLE_TRACE);
    const asked = stepEvent(ev, "human_approval_required", 2)!;
    expect(asked.decision).toBe("require_approval");
    expect(asked.risk?.r_total).toBeGreaterThan(1.2);
    const granted = ev.find((e) => e.type === "approval.granted")!;
    expect(granted).toBeDefined();
    expect(ev.filter((e) => e.type === "tool.executed").map((e) => e.step)).toEqual([1, 2, 3]);
    expect(ev.some((e) => e.type === "governance.unauthorized_execution")).toBe(false);
  });

  it("the injection is blocked at the guard stage; the steps the engine allowed still run", async () => {
    const ev = await bodies(DEMO_INJECTION_TRACE);
    expect(stepEvent(ev, "guard.scanned", 2)?.decision).toBe("block");
    expect(stepEvent(ev, "decision.made", 2)?.decision).toBe("block");
    expect(ev.filter((e) => e.type === "tool.executed").map((e) => e.step)).toEqual([1, 3]);
  });

  it("the exfiltration upload is blocked by policy; the mass mailing hits the budget stage with the bundle's limit", async () => {
    const ex = await bodies(DEMO_EXFILTRATION_TRACE);
    expect(stepEvent(ex, "policy.evaluated", 4)?.decision).toBe("block");
    const mail = await bodies(DEMO_BUDGET_TRACE);
    const over = mail.filter((e) => e.type === "budget.checked" && e.decision === "block");
    expect(over.length).toBeGreaterThan(0);
    expect(over[0].reasons?.[0]).toMatch(/max_write_operations 10/);
  });

  it("the crawl is about 10,000 events: its metadata fetch is blocked by forbid-link-local-and-metadata-addresses, the runaway batches by forbid-runaway-plan", async () => {
    const t = await prisma.trace.findUniqueOrThrow({ where: { id: DEMO_LONG_TRACE } });
    expect(t.eventCount).toBeGreaterThan(9_000);
    const blocked = await prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM events WHERE trace_id = ${DEMO_LONG_TRACE} AND body->>'type' = 'policy.evaluated' AND body->>'decision' = 'block'
        AND body->'policy'->'determining' ? 'forbid-link-local-and-metadata-addresses'`;
    expect(Number(blocked[0].n)).toBeGreaterThan(0);
    // the first batch runs (but the metadata fetch); every longer batch after it is refused whole as a runaway plan
    const ev = await bodies(DEMO_LONG_TRACE);
    expect(ev.filter((e) => e.type === "tool.executed").length).toBe(19);
    expect(ev.filter((e) => e.type === "evaluation.completed").length).toBe(33);
    const runaway = ev.filter((e) => e.type === "policy.evaluated" && e.decision === "block" && e.policy?.determining?.includes("forbid-runaway-plan"));
    expect(runaway.length).toBe(32 * 50);
  });

  it("the child traces link to the orchestrator; the legacy executor's unauthorised run is flagged and marked", async () => {
    for (const c of DEMO_CHILD_TRACES) expect((await bodies(c))[0]).toMatchObject({ type: "input.received" });
    expect((await prisma.event.findFirstOrThrow({ where: { traceId: DEMO_CHILD_TRACES[0] } })).body).toMatchObject({ parent_trace_id: DEMO_ORCHESTRATOR_TRACE });
    const ev = await bodies(DEMO_UNAUTHORIZED_TRACE);
    expect(stepEvent(ev, "human_approval_required", 2)).toBeDefined();
    expect(ev.some((e) => e.type === "governance.unauthorized_execution")).toBe(true);
    expect(ev.find((e) => e.type === "tool.executed" && e.step === 2)?.payload?.legacy_executor).toBeTruthy();
  });

  it("names only policy ids the default bundle contains", async () => {
    const cedar = defaultBundleFiles().filter((f) => f.name.endsWith(".cedar")).map((f) => f.text).join("\n");
    const ids = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT DISTINCT jsonb_array_elements_text(body->'policy'->'determining') AS id FROM events WHERE body->'policy'->'determining' IS NOT NULL`;
    expect(ids.length).toBeGreaterThan(0);
    for (const { id } of ids) expect(cedar, id).toContain(id);
  });

  // last: it seeds again (into the same state)
  it("is reproducible: a second seed at the same clock writes the same events, byte for byte (the same hash chains)", async () => {
    // the played scenarios; the one live approval request (ensure-demo-approval.ts) is asked at the wall clock on purpose
    const chains = async (traceIds: string[]) => new Map((await prisma.event.findMany({
      where: { traceId: { in: traceIds } }, select: { traceId: true, seq: true, hash: true, body: true }, orderBy: [{ traceId: "asc" }, { seq: "asc" }],
    })).map((e) => [`${e.traceId}#${e.seq}`, e]));
    const first = await chains(played);
    expect(first.size).toBeGreaterThan(10_000);
    await resetDatabase();
    const again = await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "another password entirely", now: NOW });
    expect(again.played!.map((p) => p.traceId)).toEqual(played);
    const second = await chains(played);
    const differing = [...first].filter(([k, e]) => second.get(k)?.hash !== e.hash).map(([k, e]) => ({ at: k, first: e.body, second: second.get(k)?.body ?? null }));
    expect(differing.slice(0, 1)).toEqual([]);
    expect(second.size).toBe(first.size);
  }, 240_000);
});
