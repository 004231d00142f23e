// GET /api/v1/events/{id} — one stored event with its raw JSON; ?format=raw returns the bytes exactly as received
import { withApi } from "@/lib/api/with-api";
import { EventQuery } from "@/lib/events/schemas";
import { getEventOrThrow } from "@/lib/events/get-event";

export const GET = withApi({ auth: "user", permission: "events:read", query: EventQuery }, async ({ params, query }) => {
  const ev = await getEventOrThrow(params.id, query.trace_id);
  if (query.format === "raw") {
    return new Response(ev.raw, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-event-seq": String(ev.seq),
        "x-event-hash": ev.hash,
        "cache-control": "private, no-store",
      },
    });
  }
  return ev;
});
