import "server-only";
import { prisma } from "@/lib/db";
import { ACCOUNT_RULE, ADDRESS_RULE, admitAttempt, type ThrottleRule } from "./throttle-policy";

export type SignInKeys = { email: string; address: string };

/** A lock that refused an attempt; `report` is true for the first refused attempt of each lock (recorded once). */
export type ThrottledKey = { kind: "account" | "address"; key: string; lockedUntil: Date; failures: number; report: boolean };

export type SignInAdmission =
  | { admitted: true }
  | { admitted: false; retryAfterSeconds: number; locks: ThrottledKey[] };

type Row = { key: string; failures: number; locked_until: Date | null; reported_lock: Date | null; updated_at: Date; now: Date };

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Decides, before the password is checked, whether this attempt may proceed: both its keys (the account and the client
 * address) are locked FOR UPDATE in key order and changed in one transaction, on the database clock, so any number of
 * app processes share one count and concurrent attempts are counted one by one. An admitted attempt is counted as a
 * failure up front; `signInSucceeded` takes it back.
 */
export async function admitSignIn({ email, address }: SignInKeys): Promise<SignInAdmission> {
  const rules = new Map<string, { kind: "account" | "address"; rule: ThrottleRule }>([
    [accountKey(email), { kind: "account", rule: ACCOUNT_RULE }],
    [addressKey(address), { kind: "address", rule: ADDRESS_RULE }],
  ]);
  const keys = [...rules.keys()].sort();
  return prisma.$transaction(async (tx) => {
    await tx.signInThrottle.createMany({ data: keys.map((key) => ({ key })), skipDuplicates: true });
    const rows = await tx.$queryRaw<Row[]>`
      SELECT key, failures, locked_until, reported_lock, updated_at, now() AS now
        FROM sign_in_throttles WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE`;
    const now = rows[0].now;
    const decided = rows.map((r) => {
      const { kind, rule } = rules.get(r.key)!;
      return { r, kind, admission: admitAttempt({ failures: r.failures, lockedUntil: r.locked_until, updatedAt: r.updated_at }, now, rule) };
    });
    const refused = decided.filter((d) => d.admission.refused);
    if (refused.length) {
      const locks: ThrottledKey[] = refused.map(({ r, kind }) => ({
        kind, key: r.key, lockedUntil: r.locked_until!, failures: r.failures,
        report: r.reported_lock?.getTime() !== r.locked_until!.getTime(),
      }));
      for (const l of locks.filter((l) => l.report)) {
        await tx.signInThrottle.update({ where: { key: l.key }, data: { reportedLock: l.lockedUntil } });
      }
      const retryAfterSeconds = Math.max(...refused.map((d) => (d.admission.refused ? d.admission.retryAfterSeconds : 0)));
      return { admitted: false as const, retryAfterSeconds, locks };
    }
    for (const { r, admission } of decided) {
      if (admission.refused) continue;
      await tx.signInThrottle.update({ where: { key: r.key }, data: { failures: admission.next.failures, lockedUntil: admission.next.lockedUntil, updatedAt: now } });
    }
    return { admitted: true as const };
  });
}

/**
 * A correct password: the account starts again from zero, and the address gets back the failure counted up front
 * (its lock lifted if that brings it under the limit). The address is not reset outright, or one valid account would
 * let a sprayer clear its own address's count.
 */
export async function signInSucceeded({ email, address }: SignInKeys): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key: accountKey(email) } });
  await prisma.$executeRaw`
    UPDATE sign_in_throttles
       SET failures = GREATEST(failures - 1, 0),
           locked_until = CASE WHEN failures - 1 < ${ADDRESS_RULE.freeFailures} THEN NULL ELSE locked_until END
     WHERE key = ${addressKey(address)}`;
}

/** Rows nobody has tried for a day: dropped now and then, so sprayed keys do not pile up. */
export async function forgetOldThrottles(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM sign_in_throttles WHERE updated_at < now() - interval '1 day'`;
}
