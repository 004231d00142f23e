// POST /api/v1/events — ingest a batch of runtime events (JSON envelope or NDJSON; reference-interceptor lines too)
import { NextResponse } from "next/server";
import { z } from "zod";
import { withApi, readBodyText } from "@/lib/api/with-api";
import { env } from "@/lib/env";
import { IngestFormat, parseBatch } from "@/lib/ingest/parse-batch";
import { importInterceptorApprovals, ingestSummary } from "@/lib/ingest/import-approvals";
import { storeEvents } from "@/lib/ingest/store-events";
import { recordExecutions } from "@/lib/decisions/record-executions";
import type { IngestResult } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

// interceptor-approvals: the reference's approval store (approvals.jsonl), lib/ingest/import-approvals.ts
const Query = z.object({ format: z.enum([...IngestFormat.options, "interceptor-approvals"]).default("auto") }).strict();

export const POST = withApi({ auth: "agent", permission: "events:write", query: Query }, async ({ req, principal, query }) => {
  const { INGEST_MAX_BYTES, INGEST_MAX_EVENTS } = env();
  const t0 = performance.now();
  const text = await readBodyText(req, INGEST_MAX_BYTES);
  const t1 = performance.now();
  if (query.format === "interceptor-approvals") {
    return NextResponse.json(ingestSummary(await importInterceptorApprovals(text, principal.agentId, INGEST_MAX_EVENTS)), { status: 207 });
  }
  const items = parseBatch(text, req.headers.get("content-type") ?? "", { agentId: principal.agentId, format: query.format, maxEvents: INGEST_MAX_EVENTS });

  const valid = items.filter((i) => i.ok);
  const t2 = performance.now();
  const stored = await storeEvents(valid.map((i) => i.incoming), { afterStore: recordExecutions });
  const t3 = performance.now();
  const results: IngestResult[] = new Array(items.length);
  valid.forEach((item, k) => {
    const s = stored[k];
    results[item.index] = { index: item.index, ...(item.line ? { line: item.line } : {}), id: s.id, status: s.status, trace_id: s.trace_id, seq: s.seq, hash: s.hash, ...(s.error ? { error: s.error } : {}) };
  });
  for (const item of items) {
    if (!item.ok) results[item.index] = { index: item.index, ...(item.line ? { line: item.line } : {}), id: item.id, status: item.status, error: item.error };
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return NextResponse.json(
    { stored: count("stored"), duplicates: count("duplicate"), conflicts: count("conflict"), invalid: count("invalid"), rejected: count("rejected"), results },
    // Server-Timing lets clients (and npm run bench:ingest) see where a batch's time went
    { status: 207, headers: { "server-timing": `read;dur=${(t1 - t0).toFixed(1)}, parse;dur=${(t2 - t1).toFixed(1)}, store;dur=${(t3 - t2).toFixed(1)}` } },
  );
});
