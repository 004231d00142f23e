import { randomBytes } from "node:crypto";

/**
 * Where a decision's time and ids come from. Agents' requests use the wall clock and random ids; the demo seed passes
 * a fixed clock and a deterministic id source, so the same scenarios give the same traces (and e2e tests can name them).
 */
export type DecisionClock = { now?: Date; id?: (prefix: string) => string };

/** An id with `prefix`: the clock's own when it has an id source, else `prefix_<hex of bytes random bytes>`. */
export function newId(clock: DecisionClock | undefined, prefix: string, bytes: number): string {
  return clock?.id ? clock.id(prefix) : `${prefix}_${randomBytes(bytes).toString("hex")}`;
}
