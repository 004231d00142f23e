import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { GENESIS_HASH, linkHashFromCanonical, sha256Hex } from "@/engine/crypto/hash-chain";
import { effectiveTrust, type RuntimeEvent } from "@/engine/events/schema";
import { rollupOf, traceOutcomeIn } from "./trace-rollup";
import { pgPool } from "@/lib/pg-pool";

export type IncomingEvent = { event: RuntimeEvent; raw: string; format: "native" | "interceptor" | "system" };
export type StoredResult = {
  id: string; status: "stored" | "duplicate" | "conflict" | "rejected"; trace_id: string; seq: number | null; hash: string | null; error?: string;
};

/**
 * What the store needs from a connection inside an open transaction: pg's `PoolClient` for ingest, or a
 * Prisma transaction (see `lib/audit/record-action.ts`) so a human action commits with the change it records.
 * Without `copy`, rows are written with one `INSERT … SELECT FROM unnest(...)` instead of COPY.
 */
export type Sql = {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  copy?: (statement: string, data: string) => Promise<void>;
};

/** Runs inside the batch's transaction after its events are chained; returns more events to chain there too. */
export type AfterStore = (sql: Sql, stored: RuntimeEvent[]) => Promise<IncomingEvent[]>;

const SEARCH_TEXT_CAP = 8_000;

type TraceHead = {
  id: string; head_seq: number; head_hash: string; event_count: number; first_seen: Date; last_seen: Date;
  agents: string[]; tools: string[]; trust_levels: string[]; trust_summary: Record<string, number>;
  final_decision: string | null; final_reason: string | null; final_seq: number; max_risk: number | null;
  plan_intent: string | null; budget_status: string; parent_trace_id: string | null; search_text: string;
  tool_counts: Record<string, number>; tool_calls: number; cost_usd: number; risk_thresholds: { approval: number; halt: number } | null;
  foreign_origin: string | null;
};

/** Event types that report a tool run; budgets count them (DESIGN.md: counted by the server from what it has seen). */
export const EXECUTION_TYPES: ReadonlySet<string> = new Set(["tool.executed", "tool.failed"]);

type AgentDayUsage = { tool_calls: number; tool_counts: Record<string, number>; cost_usd: number };

/**
 * Stores a batch of validated events. Idempotent by (trace, event id): an identical re-send reports `duplicate`,
 * a re-send with other content `conflict` naming the first differing field, and neither stores anything. A trace
 * belongs to the agent whose event opened it; another agent's event for it is `rejected`. Per-trace hash chains
 * stay gap-free under concurrent batches (the trace row is locked while its links are appended), and the trace
 * rollup is updated in the same transaction, so it always matches the events. `afterStore` runs in that
 * transaction too (flagging executions without a grant), so its events commit or fail with the batch.
 * Results come back in input order.
 */
export async function storeEvents(events: IncomingEvent[], opts: { afterStore?: AfterStore } = {}): Promise<StoredResult[]> {
  if (events.length === 0) return [];
  for (let attempt = 0; ; attempt++) {
    const client = await pgPool().connect();
    try {
      await client.query("BEGIN");
      const sql = pgSql(client);
      const results = await storeInTransaction(sql, events);
      if (opts.afterStore) {
        const fresh = events.filter((_, i) => results[i].status === "stored").map((e) => e.event);
        const more = fresh.length ? await opts.afterStore(sql, fresh) : [];
        if (more.length) await storeInTransaction(sql, more);
      }
      await client.query("COMMIT");
      return results;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      // two batches opening the same trace or deadlocked: run again; the retry sees the winner
      const code = (e as { code?: string }).code;
      const retryable = code === "23505" || code === "40P01";
      if (!retryable || attempt >= 4) throw e;
    } finally {
      client.release();
    }
  }
}

function pgSql(client: PoolClient): Sql {
  return {
    query: async <T>(text: string, params?: unknown[]) => ({ rows: (await client.query(text, params)).rows as T[] }),
    copy: async (statement, data) => {
      await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
    },
  };
}

