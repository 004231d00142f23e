import "server-only";
import type { RuntimeEvent } from "@/engine/events/schema";
import type { EventRow, StoredEvent } from "./schemas";

/** Columns read for an event row; `raw` is added only when asked for (it can be large). */
export const EVENT_ROW_SELECT = {
  id: true, traceId: true, seq: true, prevHash: true, hash: true, receivedAt: true, format: true, flags: true, body: true,
} as const;

type DbEventRow = {
  id: string; traceId: string; seq: number; prevHash: string; hash: string; receivedAt: Date; format: string; flags: string[]; body: unknown;
  raw?: string;
};

/** Maps a database row to the API's snake_case shape; `body` (our model) becomes `event`. */
export function toEventRow(r: DbEventRow): EventRow {
  const row: EventRow = {
    id: r.id,
    trace_id: r.traceId,
    seq: r.seq,
    prev_hash: r.prevHash,
    hash: r.hash,
    received_at: r.receivedAt.toISOString(),
    format: r.format as StoredEvent["format"],
    flags: r.flags,
    event: r.body as RuntimeEvent,
  };
  if (r.raw !== undefined) row.raw = r.raw;
  return row;
}
