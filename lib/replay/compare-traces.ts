import "server-only";
import { compareTraces as compareEngine } from "@/engine/replay/compare";
import { ApiError } from "@/lib/api/errors";
import { loadRecordedEvents } from "./load-recorded-events";
import { REPLAY_EVENT_LIMIT, type CompareResponse } from "./schemas";

/**
 * Compares two traces (engine/replay/compare.ts), each over its first REPLAY_EVENT_LIMIT events.
 * Throws not_found naming the parameter (`a` or `b`) whose trace does not exist.
 */
export async function compareTraces(a: string, b: string, limit = REPLAY_EVENT_LIMIT): Promise<CompareResponse> {
  const [la, lb] = await Promise.all([loadRecordedEvents(a, limit), a === b ? null : loadRecordedEvents(b, limit)]);
  if (!la) throw new ApiError("not_found", `a: no trace with id ${JSON.stringify(a)}`, [{ field: "a", message: "no such trace" }]);
  const right = a === b ? la : lb;
  if (!right) throw new ApiError("not_found", `b: no trace with id ${JSON.stringify(b)}`, [{ field: "b", message: "no such trace" }]);
  return {
    event_limit: limit,
    truncated: { a: la.truncated, b: right.truncated },
    comparison: compareEngine(la.events, right.events),
  };
}