const key = (traceId: string, id: string) => `${traceId}\u0000${id}`;

/** Chains events on a connection whose transaction the caller owns (a human action beside the change it records). */
export async function storeInTransaction(sql: Sql, events: IncomingEvent[]): Promise<StoredResult[]> {
  const results: StoredResult[] = new Array(events.length);
  const byTrace = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byTrace.get(e.event.trace_id) ?? [];
    list.push(i);
    byTrace.set(e.event.trace_id, list);
  });

  const traceIds = [...byTrace.keys()].sort();
  const firstOf = traceIds.map((t) => events[byTrace.get(t)![0]].event);
  // the event that opens a trace names its owner; ON CONFLICT keeps the first, so of two racing agents exactly one owns it
  await sql.query(
    `INSERT INTO traces (id, first_seen, last_seen, owner_agent_id)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $2::timestamptz[], $3::text[])
     ON CONFLICT (id) DO NOTHING`,
    [traceIds, firstOf.map((e) => e.timestamp), firstOf.map((e) => e.agent.id)],
  );
  const heads = await sql.query<TraceHead & { owner_agent_id: string | null }>(
    `SELECT id, head_seq, head_hash, event_count, first_seen, last_seen, agents, tools, trust_levels, trust_summary,
            final_decision, final_reason, final_seq, max_risk, plan_intent, budget_status, parent_trace_id, search_text,
            tool_counts, tool_calls, cost_usd, risk_thresholds, foreign_origin, owner_agent_id
       FROM traces WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [traceIds],
  );
  // read after taking the lock, so a concurrent batch that committed the same ids is seen
  const existing = new Map(
    (await sql.query<{ trace_id: string; id: string; seq: number; body: Record<string, unknown> }>(
      `SELECT e.trace_id, e.id, e.seq, e.body FROM events e
         JOIN unnest($1::text[], $2::text[]) AS k(trace_id, id) ON e.trace_id = k.trace_id AND e.id = k.id`,
      [events.map((e) => e.event.trace_id), events.map((e) => e.event.id)],
    )).rows.map((r) => [key(r.trace_id, r.id), { body: r.body, where: `stored at seq ${r.seq}` }]),
  );

  const lines: string[] = [];
  const agentUsage = new Map<string, AgentDayUsage>();
  const updated: TraceHead[] = [];
  const decisive = new Set<string>(); // traces whose outcome this batch may change (human actions never do)

  for (const head of heads.rows) {
    let changed = false;
    const owner = head.owner_agent_id ?? events[byTrace.get(head.id)![0]].event.agent.id;
    if (!head.owner_agent_id) await sql.query("UPDATE traces SET owner_agent_id = $2 WHERE id = $1", [head.id, owner]);
    for (const i of byTrace.get(head.id)!) {
      const { event, raw, format } = events[i];
      const refusal = ownershipProblem(head.id, owner, event, format);
      if (refusal) {
        results[i] = { id: event.id, status: "rejected", trace_id: event.trace_id, seq: null, hash: null, error: refusal };
        continue;
      }
      const earlier = existing.get(key(event.trace_id, event.id));
      if (earlier) {
        const field = firstDifference(earlier.body, event as unknown as Record<string, unknown>);
        results[i] = field === null
          ? { id: event.id, status: "duplicate", trace_id: event.trace_id, seq: null, hash: null }
          : { id: event.id, status: "conflict", trace_id: event.trace_id, seq: null, hash: null,
              error: `${field}: differs from the event ${event.id} already ${earlier.where} in trace ${event.trace_id}; an event id names one event — send the change under a new id` };
        continue;
      }
      existing.set(key(event.trace_id, event.id), { body: event as unknown as Record<string, unknown>, where: "earlier in this request" });
      const seq = head.head_seq + 1;
      const prev = head.head_seq === 0 ? GENESIS_HASH : head.head_hash;
      const canonical = canonicalJson(event); // hashed, and stored as the body (jsonb ignores key order)
      const hash = linkHashFromCanonical(seq, prev, canonical, sha256Hex(raw));
      head.head_seq = seq;
      head.head_hash = hash;
      rollUp(head, event, format);
      if (event.stage !== "admin") decisive.add(head.id);
      countUsage(agentUsage, event, format);
      changed = true;
      results[i] = { id: event.id, status: "stored", trace_id: event.trace_id, seq, hash };
      const trust = [...new Set((event.provenance ?? []).map((p) => effectiveTrust(p.trust_level)))];
      lines.push(copyLine([
        event.id, event.trace_id, String(seq), prev, hash, event.agent.id, event.type, event.stage, event.decision ?? null,
        event.tool ?? null, numberOrNull(riskOf(event)), event.timestamp, pgTextArray(trust), event.parent_id ?? null,
        event.parent_trace_id ?? null, format, pgTextArray(event.flags ?? []), canonical, raw,
      ]));
    }
    if (changed) updated.push(head);
  }

  if (lines.length) await insertEvents(sql, lines);
  // the outcome the list shows and filters on is the engine's, over the trace's events as now chained
  for (const h of updated) if (decisive.has(h.id)) Object.assign(h, rollupOf(await traceOutcomeIn(sql, h.id)));

  if (updated.length) {
    await sql.query(
      `UPDATE traces t SET head_seq = u.head_seq, head_hash = u.head_hash, event_count = u.event_count,
              first_seen = u.first_seen, last_seen = u.last_seen, agents = ARRAY(SELECT jsonb_array_elements_text(u.agents::jsonb)),
              tools = ARRAY(SELECT jsonb_array_elements_text(u.tools::jsonb)),
              trust_levels = ARRAY(SELECT jsonb_array_elements_text(u.trust_levels::jsonb)), trust_summary = u.trust_summary::jsonb,
              final_decision = u.final_decision, final_reason = u.final_reason, final_seq = u.final_seq, max_risk = u.max_risk,
              plan_intent = u.plan_intent, budget_status = u.budget_status, parent_trace_id = u.parent_trace_id,
              search_text = u.search_text, tool_counts = u.tool_counts::jsonb, tool_calls = u.tool_calls, cost_usd = u.cost_usd,
              risk_thresholds = u.risk_thresholds::jsonb, foreign_origin = u.foreign_origin, updated_at = now()
         FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::float8[], $15::text[], $16::text[],
                     $17::text[], $18::text[], $19::text[], $20::int[], $21::float8[], $22::text[], $23::text[])
           AS u(id, head_seq, head_hash, event_count, first_seen, last_seen, agents, tools, trust_levels, trust_summary,
                final_decision, final_reason, final_seq, max_risk, plan_intent, budget_status, parent_trace_id, search_text,
                tool_counts, tool_calls, cost_usd, risk_thresholds, foreign_origin)
        WHERE t.id = u.id`,
      [
        updated.map((h) => h.id), updated.map((h) => h.head_seq), updated.map((h) => h.head_hash), updated.map((h) => h.event_count),
        updated.map((h) => new Date(h.first_seen).toISOString()), updated.map((h) => new Date(h.last_seen).toISOString()), updated.map((h) => JSON.stringify(h.agents)),
        updated.map((h) => JSON.stringify(h.tools)), updated.map((h) => JSON.stringify(h.trust_levels)),
        updated.map((h) => JSON.stringify(h.trust_summary)), updated.map((h) => h.final_decision), updated.map((h) => h.final_reason),
        updated.map((h) => h.final_seq), updated.map((h) => h.max_risk), updated.map((h) => h.plan_intent),
        updated.map((h) => h.budget_status), updated.map((h) => h.parent_trace_id), updated.map((h) => h.search_text),
        updated.map((h) => JSON.stringify(h.tool_counts)), updated.map((h) => h.tool_calls), updated.map((h) => h.cost_usd),
        updated.map((h) => (h.risk_thresholds ? JSON.stringify(h.risk_thresholds) : null)), updated.map((h) => h.foreign_origin),
      ],
    );
  }
  if (agentUsage.size) {
    const ids = [...agentUsage.keys()].sort();
    await sql.query(
      `INSERT INTO agent_usage AS a (agent_id, day, tool_calls, tool_counts, cost_usd)
       SELECT u.agent_id, (now() AT TIME ZONE 'UTC')::date, u.tool_calls, u.tool_counts::jsonb, u.cost_usd
         FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[]) AS u(agent_id, tool_calls, tool_counts, cost_usd)
       ON CONFLICT (agent_id, day) DO UPDATE SET
         tool_calls = a.tool_calls + EXCLUDED.tool_calls,
         cost_usd = a.cost_usd + EXCLUDED.cost_usd,
         tool_counts = (SELECT coalesce(jsonb_object_agg(k, coalesce((a.tool_counts->>k)::int, 0) + coalesce((EXCLUDED.tool_counts->>k)::int, 0)), '{}')
                          FROM jsonb_object_keys(a.tool_counts || EXCLUDED.tool_counts) AS k)`,
      [ids, ids.map((i) => agentUsage.get(i)!.tool_calls), ids.map((i) => JSON.stringify(agentUsage.get(i)!.tool_counts)), ids.map((i) => agentUsage.get(i)!.cost_usd)],
    );
  }
  return results;
}

const EVENT_COLUMNS = `id, trace_id, seq, prev_hash, hash, agent_id, type, stage, decision, tool, risk, "timestamp",
  trust_levels, parent_id, parent_trace_id, format, flags, body, raw`;

/**
 * COPY rather than INSERT when the connection can: the ids were checked under the trace locks, so there is
 * nothing to skip. Otherwise (a Prisma transaction, a handful of rows) the same COPY lines are inserted from text.
 */
async function insertEvents(sql: Sql, lines: string[]): Promise<void> {
  if (sql.copy) return sql.copy(`COPY events (${EVENT_COLUMNS}) FROM STDIN`, lines.join(""));
  for (const line of lines) {
    const fields = line.slice(0, -1).split("\t").map((f) => (f === "\\N" ? null : f.replace(/\\([\\nrt])/g, (_, c: string) => COPY_UNESCAPE[c])));
    await sql.query(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3::int, $4, $5, $6, $7, $8, $9, $10, $11::float8, $12::timestamptz,
         $13::text[], $14, $15, $16, $17::text[], $18::jsonb, $19)`,
      fields,
    );
  }
}
const COPY_UNESCAPE: Record<string, string> = { "\\": "\\", n: "\n", r: "\r", t: "\t" };

