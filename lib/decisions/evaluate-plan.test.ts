import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { storeEvents } from "@/lib/ingest/store-events";
import { seedDefaultPolicies } from "@/lib/demo/seed-policies";
import { decideApproval, listApprovals, pollApprovalAsAgent } from "@/lib/approvals/approvals";
import { verifyToken } from "@/lib/tokens/verify-token";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { getTrace } from "@/lib/traces/get-trace";
import { evaluatePlan } from "./evaluate-plan";
import type { EvaluateBody } from "./schemas";
import { recordExecutions } from "./record-executions";
import type { RuntimeEvent } from "@/engine/events/schema";

assertTestDatabase();
process.env.SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");

const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const external = { source_type: "retrieval_chunk", trust_level: "external", source_name: "thread", content: "Please send the quote." };
const WORKED: EvaluateBody["plan"] = {
  intent: "renewal quote",
  steps: [
    { tool: "db.read", arguments: { customer_id: "C-1" }, provenance: [internal] },
    { tool: "send_email", arguments: { to: "procurement@globex-partners.example", subject: "Quote" }, provenance: [internal, external] },
    { tool: "db.write", arguments: { customer_id: "C-1", stage: "quote_sent" }, provenance: [internal] },
  ],
};
const approver = { id: "usr_appr", email: "approver@example.com", name: "Alex Approver", role: "approver" as const };

async function counts() {
  return { events: await prisma.event.count(), approvals: await prisma.approval.count(), tokens: await prisma.capabilityToken.count() };
}

function executed(trace: string, tool: string, jti: string | null, args: unknown, n: number): RuntimeEvent {
  return { id: `exec-${trace}-${n}`, trace_id: trace, timestamp: new Date().toISOString(), type: "tool.executed", stage: "execution", agent: { id: "crm-sync" }, schema_version: "1.0", tool, arguments: args as never, ...(jti ? { token_jti: jti } : {}) };
}

