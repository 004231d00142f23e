import "server-only";
import { z } from "zod";
import { eventsArraySlices, jsonStorageProblem, splitNdjson, type RawItem } from "@/engine/events/batch";
import { looksLikeInterceptorLine, mapInterceptorLine } from "@/engine/events/interceptor";
import { RuntimeEvent } from "@/engine/events/schema";
import { ApiError, describeZodError } from "@/lib/api/errors";
import type { IncomingEvent } from "./store-events";

export const IngestFormat = z.enum(["auto", "native", "interceptor"]);
export type IngestFormat = z.infer<typeof IngestFormat>;

/** One event of a request after parsing and validation: ready to store, or rejected with a reason. */
export type ParsedItem =
  | { index: number; line?: number; ok: true; incoming: IncomingEvent }
  | { index: number; line?: number; ok: false; id: string | null; status: "invalid" | "rejected"; error: string };

/**
 * Splits a request body (JSON envelope or NDJSON) into events, keeping each event's bytes as sent, and
 * validates each on its own: one bad event never sinks the batch. Throws ApiError only for a body that has
 * no readable envelope at all (400) or too many events (413).
 */
export function parseBatch(text: string, contentType: string, opts: { agentId: string; format: IngestFormat; maxEvents: number }): ParsedItem[] {
  const items = splitBody(text, contentType, opts.maxEvents);
  return items.map((item) => validateItem(item, opts));
}

function splitBody(text: string, contentType: string, maxEvents: number): RawItem[] {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (!text.trim()) throw new ApiError("bad_request", "request body is empty; send {\"events\": [...]} or NDJSON");
  let items: RawItem[];
  if (type === "application/x-ndjson" || type === "application/jsonl" || type === "application/json-lines" || type === "application/ndjson") {
    items = splitNdjson(text);
  } else if (type === "application/json") {
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch (e) {
      throw new ApiError("invalid_json", `request body is not valid JSON: ${(e as Error).message}`);
    }
    if (!envelope || typeof envelope !== "object" || Array.isArray(envelope) || !Array.isArray((envelope as { events?: unknown }).events)) {
      throw new ApiError("bad_request", 'body must be a JSON object with an "events" array: {"events": [ ... ]}');
    }
    const extra = Object.keys(envelope).filter((k) => k !== "events");
    if (extra.length) throw new ApiError("bad_request", `unknown field(s) in the envelope: ${extra.join(", ")}; only "events" is allowed`);
    const values = (envelope as { events: unknown[] }).events;
    const slices = eventsArraySlices(text);
    if (!slices || slices.length !== values.length) throw new ApiError("bad_request", "could not read the events array");
    items = values.map((value, index) => ({ index, raw: slices[index], value }));
  } else {
    throw new ApiError("unsupported_media_type", `content-type must be application/json or application/x-ndjson (got ${type || "none"})`);
  }
  if (items.length === 0) throw new ApiError("bad_request", "no events in the request");
  if (items.length > maxEvents) {
    throw new ApiError("payload_too_large", `${items.length} events in one request; the limit is ${maxEvents} events per request`);
  }
  return items;
}

function idOf(value: unknown, key: string): string | null {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === "string" && v.length <= 200) return v;
  }
  return null;
}

function validateItem(item: RawItem, opts: { agentId: string; format: IngestFormat }): ParsedItem {
  const where = { index: item.index, ...(item.line ? { line: item.line } : {}) };
  const at = item.line ? `line ${item.line}: ` : "";
  const fail = (id: string | null, error: string, status: "invalid" | "rejected" = "invalid"): ParsedItem => ({ ...where, ok: false, id, status, error });
  if (item.error) return fail(null, item.error);
  const value = item.value;
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail(null, `${at}an event must be a JSON object`);
  const storage = jsonStorageProblem(value);
  if (storage) return fail(idOf(value, "id") ?? idOf(value, "event_id"), at + storage);

  const interceptor = opts.format === "interceptor" || (opts.format === "auto" && looksLikeInterceptorLine(value));
  let candidate: unknown = value;
  if (interceptor) {
    const mapped = mapInterceptorLine(value, { agentId: opts.agentId, rawLine: item.raw });
    if (!mapped.ok) return fail(idOf(value, "event_id"), at + mapped.error);
    candidate = mapped.event;
  }
  const parsed = RuntimeEvent.safeParse(candidate);
  if (!parsed.success) {
    const d = describeZodError(parsed.error);
    return fail(idOf(candidate, "id"), at + d.map((x) => `${x.field}: ${x.message}`).join("; "));
  }
  const event = parsed.data;
  if (event.agent.id !== opts.agentId) {
    return fail(event.id, `${at}agent.id: this API key belongs to agent "${opts.agentId}" and cannot write events for agent "${event.agent.id}"`, "rejected");
  }
  return { ...where, ok: true, incoming: { event, raw: item.raw, format: interceptor ? "interceptor" : "native" } };
}
