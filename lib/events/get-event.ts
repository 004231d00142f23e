import "server-only";
import { prisma } from "@/lib/db";
import type { StoredEvent } from "./schemas";
import { EVENT_ROW_SELECT, toEventRow } from "./to-event-row";

/** One stored event by id, with its raw JSON exactly as received; null when there is none. */
export async function getEvent(id: string): Promise<StoredEvent | null> {
  const r = await prisma.event.findUnique({ where: { id }, select: { ...EVENT_ROW_SELECT, raw: true } });
  if (!r) return null;
  return { ...toEventRow(r), raw: r.raw };
}
