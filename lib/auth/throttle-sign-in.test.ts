import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { assertTestDatabase } from "@/tests/test-db";
import { ACCOUNT_RULE } from "./throttle-policy";
import { admitSignIn, signInSucceeded } from "./throttle-sign-in";

const run = `${Date.now().toString(36)}`;
const email = (n: string) => `${n}-${run}@throttle.test`;

beforeAll(() => {
  assertTestDatabase();
});
afterAll(async () => {
  await prisma.signInThrottle.deleteMany({ where: { OR: [{ key: { contains: run } }, { key: { startsWith: "address:10.77." } }] } });
});

describe("admitSignIn (real Postgres)", () => {
  it("admits exactly the free attempts when 30 arrive at once, on separate connections", async () => {
    const keys = { email: email("burst"), address: "10.77.0.1" };
    const results = await Promise.all(Array.from({ length: 30 }, () => admitSignIn(keys)));
    expect(results.filter((r) => r.admitted)).toHaveLength(ACCOUNT_RULE.freeFailures);
    const refused = results.filter((r) => !r.admitted);
    // exactly one refused attempt per lock is marked to be recorded
    expect(refused.flatMap((r) => (r.admitted ? [] : r.locks)).filter((l) => l.report)).toHaveLength(1);
    for (const r of refused) if (!r.admitted) expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("a correct password starts the account again from zero", async () => {
    const keys = { email: email("reset"), address: "10.77.0.2" };
    for (let i = 0; i < ACCOUNT_RULE.freeFailures - 1; i++) expect((await admitSignIn(keys)).admitted).toBe(true);
    await signInSucceeded(keys);
    const row = await prisma.signInThrottle.findUnique({ where: { key: `account:${keys.email}` } });
    expect(row).toBeNull();
    const address = await prisma.signInThrottle.findUnique({ where: { key: `address:${keys.address}` } });
    expect(address?.failures).toBe(ACCOUNT_RULE.freeFailures - 2); // the successful attempt was given back, not the failures
  });

  it("an address spraying many accounts is locked for all of them", async () => {
    const address = "10.77.0.3";
    for (let i = 0; i < 20; i++) expect((await admitSignIn({ email: email(`spray${i}`), address })).admitted).toBe(true);
    const next = await admitSignIn({ email: email("spray-fresh"), address });
    expect(next.admitted).toBe(false);
    if (!next.admitted) expect(next.locks.map((l) => l.kind)).toEqual(["address"]);
    expect((await admitSignIn({ email: email("spray-fresh"), address: "10.77.0.4" })).admitted).toBe(true);
  });
});