describe("evaluatePlan against the database", () => {
  beforeEach(async () => {
    await resetDatabase();
    await prisma.agent.create({ data: { id: "crm-sync", name: "CRM Sync", owner: "Revenue Operations", environment: "production", trustLevel: "internal" } });
    await seedDefaultPolicies(["production"], "test");
  });

  it("runs the worked example end to end: grant, approval, token on poll, executions counted", async () => {
    const r = await evaluatePlan("crm-sync", { plan: WORKED }, "evaluate");
    expect(r.decision).toBe("require_approval");
    expect(r.r_total).toBe(1.34);
    expect(r.steps.map((s) => s.decision)).toEqual(["allow", "require_approval", "pending"]);
    expect(r.steps[0].token).not.toBeNull();
    expect(r.steps[1].approval?.status).toBe("pending");

    // the approval is bound to the exact step; the executor verifies and consumes step 1's token
    const v = await verifyToken({ token: r.steps[0].token!.token, agent: "crm-sync", tool: "db.read", arguments: { customer_id: "C-1" }, consume: true });
    expect(v.valid).toBe(true);
    await storeEvents([{ event: executed(r.trace_id, "db.read", r.steps[0].token!.jti, { customer_id: "C-1" }, 1), raw: "{}", format: "native" }], { afterStore: recordExecutions });
    expect(await prisma.event.count({ where: { traceId: r.trace_id, type: "governance.unauthorized_execution" } })).toBe(0);
    expect((await prisma.capabilityToken.findUniqueOrThrow({ where: { jti: r.steps[0].token!.jti } })).executedAt).not.toBeNull();

    const decided = await decideApproval(r.approval!.id, "approved", approver, "customer asked for it");
    expect(decided.status).toBe("approved");
    const polled = await pollApprovalAsAgent(r.approval!.id, "crm-sync");
    // the delivered token is step 2's: it verifies for send_email with exactly the approved arguments
    expect(polled.token?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await verifyToken({ token: polled.token!.token, agent: "crm-sync", tool: "send_email", arguments: WORKED.steps[1].arguments, consume: false })).toMatchObject({ valid: true });
    expect((await pollApprovalAsAgent(r.approval!.id, "crm-sync")).token).toBeUndefined(); // single delivery

    // step 3 within the approved projection: no second approval
    const r3 = await evaluatePlan("crm-sync", { trace_id: r.trace_id, plan: { steps: [{ index: 3, ...WORKED.steps[2] }] } }, "evaluate");
    expect(r3.decision).toBe("allow");
    expect(r3.steps[0].token).not.toBeNull();

    // the trace page shows the thresholds the engine applied (crm-sync's 1.2 / 2.0) and the provenance it judged
    const detail = await getTrace(r.trace_id);
    expect(detail?.thresholds).toEqual({ approval: 1.2, halt: 2 });
    expect(detail?.trust_levels.sort()).toEqual(["external", "internal"]);

    const types = (await prisma.event.findMany({ where: { traceId: r.trace_id }, orderBy: { seq: "asc" }, select: { type: true } })).map((e) => e.type);
    for (const t of ["plan.submitted", "capability.checked", "guard.scanned", "policy.evaluated", "budget.checked", "risk.scored", "human_approval_required", "approval.requested", "approval.granted", "capability.granted", "evaluation.completed"]) {
      expect(types).toContain(t);
    }
  });

  it("explain writes exactly one event marked explain and grants nothing", async () => {
    const before = await counts();
    const r = await evaluatePlan("crm-sync", { plan: WORKED }, "explain");
    expect(r.mode).toBe("explain");
    expect(r.steps.every((s) => s.token === null && s.approval === null)).toBe(true);
    const after = await counts();
    expect(after).toEqual({ ...before, events: before.events + 1 });
    const ev = await prisma.event.findFirstOrThrow({ where: { traceId: r.trace_id } });
    expect(ev.flags).toEqual(["explain"]);
    expect(ev.decision).toBe("explain");
  });

  it("dry run writes its events marked dry_run and grants nothing", async () => {
    const before = await counts();
    const r = await evaluatePlan("crm-sync", { plan: WORKED }, "dry_run");
    expect(r.decision).toBe("require_approval");
    const after = await counts();
    expect(after.approvals).toBe(before.approvals);
    expect(after.tokens).toBe(before.tokens);
    const flags = await prisma.event.findMany({ where: { traceId: r.trace_id }, select: { flags: true } });
    expect(flags.length).toBeGreaterThan(5);
    expect(flags.every((f) => f.flags.includes("dry_run"))).toBe(true);
    const trace = await prisma.trace.findUniqueOrThrow({ where: { id: r.trace_id } });
    expect(trace.finalDecision).toBeNull(); // a dry run decides nothing on the record
  });

  it("counts budgets from stored executions: a caller claiming zero usage is still stopped", async () => {
    await prisma.agent.create({ data: { id: "support-triage", name: "Support", owner: "CSE", environment: "production", trustLevel: "internal" } });
    const trace = "tr_budget";
    const runs: RuntimeEvent[] = Array.from({ length: 40 }, (_, n) => ({ ...executed(trace, "zendesk.get_ticket", null, { ticket_id: n }, n), agent: { id: "support-triage" } }));
    await storeEvents(runs.map((event) => ({ event, raw: JSON.stringify(event), format: "native" as const })));
    const r = await evaluatePlan("support-triage", {
      trace_id: trace, context: { tool_calls_used: 0, budget_remaining: 40 },
      plan: { steps: [{ tool: "zendesk.get_ticket", arguments: { ticket_id: 99 }, provenance: [internal] }] },
    } as never, "evaluate");
    expect(r.decision).toBe("block");
    expect(r.steps[0].reasons[0]).toMatch(/max_tool_calls 40 per run reached/);
  });

  it("flags an execution that no grant covers", async () => {
    const ev = executed("tr_rogue", "send_email", null, { to: "x@evil.example" }, 1);
    await storeEvents([{ event: ev, raw: JSON.stringify(ev), format: "native" }], { afterStore: recordExecutions });
    const flagged = await prisma.event.findFirstOrThrow({ where: { traceId: "tr_rogue", type: "governance.unauthorized_execution" } });
    expect(flagged.decision).toBe("block");
  });

  it("lets exactly one of a racing approve and deny win", async () => {
    const r = await evaluatePlan("crm-sync", { plan: WORKED }, "evaluate");
    const id = r.approval!.id;
    const results = await Promise.allSettled([
      decideApproval(id, "approved", approver, "ok"),
      decideApproval(id, "denied", { ...approver, id: "usr_2", email: "admin@example.com", name: "Admin", role: "admin" }, "no"),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((x) => x.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason.message)).toMatch(/already (approved|denied)/);
  });

  it("pages the approval queue newest first without gaps or repeats, and expires what ran out", async () => {
    for (let i = 0; i < 5; i++) await evaluatePlan("crm-sync", { plan: WORKED }, "evaluate");
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listApprovals({ status: "pending", limit: 2, cursor });
      seen.push(...page.approvals.map((a) => a.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    await prisma.approval.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await listApprovals({ status: "pending", limit: 50 });
    expect(after.pending_count).toBe(0);
    expect((await listApprovals({ status: "expired", limit: 50 })).approvals).toHaveLength(5);
    expect(await prisma.event.count({ where: { type: "approval.expired" } })).toBe(5);
  });

  it("refuses the agent's owner as approver", async () => {
    const r = await evaluatePlan("crm-sync", { plan: WORKED }, "evaluate");
    await expect(decideApproval(r.approval!.id, "approved", { ...approver, name: "Revenue Operations" }, "")).rejects.toThrow(/you own agent crm-sync/);
  });
});
