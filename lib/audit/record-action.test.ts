import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents/create-agent";
import { prisma } from "@/lib/db";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";

assertTestDatabase();

const admin = { id: "u_admin", email: "admin@example.com", name: "Admin" };
const agent = { id: "agent-x", name: "X", owner: "qa@example.com", environment: "test", trust_level: "internal" as const, description: "" };

describe("recordHumanAction", () => {
  beforeEach(resetDatabase);
  afterEach(async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_human ON events`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS refuse_human()`);
  });

  it("commits the change and its record together", async () => {
    await createAgent(admin, agent);
    const ops = await prisma.event.findMany({ where: { type: "human.agent.created" } });
    expect(ops).toHaveLength(1);
    expect(ops[0].traceId).toMatch(/^ops-\d{4}-\d{2}-\d{2}$/);
  });

  it("leaves no change behind when its record cannot be written", async () => {
    await prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_human() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type LIKE 'human.%' THEN RAISE EXCEPTION 'record refused'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_human BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_human()`);
    await expect(createAgent(admin, agent)).rejects.toThrow(/record refused/);
    expect(await prisma.agent.count({ where: { id: "agent-x" } })).toBe(0);
  });
});
