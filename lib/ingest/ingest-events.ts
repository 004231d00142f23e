import "server-only";
import { recordExecutions } from "@/lib/decisions/record-executions";
import { importInterceptorApprovals } from "./import-approvals";
import { parseBatch } from "./parse-batch";
import type { IngestQuery, IngestResponse, IngestResult } from "./schemas";
import { storeEvents } from "./store-events";

export type IngestRequest = { text: string; contentType: string; agentId: string; format: IngestQuery["format"]; maxEvents: number };

/**
 * One ingest request end to end: parse the body (JSON envelope, NDJSON or interceptor lines; the reference's
 * approval store with `format: "interceptor-approvals"`), store the valid events and flag executions without a
 * grant in one transaction (`storeEvents` with `recordExecutions` as its afterStore: an execution never commits
 * without its flag), and answer one result per event in request order. `timings` (ms) feeds Server-Timing.
 */
export async function ingestEvents(r: IngestRequest): Promise<{ response: IngestResponse; timings: Record<string, number> }> {
  const t0 = performance.now();
  if (r.format === "interceptor-approvals") {
    const results = await importInterceptorApprovals(r.text, r.agentId, r.maxEvents);
    return { response: ingestSummary(results), timings: { store: performance.now() - t0 } };
  }
  const items = parseBatch(r.text, r.contentType, { agentId: r.agentId, format: r.format, maxEvents: r.maxEvents });
  const valid = items.filter((i) => i.ok);
  const t1 = performance.now();
  const stored = await storeEvents(valid.map((i) => i.incoming), { afterStore: recordExecutions });
  const t2 = performance.now();
  const results: IngestResult[] = new Array(items.length);
  valid.forEach((item, k) => {
    const s = stored[k];
    results[item.index] = { index: item.index, ...(item.line ? { line: item.line } : {}), id: s.id, status: s.status, trace_id: s.trace_id, seq: s.seq, hash: s.hash, ...(s.error ? { error: s.error } : {}) };
  });
  for (const item of items) {
    if (!item.ok) results[item.index] = { index: item.index, ...(item.line ? { line: item.line } : {}), id: item.id, status: item.status, error: item.error };
  }
  return { response: ingestSummary(results), timings: { parse: t1 - t0, store: t2 - t1 } };
}

/** The 207 body of an ingest request: counts per status and one result per event or line. */
export function ingestSummary(results: IngestResult[]): IngestResponse {
  const count = (s: IngestResult["status"]) => results.filter((r) => r.status === s).length;
  return { stored: count("stored"), duplicates: count("duplicate"), conflicts: count("conflict"), invalid: count("invalid"), rejected: count("rejected"), results };
}
