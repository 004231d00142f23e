import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { StoredEvent } from "./schemas";
import { EVENT_ROW_SELECT, toEventRow } from "./to-event-row";

/**
 * One stored event by id (and trace, since ids are unique per trace), with its raw JSON exactly as received;
 * null when there is none. An id several traces use needs the trace, rather than answering one of them at random.
 */
export async function getEvent(id: string, traceId?: string): Promise<StoredEvent | null> {
  const rows = await prisma.event.findMany({ where: { id, ...(traceId ? { traceId } : {}) }, take: 2, select: { ...EVENT_ROW_SELECT, raw: true } });
  if (rows.length > 1) throw new ApiError("conflict", `trace_id: event id ${JSON.stringify(id)} is used in several traces; add ?trace_id=`);
  const r = rows[0];
  if (!r) return null;
  return { ...toEventRow(r), raw: r.raw };
}

/** One stored event; a 404 naming the id when there is none. */
export async function getEventOrThrow(id: string, traceId?: string): Promise<StoredEvent> {
  const ev = await getEvent(id, traceId);
  if (!ev) throw new ApiError("not_found", `no event with id ${JSON.stringify(id)}`);
  return ev;
}
