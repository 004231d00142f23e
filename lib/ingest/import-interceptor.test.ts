import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parseInterceptorJsonl } from "@/engine/events/interceptor";
import type { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { getTraceDiff } from "@/lib/replay/get-trace-diff";
import { listTraces } from "@/lib/traces/list-traces";
import { TraceListQuery } from "@/lib/traces/schemas";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { importInterceptorApprovals } from "./import-approvals";
import { parseBatch } from "./parse-batch";
import { storeEvents } from "./store-events";

assertTestDatabase();

const FIXTURES = path.join(import.meta.dirname, "../../engine/events/fixtures");
const AUDIT = readFileSync(path.join(FIXTURES, "interceptor-defects.jsonl"), "utf8");
const APPROVALS = readFileSync(path.join(FIXTURES, "interceptor-approvals.jsonl"), "utf8");
const AGENT = "agent-importer";
const CAPABILITY = "ca9a0000000000000000000000000001";
const MCP = "3c9d0000000000000000000000000002";
const APPROVED = "a9900000000000000000000000000003";
const REJECTED = "a9900000000000000000000000000004";

/** The API path (POST /api/v1/events?format=interceptor): parse, map and store. */
async function importThroughApi(text: string, agentId = AGENT) {
  const items = parseBatch(text, "application/x-ndjson", { agentId, format: "interceptor", maxEvents: 1000 });
  return storeEvents(items.flatMap((i) => (i.ok ? [i.incoming] : [])));
}

/** The CLI path (npm run import): parseInterceptorJsonl and store. */
async function importThroughCli(text: string, agentId = AGENT) {
  const lines = parseInterceptorJsonl(text, agentId).flatMap((l) => (l.ok ? [{ event: l.event, raw: l.raw, format: "interceptor" as const }] : []));
  return storeEvents(lines);
}

async function liveExecution(id: string, cost: number) {
  const event: RuntimeEvent = {
    id, trace_id: "tr-live", timestamp: new Date().toISOString(), type: "tool.executed", stage: "execution", agent: { id: AGENT },
    schema_version: "1.0", tool: "db.read", cost: { usd: cost },
  };
  await storeEvents([{ event, raw: JSON.stringify(event), format: "native" }]);
}

const usageToday = () => prisma.agentUsage.findMany({ where: { agentId: AGENT }, select: { toolCalls: true, costUsd: true, toolCounts: true } });

describe("importing reference-interceptor history", () => {
  beforeEach(resetDatabase);

  for (const [name, run] of [["the API", importThroughApi], ["the import command", importThroughCli]] as const) {
    it(`through ${name}: a trace repeating estimated_cost_usd costs that value once, and today's agent usage is unchanged`, async () => {
      await liveExecution("live-1", 0.5);
      const before = await usageToday();
      expect(before).toEqual([{ toolCalls: 1, costUsd: 0.5, toolCounts: { "db.read": 1 } }]);
      const stored = await run(AUDIT);
      expect(stored.filter((r) => r.status === "stored")).toHaveLength(20);
      const cost = async (id: string) => (await prisma.trace.findUniqueOrThrow({ where: { id } })).costUsd;
      expect(await cost(CAPABILITY)).toBe(0.01); // 4 lines × 0.01 used to show 0.04
      expect(await cost(APPROVED)).toBe(0.05);
      expect(await cost(MCP)).toBe(0.02);
      expect(await usageToday()).toEqual(before);
      // re-importing stores nothing and changes nothing
      expect((await run(AUDIT)).every((r) => r.status === "duplicate")).toBe(true);
      expect(await cost(CAPABILITY)).toBe(0.01);
      expect(await usageToday()).toEqual(before);
    });
  }

  it("the replay diff's verdict agrees with the trace list's decision for a capability-gate block and an MCP block after approval", async () => {
    await importThroughApi(AUDIT);
    const list = await listTraces(TraceListQuery.parse({ agent: AGENT, limit: 50 }));
    for (const id of [CAPABILITY, MCP]) {
      const row = list.traces.find((t) => t.id === id)!;
      expect(row.final_decision).toBe("block");
      const res = await getTraceDiff(id);
      expect(res!.diff.verdict).toBe("blocked");
      const [step] = res!.diff.plans.flatMap((p) => p.steps);
      expect(step.step.decision?.value).toBe("block");
    }
  });

  it("gives every agent its own trace for lines without a trace id", async () => {
    const legacy = AUDIT.trim().split("\n").at(-1)!;
    await importThroughApi(legacy, "agent-x");
    await importThroughApi(legacy.replace("read_customer", "send_email"), "agent-y");
    const traces = await prisma.trace.findMany({ where: { id: { startsWith: "icp-untraced" } }, select: { id: true, agents: true }, orderBy: { id: "asc" } });
    expect(traces).toEqual([{ id: "icp-untraced-agent-x", agents: ["agent-x"] }, { id: "icp-untraced-agent-y", agents: ["agent-y"] }]);
  });

  it("imports the approval store into the traces that requested it, so replay shows who approved or rejected and when", async () => {
    await importThroughCli(AUDIT);
    const before = await usageToday();
    const results = await importInterceptorApprovals(APPROVALS, AGENT);
    expect(results.map((r) => `${r.line}:${r.status}`)).toEqual(["1:stored", "2:stored", "3:stored", "4:stored", "5:invalid", "6:invalid"]);
    expect(results[4].error).toMatch(/^line 5: a sink-failure record of the reference/);
    expect(results[5].error).toMatch(/^line 6: approval_id: no imported audit event of agent "agent-importer" requests approval apr-000000000bad/);
    expect(results.slice(0, 4).map((r) => r.trace_id)).toEqual([APPROVED, REJECTED, APPROVED, REJECTED]);

    const step = async (id: string) => (await getTraceDiff(id))!.diff.plans.flatMap((p) => p.steps)[0];
    expect((await step(APPROVED)).step.approval).toMatchObject({ id: "apr-a99000000001", status: "approved", actor: "alice@example.com", decided_at: "2026-05-20T08:09:12.000000+00:00" });
    expect((await step(REJECTED)).step.approval).toMatchObject({ id: "apr-a99000000002", status: "denied", actor: "bob@example.com" });
    expect((await step(REJECTED)).result).toBe("enforced");
    expect(await usageToday()).toEqual(before);

    // idempotent, and another agent cannot attach decisions to this agent's traces
    expect((await importInterceptorApprovals(APPROVALS, AGENT)).slice(0, 4).every((r) => r.status === "duplicate")).toBe(true);
    const other = await importInterceptorApprovals(APPROVALS, "agent-other");
    expect(other.every((r) => r.status === "invalid")).toBe(true);
  });

  it("answers an empty approvals body with a 400-class error", async () => {
    await expect(importInterceptorApprovals("  \n", AGENT)).rejects.toMatchObject({ code: "bad_request" });
    await expect(importInterceptorApprovals(APPROVALS, AGENT, 3)).rejects.toMatchObject({ code: "payload_too_large" });
  });
});
