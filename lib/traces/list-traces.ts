import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SORT_ORDERS, TRACE_SORTS, type TraceListQuery, type TraceListResponse, type TraceSort, type TraceSummary } from "./schemas";

/** Column of each sort; `risk` is the only nullable one (nulls always sort last). */
const SORT_FIELD = {
  last_seen: "lastSeen",
  first_seen: "firstSeen",
  risk: "maxRisk",
  events: "eventCount",
} as const satisfies Record<TraceSort, keyof Prisma.TraceWhereInput>;

const SUMMARY_SELECT = {
  id: true,
  agents: true,
  tools: true,
  firstSeen: true,
  lastSeen: true,
  eventCount: true,
  finalDecision: true,
  finalReason: true,
  maxRisk: true,
  riskThresholds: true,
  foreignOrigin: true,
  planIntent: true,
  budgetStatus: true,
  trustSummary: true,
  trustLevels: true,
  parentTraceId: true,
} as const satisfies Prisma.TraceSelect;
type SummaryRow = Prisma.TraceGetPayload<{ select: typeof SUMMARY_SELECT }>;

/** What a cursor carries: the sort it belongs to, the last row's sort key and id. */
const CursorPayload = z
  .object({
    s: z.enum(TRACE_SORTS),
    o: z.enum(SORT_ORDERS),
    k: z.union([z.string(), z.number(), z.null()]),
    id: z.string().min(1),
  })
  .strict();
type CursorPayload = z.infer<typeof CursorPayload>;

export function encodeCursor(c: CursorPayload): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

function cursorError(message: string): ApiError {
  return new ApiError("validation_failed", `invalid query: cursor: ${message}`, [{ field: "cursor", message }]);
}

/** Decodes a cursor and checks it belongs to this sort; a cursor from another view is a 422, not a wrong page. */
export function decodeCursor(cursor: string, sort: TraceSort, order: "asc" | "desc"): CursorPayload {
  let parsed: CursorPayload;
  try {
    parsed = CursorPayload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw cursorError("is not a cursor returned by this API");
  }
  if (parsed.s !== sort || parsed.o !== order) {
    throw cursorError(`was made for sort=${parsed.s}&order=${parsed.o}, not sort=${sort}&order=${order}; request the first page again`);
  }
  const k = parsed.k;
  const ok =
    sort === "risk" ? k === null || typeof k === "number"
    : sort === "events" ? typeof k === "number" && Number.isInteger(k)
    : typeof k === "string" && !Number.isNaN(Date.parse(k));
  if (!ok) throw cursorError("is not a cursor returned by this API");
  return parsed;
}

/** `%`, `_` and `\` are LIKE wildcards / the escape character; a search for them means the characters. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterWhere(q: TraceListQuery): Prisma.TraceWhereInput[] {
  const and: Prisma.TraceWhereInput[] = [];
  if (q.agent) and.push({ agents: { has: q.agent } });
  if (q.tool) and.push({ tools: { has: q.tool } });
  if (q.trust) and.push({ trustLevels: { has: q.trust } });
  if (q.decision) and.push({ finalDecision: q.decision === "none" ? null : q.decision });
  if (q.risk_min !== undefined) and.push({ maxRisk: { gte: q.risk_min } });
  if (q.risk_max !== undefined) and.push({ maxRisk: { lte: q.risk_max } });
  if (q.from) and.push({ lastSeen: { gte: new Date(q.from) } });
  if (q.to) and.push({ lastSeen: { lte: new Date(q.to) } });
  // search_text is stored lowercased; ILIKE keeps it correct even if a writer forgets.
  if (q.q) and.push({ searchText: { contains: escapeLike(q.q.toLowerCase()), mode: "insensitive" } });
  return and;
}

/**
 * Rows strictly after the cursor in (key, id) order. Written as `key <= c AND (key < c OR id < cid)` (desc)
 * rather than a bare OR so Postgres can start the index scan at the cursor instead of filtering from the top.
 */
