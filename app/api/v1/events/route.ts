// POST /api/v1/events — ingest a batch of runtime events (JSON envelope or NDJSON; reference-interceptor lines too)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { env } from "@/lib/env";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { IngestQuery } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "agent", permission: "events:write", query: IngestQuery, text: true, maxBytes: () => env().INGEST_MAX_BYTES }, async ({ req, principal, query, text, timings: read }) => {
  const { response, timings } = await ingestEvents({
    text, contentType: req.headers.get("content-type") ?? "", agentId: principal.agentId, format: query.format, maxEvents: env().INGEST_MAX_EVENTS,
  });
  // Server-Timing lets clients (and npm run bench:ingest) see where a batch's time went
  const header = Object.entries({ ...read, ...timings }).map(([k, v]) => `${k};dur=${v.toFixed(1)}`).join(", ");
  return NextResponse.json(response, { status: 207, headers: { "server-timing": header } });
});