/** Why an event may not join this trace, or null. Human actions (system events) share the day's ops trace. */
function ownershipProblem(traceId: string, owner: string, e: RuntimeEvent, format: IncomingEvent["format"]): string | null {
  if (OPS_TRACE.test(traceId)) {
    return format === "system" ? null : `trace_id: ${traceId} is the server's trace of human actions; agents cannot write to it`;
  }
  if (e.agent.id === owner) return null;
  return `trace_id: trace ${traceId} belongs to agent "${owner}", which opened it; start your own trace and link it with parent_trace_id`;
}
const OPS_TRACE = /^ops-\d{4}-\d{2}-\d{2}$/;

/**
 * The first top-level field (in sorted order) whose canonical JSON differs between the stored event and a re-send,
 * or null when they are the same event. Compared on the event model (interceptor lines mapped), so a re-sent line
 * with other whitespace or key order is the same event.
 */
export function firstDifference(stored: Record<string, unknown>, sent: Record<string, unknown>): string | null {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(sent)])].sort();
  for (const k of keys) {
    const a = stored[k] === undefined ? undefined : canonicalJson(stored[k]);
    const b = sent[k] === undefined ? undefined : canonicalJson(sent[k]);
    if (a !== b) return k;
  }
  return null;
}

function counts(e: RuntimeEvent): boolean {
  return !(e.flags ?? []).some((f) => f === "explain" || f === "dry_run");
}

