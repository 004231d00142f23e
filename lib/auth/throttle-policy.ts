/**
 * The sign-in throttle's arithmetic, without the database: how long a key is locked after n failures, and what one
 * more attempt does to a key's state. Kept pure so the rules can be read and tested on their own; the locking
 * transaction around them is `throttle-sign-in.ts`.
 */

export type ThrottleRule = {
  /** Failures answered without delay; the lock starts at the failure that reaches this count. */
  freeFailures: number;
  /** The first lock, doubled with every further failure. */
  baseSeconds: number;
  /** No lock is ever longer, so an attacker cannot keep a real person out for long at a time. */
  maxSeconds: number;
};

/** A person mistyping: 5 free tries, then 15 s, 30 s, 1 min … up to 15 minutes. */
export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, baseSeconds: 15, maxSeconds: 15 * 60 };
/** One address trying many accounts (password spraying); looser, since an office or NAT shares one address. */
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, baseSeconds: 15, maxSeconds: 15 * 60 };
/** A key with no attempt for this long starts again from zero. */
export const FORGET_AFTER_SECONDS = 60 * 60;

export type ThrottleState = { failures: number; lockedUntil: Date | null; updatedAt: Date };

export type Admission =
  | { refused: true; retryAfterSeconds: number }
  | { refused: false; next: ThrottleState };

/** Seconds a key stays locked once it has counted `failures` failures (0: not locked). */
export function lockSeconds(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) return 0;
  const exponent = Math.min(failures - rule.freeFailures, 30); // 2^30 s is far past any cap; avoids Infinity
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** exponent);
}

/**
 * One attempt against a key. A locked key refuses it (and the lock is not extended: refused attempts cost the attacker
 * nothing, but they do not keep a real person out longer either). Otherwise the attempt is counted as a failure before
 * the password is checked — so concurrent attempts cannot all slip through before any failure is written — and a
 * successful sign-in takes it back afterwards.
 */
export function admitAttempt(state: ThrottleState | null, now: Date, rule: ThrottleRule): Admission {
  if (state?.lockedUntil && state.lockedUntil > now) {
    return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  const fresh = !state || now.getTime() - state.updatedAt.getTime() > FORGET_AFTER_SECONDS * 1000;
  const failures = (fresh ? 0 : state.failures) + 1;
  const lock = lockSeconds(failures, rule);
  return { refused: false, next: { failures, lockedUntil: lock ? new Date(now.getTime() + lock * 1000) : null, updatedAt: now } };
}