function afterCursor(sort: TraceSort, order: "asc" | "desc", c: CursorPayload): Prisma.TraceWhereInput {
  const field = SORT_FIELD[sort];
  const strict = order === "desc" ? "lt" : "gt";
  const inclusive = order === "desc" ? "lte" : "gte";
  const idAfter: Prisma.TraceWhereInput = { id: { [strict]: c.id } };
  if (sort === "risk" && c.k === null) {
    // Already inside the trailing block of traces without a risk value.
    return { AND: [{ maxRisk: null }, idAfter] };
  }
  const key = sort === "last_seen" || sort === "first_seen" ? new Date(c.k as string) : (c.k as number);
  const keyed: Prisma.TraceWhereInput = {
    AND: [{ [field]: { [inclusive]: key } }, { OR: [{ [field]: { [strict]: key } }, idAfter] }],
  };
  // Nulls last: after every valued risk come the traces with none.
  return sort === "risk" ? { OR: [keyed, { maxRisk: null }] } : keyed;
}

function orderBy(sort: TraceSort, order: "asc" | "desc"): Prisma.TraceOrderByWithRelationInput[] {
  const first: Prisma.TraceOrderByWithRelationInput =
    sort === "risk" ? { maxRisk: { sort: order, nulls: "last" } } : { [SORT_FIELD[sort]]: order };
  return [first, { id: order }];
}

function sortKey(sort: TraceSort, row: SummaryRow): string | number | null {
  switch (sort) {
    case "last_seen":
      return row.lastSeen.toISOString();
    case "first_seen":
      return row.firstSeen.toISOString();
    case "risk":
      return row.maxRisk;
    case "events":
      return row.eventCount;
  }
}

function trustSummary(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, n] of Object.entries(v)) if (typeof n === "number" && Number.isInteger(n) && n >= 0) out[k] = n;
  }
  return out;
}

/** The chain-risk thresholds the engine applied in the trace (stored with its rollup), or null when none were recorded. */
function riskThresholdsOf(v: unknown): TraceSummary["risk_thresholds"] {
  const t = v as { approval?: unknown; halt?: unknown } | null;
  return t && typeof t.approval === "number" && typeof t.halt === "number" ? { approval: t.approval, halt: t.halt } : null;
}

/** Why the trace holds records the engine did not write, as its rollup stored it (null for an ordinary trace). */
function foreignOf(v: string | null): TraceSummary["foreign"] {
  return v === "imported" || v === "outside_executor" ? v : null;
}

export function toTraceSummary(row: SummaryRow): TraceSummary {
  return {
    id: row.id,
    agents: row.agents,
    tools: row.tools,
    first_seen: row.firstSeen.toISOString(),
    last_seen: row.lastSeen.toISOString(),
    event_count: row.eventCount,
    final_decision: (row.finalDecision as TraceSummary["final_decision"]) ?? null,
    final_reason: row.finalReason,
    max_risk: row.maxRisk,
    risk_thresholds: riskThresholdsOf(row.riskThresholds),
    foreign: foreignOf(row.foreignOrigin),
    plan_intent: row.planIntent,
    budget_status: row.budgetStatus,
    trust_summary: trustSummary(row.trustSummary),
    trust_levels: row.trustLevels,
    parent_trace_id: row.parentTraceId,
  };
}

/**
 * One page of the trace list. Reads only the `traces` rollup table (never events), ordered by
 * (sort key, id) so paging is stable under ties; keyset cursors so deep pages cost the same as the first.
 */
export async function listTraces(q: TraceListQuery): Promise<TraceListResponse> {
  const and = filterWhere(q);
  if (q.cursor) and.push(afterCursor(q.sort, q.order, decodeCursor(q.cursor, q.sort, q.order)));
  const rows = await prisma.trace.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: orderBy(q.sort, q.order),
    take: q.limit + 1,
    select: SUMMARY_SELECT,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const next_cursor =
    rows.length > q.limit && last ? encodeCursor({ s: q.sort, o: q.order, k: sortKey(q.sort, last), id: last.id }) : null;
  return { traces: page.map(toTraceSummary), next_cursor };
}