/**
 * Executions and reported cost, per agent, for the day's usage row. Imported reference-interceptor history (format
 * `interceptor`, set by the server, never by the sender) is not today's activity: it never counts toward live budgets.
 */
function countUsage(usage: Map<string, AgentDayUsage>, e: RuntimeEvent, format: IncomingEvent["format"]): void {
  if (!counts(e) || format === "interceptor") return;
  const isRun = EXECUTION_TYPES.has(e.type) && !!e.tool;
  const cost = e.cost?.usd ?? 0;
  if (!isRun && !cost) return;
  const u = usage.get(e.agent.id) ?? { tool_calls: 0, tool_counts: {}, cost_usd: 0 };
  if (isRun) {
    u.tool_calls++;
    u.tool_counts[e.tool!] = (u.tool_counts[e.tool!] ?? 0) + 1;
  }
  u.cost_usd += cost;
  usage.set(e.agent.id, u);
}

function riskOf(e: RuntimeEvent): number | null {
  const r = e.risk;
  if (!r) return null;
  return r.r_total ?? r.step_risk ?? null;
}

/** Folds one newly chained event into its trace's rollup (the event is later in chain order than all before it). */
function rollUp(h: TraceHead, e: RuntimeEvent, format: IncomingEvent["format"]): void {
  const ts = new Date(e.timestamp);
  if (h.event_count === 0 || ts < h.first_seen) h.first_seen = ts;
  if (h.event_count === 0 || ts > h.last_seen) h.last_seen = ts;
  h.event_count++;
  addUnique(h.agents, e.agent.id);
  if (e.tool) addUnique(h.tools, e.tool);
  for (const s of e.plan?.steps ?? []) addUnique(h.tools, s.tool);
  for (const p of e.provenance ?? []) {
    const level = effectiveTrust(p.trust_level);
    addUnique(h.trust_levels, level);
    h.trust_summary[level] = (h.trust_summary[level] ?? 0) + 1;
  }
  if (counts(e) && EXECUTION_TYPES.has(e.type) && e.tool) {
    h.tool_counts[e.tool] = (h.tool_counts[e.tool] ?? 0) + 1;
    h.tool_calls++;
  }
  // the reference repeats its running cost estimate on every line of a trace: the trace cost is its largest, not a sum
  if (counts(e) && e.cost?.usd) h.cost_usd = format === "interceptor" ? Math.max(h.cost_usd, e.cost.usd) : h.cost_usd + e.cost.usd;
  if (!h.plan_intent && e.plan?.intent) h.plan_intent = e.plan.intent.slice(0, 1000);
  if (e.budget?.violations?.length || e.budget?.status === "violated") h.budget_status = "violated";
  if (!h.parent_trace_id && e.parent_trace_id) h.parent_trace_id = e.parent_trace_id;
  if (h.search_text.length < SEARCH_TEXT_CAP) {
    const parts = [e.tool ?? "", ...(e.reasons ?? []), e.arguments === undefined ? "" : JSON.stringify(e.arguments).slice(0, 500)];
    for (const p of parts) {
      const t = p.toLowerCase();
      if (t && !h.search_text.includes(t)) h.search_text = (h.search_text ? h.search_text + "\n" : "") + t;
    }
    h.search_text = h.search_text.slice(0, SEARCH_TEXT_CAP);
  }
}

/** One row of COPY's text format: tab-separated, `\N` for NULL, backslash escapes. */
function copyLine(fields: Array<string | null>): string {
  let line = "";
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (i) line += "\t";
    line += f === null ? "\\N" : COPY_NEEDS_ESCAPE.test(f) ? f.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]) : f;
  }
  return line + "\n";
}
const COPY_NEEDS_ESCAPE = /[\\\n\r\t]/;
const COPY_SPECIAL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function numberOrNull(n: number | null): string | null {
  return n === null ? null : String(n);
}

/** A Postgres array literal for values from closed vocabularies (trust levels, flags: no quoting needed). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.join(",")}}`;
}

function addUnique(list: string[], v: string) {
  if (!list.includes(v)) list.push(v);
}
