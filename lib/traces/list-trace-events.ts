import "server-only";
import { prisma } from "@/lib/db";
import { traceExists, traceNotFound } from "@/lib/traces/get-trace";
import type { TraceEventsPage, TraceEventsQuery } from "@/lib/traces/schemas";
import { EVENT_ROW_SELECT, toEventRow } from "@/lib/events/to-event-row";

/**
 * A page of a trace's events in chain order. Keyset paging on the (trace_id, seq) unique index:
 * `seq > cursor ORDER BY seq LIMIT n+1`, so every page costs the same however deep it is, and
 * events appended while a reader pages are picked up by the next page, never skipped or repeated.
 */
export async function listTraceEvents(
  traceId: string,
  q: Partial<TraceEventsQuery> = {},
): Promise<TraceEventsPage> {
  const limit = q.limit ?? 200;
  const rows = await prisma.event.findMany({
    where: { traceId, seq: { gt: q.cursor ?? 0 }, ...(q.stage?.length ? { stage: { in: q.stage } } : {}) },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: { ...EVENT_ROW_SELECT, raw: q.include_raw === true },
  });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    events: page.map((r) => toEventRow({ ...r, raw: q.include_raw ? (r as { raw?: string }).raw : undefined })),
    next_cursor: more ? page[page.length - 1].seq : null,
  };
}

/**
 * A page of a trace's events; a 404 only for an unknown trace. An empty page is normal past the end or under a
 * stage filter, so existence is checked only then.
 */
export async function listTraceEventsOrThrow(traceId: string, q: Partial<TraceEventsQuery> = {}): Promise<TraceEventsPage> {
  const page = await listTraceEvents(traceId, q);
  if (page.events.length === 0 && !(await traceExists(traceId))) traceNotFound(traceId);
  return page;
}
