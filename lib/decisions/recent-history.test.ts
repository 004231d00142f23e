import { beforeEach, describe, expect, it } from "vitest";
import type { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { seedDefaultPolicies } from "@/lib/demo/seed-policies";
import { storeEvents } from "@/lib/ingest/store-events";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { evaluatePlan } from "./evaluate-plan";
import { recordExecutions } from "./record-executions";

assertTestDatabase();
process.env.SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");

/** "Seen before" comes from what this agent executed earlier, in any trace, as the server recorded it. */

const crm = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const mail = (note: string) => ({ tool: "send_email", arguments: { to: "buyer@initech.example", subject: "Follow-up", body: note } });

describe("the agent's recent history feeds the engine", () => {
  beforeEach(async () => {
    await resetDatabase();
    await prisma.agent.create({ data: { id: "crm-sync", name: "CRM Sync", owner: "Revenue Operations", environment: "production", trustLevel: "internal" } });
    await seedDefaultPolicies(["production"], "test");
  });

  it("an outside recipient this agent already wrote to is no longer new; before that it needs approval", async () => {
    const unnamed = { plan: { steps: [{ ...mail("Checking in."), provenance: [crm] }] } };
    expect((await evaluatePlan("crm-sync", unnamed, "dry_run")).steps[0].decision).toBe("require_approval");

    // the user names the address: allowed, granted, executed and reported
    const first = await evaluatePlan("crm-sync", { plan: { steps: [{ ...mail("Hello"), provenance: [crm, { source_type: "user_prompt", trust_level: "internal", content: "Email buyer@initech.example a hello." }] }] } }, "evaluate");
    expect(first.steps[0].decision).toBe("allow");
    const ran: RuntimeEvent = {
      id: "exec-1", trace_id: first.trace_id, timestamp: new Date().toISOString(), type: "tool.executed", stage: "execution", agent: { id: "crm-sync" },
      schema_version: "1.0", tool: "send_email", arguments: mail("Hello").arguments, token_jti: first.steps[0].token!.jti,
    };
    const [stored] = await storeEvents([{ event: ran, raw: JSON.stringify(ran), format: "native" }], { afterStore: recordExecutions });
    expect(stored.status).toBe("stored");
    expect((await prisma.event.count({ where: { traceId: first.trace_id, type: "governance.unauthorized_execution" } }))).toBe(0);

    // a new trace, the address named nowhere: known from history now
    const again = await evaluatePlan("crm-sync", unnamed, "dry_run");
    expect(again.steps[0].decision).toBe("allow");
  });
});

describe("the history query's index", () => {
  it("capability_tokens has (agent_id, executed_at DESC), the order load-state reads the agent's newest executed steps in", async () => {
    const rows = await prisma.$queryRaw<Array<{ indexdef: string }>>`SELECT indexdef FROM pg_indexes WHERE tablename = 'capability_tokens'`;
    expect(rows.map((r) => r.indexdef)).toContainEqual(expect.stringMatching(/USING btree \(agent_id, executed_at DESC\)$/));
  });
});
