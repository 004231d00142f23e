import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, admitAttempt, FORGET_AFTER_SECONDS, lockSeconds, type ThrottleState } from "./throttle-policy";

const t0 = new Date("2026-12-02T05:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe("lockSeconds", () => {
  it("is free below the limit, then doubles up to the cap", () => {
    expect([1, 4, 5, 6, 7, 14, 15, 60, 10_000].map((n) => lockSeconds(n, ACCOUNT_RULE))).toEqual([0, 0, 15, 30, 60, 900, 900, 900, 900]);
  });
});

describe("admitAttempt", () => {
  it("counts each attempt and locks from the fifth failure, never longer than 15 minutes", () => {
    let state: ThrottleState | null = null;
    for (let i = 1; i <= 5; i++) {
      const a = admitAttempt(state, at(0), ACCOUNT_RULE);
      if (a.refused) throw new Error(`attempt ${i} refused`);
      state = a.next;
    }
    expect(state!.failures).toBe(5);
    expect(state!.lockedUntil).toEqual(at(15));
    expect(admitAttempt(state, at(0.2), ACCOUNT_RULE)).toEqual({ refused: true, retryAfterSeconds: 15 });
    const later = admitAttempt({ failures: 40, lockedUntil: at(0), updatedAt: at(0) }, at(1), ACCOUNT_RULE);
    expect(later.refused).toBe(false);
    if (!later.refused) expect(later.next.lockedUntil).toEqual(at(1 + 900));
  });

  it("does not extend a lock for refused attempts", () => {
    const locked = { failures: 9, lockedUntil: at(16), updatedAt: at(0) };
    expect(admitAttempt(locked, at(10), ACCOUNT_RULE)).toEqual({ refused: true, retryAfterSeconds: 6 });
  });

  it("forgets a key after an hour without attempts", () => {
    const old = { failures: 12, lockedUntil: at(900), updatedAt: at(900) };
    const a = admitAttempt(old, at(900 + FORGET_AFTER_SECONDS + 1), ACCOUNT_RULE);
    expect(a).toEqual({ refused: false, next: { failures: 1, lockedUntil: null, updatedAt: at(900 + FORGET_AFTER_SECONDS + 1) } });
  });
});
