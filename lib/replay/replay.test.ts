process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import { DEMO_INJECTION_TRACE, DEMO_LONG_TRACE } from "@/lib/demo/demo-data";
import { seedDatabase } from "@/lib/demo/seed-database";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { compareTraces } from "./compare-traces";
import { getTraceDiff } from "./get-trace-diff";
import { CompareQuery, CompareResponse, TraceDiffResponse } from "./schemas";

assertTestDatabase();

describe("replay diff and compare over stored traces", () => {
  beforeAll(async () => {
    await resetDatabase();
    await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "correct horse battery", now: new Date("2026-11-21T12:00:00.000Z") });
  }, 120_000);

  it("diffs the injection trace: the forward is blocked and nothing critical happened", async () => {
    const res = TraceDiffResponse.parse(await getTraceDiff(DEMO_INJECTION_TRACE));
    expect(res.truncated).toBe(false);
    expect(res.diff.verdict).toBe("blocked");
    const forward = res.diff.plans.flatMap((p) => p.steps).find((s) => s.step.tool === "email.forward")!;
    expect(forward.result).toBe("blocked");
    expect(forward.outcome).toBe("not_executed");
  });

  it("diffs a live engine evaluation (plan.submitted, stage events, approval request) per step", async () => {
    const approval = await prisma.approval.findFirstOrThrow({ where: { status: "pending", agentId: "crm-sync" } });
    const res = TraceDiffResponse.parse(await getTraceDiff(approval.traceId));
    const [plan] = res.diff.plans;
    expect(plan.source).toBe("engine");
    expect(plan.evaluation_id).toBeTruthy();
    const gated = plan.steps.find((s) => s.step.index === approval.stepIndex)!;
    expect(gated.step.decision?.value).toBe("require_approval");
    expect(gated.step.approval?.id).toBe(approval.id);
    expect(gated.step.stages.map((s) => s.stage)).toEqual(["capability", "guard", "policy", "budget", "risk"]);
    expect(gated.result).toBe("review");
  });

  // the time it takes is printed by npm run bench:replay, not asserted here
  it("diffs the ~10,000-event trace in one read", async () => {
    const res = await getTraceDiff(DEMO_LONG_TRACE);
    const stored = await prisma.trace.findUniqueOrThrow({ where: { id: DEMO_LONG_TRACE }, select: { eventCount: true } });
    expect(stored.eventCount).toBeGreaterThan(9_000);
    expect(res!.diff.event_count).toBe(stored.eventCount);
    expect(res!.truncated).toBe(false);
    const capped = await getTraceDiff(DEMO_LONG_TRACE, 500);
    expect(capped).toMatchObject({ truncated: true, event_limit: 500 });
    expect(capped!.diff.event_count).toBe(500);
  });

  it("returns null for an unknown trace", async () => {
    expect(await getTraceDiff("tr_nope")).toBeNull();
  });

  it("compares two stored traces and names the unknown one", async () => {
    const benign = await prisma.trace.findFirstOrThrow({ where: { id: { startsWith: "tr_support_reply_timeout_" } }, select: { id: true } });
    const res = CompareResponse.parse(await compareTraces(DEMO_INJECTION_TRACE, benign.id));
    expect(res.comparison.a.trace_id).toBe(DEMO_INJECTION_TRACE);
    expect(res.comparison.pairs.some((p) => p.status === "only_a" && p.a?.tool === "email.forward")).toBe(true);
    await expect(compareTraces(DEMO_INJECTION_TRACE, "tr_nope")).rejects.toMatchObject({ code: "not_found", message: expect.stringMatching(/^b: /) });
    await expect(compareTraces("tr_nope", DEMO_INJECTION_TRACE)).rejects.toBeInstanceOf(ApiError);
  });

  it("the compare query names a missing parameter", () => {
    const r = CompareQuery.safeParse({ a: "x" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["b"]);
  });
});
