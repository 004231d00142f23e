import "server-only";
import type { RuntimeEvent } from "@/engine/events/schema";
import type { RecordedEvent } from "@/engine/events/recorded";
import { buildExecutionGraph, type GraphMode, type GraphTraceInfo } from "@/engine/graph/build-graph";
import { prisma } from "@/lib/db";
import { traceNotFound } from "@/lib/traces/get-trace";
import { pgPool } from "@/lib/pg-pool";
import type { TraceGraphResponse } from "./graph-schemas";

export const GRAPH_MAX_TRACES = 50;
export const GRAPH_MAX_EVENTS = 50_000;

/**
 * The execution graph of a trace together with the traces linked to it by parent_trace_id: its ancestors up to
 * the root and everything below that root (spec §22.2: a cross-agent chain is one cumulative graph). Bounded to
 * GRAPH_MAX_TRACES traces and GRAPH_MAX_EVENTS events — the asked-for trace first, then its ancestors, then the
 * rest of the tree breadth-first — and what was left out is reported. Null when the trace is unknown.
 */
export async function loadTraceGraph(
  traceId: string,
  mode: GraphMode,
  limits: { maxTraces?: number; maxEvents?: number } = {},
): Promise<TraceGraphResponse | null> {
  const maxTraces = limits.maxTraces ?? GRAPH_MAX_TRACES;
  const maxEvents = limits.maxEvents ?? GRAPH_MAX_EVENTS;
  const select = { id: true, parentTraceId: true, agents: true, eventCount: true } as const;
  const self = await prisma.trace.findUnique({ where: { id: traceId }, select });
  if (!self) return null;

  type Row = { id: string; parentTraceId: string | null; agents: string[] | null; eventCount: number };
  const found = new Map<string, Row>([[self.id, self]]);
  const ancestors: Row[] = [];
  let cur: Row = self;
  let tracesOmitted = 0;
  while (cur.parentTraceId && !found.has(cur.parentTraceId) && found.size < maxTraces) {
    const p = await prisma.trace.findUnique({ where: { id: cur.parentTraceId }, select });
    if (!p) break; // the parent was named but never stored
    found.set(p.id, p);
    ancestors.push(p);
    cur = p;
  }
  if (cur.parentTraceId && !found.has(cur.parentTraceId)) tracesOmitted += 1; // ancestors beyond the limit
  const root = cur;

  // descendants of the root, breadth first, one query per level
  let level = [root.id];
  while (level.length) {
    const kids = await prisma.trace.findMany({
      where: { parentTraceId: { in: level } },
      orderBy: { id: "asc" },
      select,
      take: maxTraces + 1,
    });
    const next: string[] = [];
    for (const k of kids) {
      if (found.has(k.id)) continue;
      if (found.size >= maxTraces) {
        tracesOmitted += 1;
        continue;
      }
      found.set(k.id, k);
      next.push(k.id);
    }
    level = next;
  }

  // the asked-for trace first, then its ancestors, then the rest: what is cut is the farthest away
  const order = [self, ...ancestors, ...[...found.values()].filter((t) => t.id !== self.id && !ancestors.includes(t))];
  const events: RecordedEvent[] = [];
  let eventsOmitted = 0;
  const included: Row[] = [];
  for (const t of order) {
    const room = maxEvents - events.length;
    if (room <= 0) {
      eventsOmitted += t.eventCount;
      tracesOmitted += 1;
      continue;
    }
    const { rows } = await pgPool().query<{ seq: number; hash: string; body: RuntimeEvent }>(
      "SELECT seq, hash, body FROM events WHERE trace_id = $1 ORDER BY seq LIMIT $2",
      [t.id, room],
    );
    for (const r of rows) events.push({ trace_id: t.id, seq: r.seq, hash: r.hash, event: r.body });
    if (t.eventCount > rows.length) eventsOmitted += t.eventCount - rows.length;
    included.push(t);
  }

  const traces: GraphTraceInfo[] = included.map((t) => ({ id: t.id, parent_trace_id: t.parentTraceId, agents: t.agents ?? [] }));
  const graph = buildExecutionGraph(events, { mode, traces });
  const cut = tracesOmitted > 0 || eventsOmitted > 0;
  return {
    trace_id: self.id,
    root_trace_id: root.id,
    ...graph,
    load_limits: cut
      ? {
          reason: `the linked traces exceed the graph's limits (${maxTraces} traces, ${maxEvents.toLocaleString("en-US")} events); ${tracesOmitted} trace(s) and ${eventsOmitted.toLocaleString("en-US")} event(s) are not shown`,
          traces_omitted: tracesOmitted,
          events_omitted: eventsOmitted,
        }
      : null,
  };
}

/** The execution graph of a trace and its linked traces; a 404 naming the trace when it is unknown. */
export async function loadTraceGraphOrThrow(traceId: string, mode: GraphMode): Promise<TraceGraphResponse> {
  return (await loadTraceGraph(traceId, mode)) ?? traceNotFound(traceId);
}
