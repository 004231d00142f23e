import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { GENESIS_HASH, linkHash, sha256Hex } from "@/engine/crypto/hash-chain";
import { getEvent } from "@/lib/events/get-event";
import { StoredEvent } from "@/lib/events/schemas";
import { TraceDetail, TraceEventsPage } from "@/lib/traces/schemas";
import { getTrace } from "./get-trace";
import { listTraceEvents } from "./list-trace-events";
import { GET as getTraceRoute } from "@/app/api/v1/traces/[id]/route";
import { GET as getTraceEventsRoute } from "@/app/api/v1/traces/[id]/events/route";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";

const dbName = new URL(process.env.DATABASE_URL ?? "postgresql://x/none").pathname.slice(1);
if (!dbName.endsWith("_test")) throw new Error(`refusing to run database tests against "${dbName}": the database name must end in _test`);

const run = `gt${Date.now().toString(36)}`;
const AGENT = `${run}-agent`;
const TRACE = `${run}-trace`;
const CHILD = `${run}-child`;
const N = 53;

function ev(i: number, extra: Partial<RuntimeEvent> = {}): RuntimeEvent {
  const stages = ["input", "context", "plan", "policy", "decision", "execution"] as const;
  return {
    id: `${TRACE}-e${i}`,
    trace_id: TRACE,
    timestamp: new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(),
    type: `test.${stages[i % stages.length]}`,
    stage: stages[i % stages.length],
    agent: { id: AGENT },
    schema_version: "1.0",
    ...extra,
  };
}

/** Raw text with odd spacing, key order and escapes, so "verbatim" is actually tested. */
function rawOf(e: RuntimeEvent): string {
  const json = JSON.stringify(e, null, 1);
  return `  ${json.replace('"schema_version"', '"schema_version"  ').replace("test.", "test\\u002e")}\n`;
}

let cookie = "";

/**
 * Writes events and their trace row the way ingestion stores them (seq from 1, hash chain, rollup given
 * by the caller), directly with Prisma so these read-side tests do not depend on the ingest code.
 */
async function insertTrace(events: RuntimeEvent[], raw: (e: RuntimeEvent) => string, rollup: Record<string, unknown>) {
  let prev = GENESIS_HASH;
  const rows = events.map((event, i) => {
    const r = raw(event);
    const seq = i + 1;
    const hash = linkHash({ seq, prev_hash: prev, event, raw_sha256: sha256Hex(r) });
    const row = {
      id: event.id, traceId: event.trace_id, seq, prevHash: prev, hash, agentId: event.agent.id, type: event.type, stage: event.stage,
      decision: event.decision ?? null, tool: event.tool ?? null, risk: event.risk?.r_total ?? null, timestamp: new Date(event.timestamp),
      trustLevels: [...new Set((event.provenance ?? []).map((p) => p.trust_level))], parentTraceId: event.parent_trace_id ?? null,
      format: "native", flags: [], body: event as object, raw: r,
    };
    prev = hash;
    return row;
  });
  await prisma.trace.create({
    data: {
      id: events[0].trace_id, firstSeen: new Date(events[0].timestamp), lastSeen: new Date(events[events.length - 1].timestamp),
      eventCount: events.length, headSeq: events.length, headHash: prev, agents: [AGENT], ...rollup,
    },
  });
  for (let i = 0; i < rows.length; i += 20) await prisma.event.createMany({ data: rows.slice(i, i + 20) });
}

beforeAll(async () => {
  await prisma.agent.create({ data: { id: AGENT, name: "Invoice bot", owner: "finance-platform", environment: "staging", trustLevel: "internal" } });
  const events: RuntimeEvent[] = [];
  for (let i = 1; i <= N; i++) {
    const extra: Partial<RuntimeEvent> = {};
    if (i === 3) extra.plan = { intent: "pay invoice 42", steps: [{ index: 0, tool: "read_invoice" }, { index: 1, tool: "send_payment", capability: "payments.write" }] };
    if (i === 4) extra.provenance = [{ source_type: "retrieval_chunk", trust_level: "external", source_name: "vendor.pdf", content_hash: "sha256:ab" }];
    if (i === 10) extra.budget = { usage: { tool_calls: 1 }, limits: { max_tool_calls: 10 } };
    if (i === 40) extra.budget = { usage: { tool_calls: 9 }, limits: { max_tool_calls: 10 }, violations: [] };
    if (i === 41) Object.assign(extra, { decision: "block", reasons: ["exfiltration to unknown domain"], step: 1, tool: "send_payment", risk: { r_step: 0.8, e: 1.5, t: 2, b: 1, step_risk: 2.4, r_total: 2.5 } });
    events.push(ev(i, extra));
  }
  await insertTrace(events, rawOf, {
    finalDecision: "block", finalReason: "exfiltration to unknown domain", maxRisk: 2.5, planIntent: "pay invoice 42",
    trustSummary: { external: 1 }, trustLevels: ["external"], tools: ["send_payment", "read_invoice"],
  });
  const child: RuntimeEvent = { ...ev(1), id: `${CHILD}-e1`, trace_id: CHILD, parent_trace_id: TRACE };
  await insertTrace([child], (e) => JSON.stringify(e), { parentTraceId: TRACE });

  const user = await createUser({ email: `${run}@example.test`, name: "Viewer", role: "viewer", password: "pw-for-tests-only" });
  cookie = `${SESSION_COOKIE}=${(await createSession(user.id)).token}`;
});

afterAll(async () => {
  await prisma.event.deleteMany({ where: { traceId: { in: [TRACE, CHILD] } } });
  await prisma.trace.deleteMany({ where: { id: { in: [TRACE, CHILD] } } });
  await prisma.agent.deleteMany({ where: { id: AGENT } });
  await prisma.user.deleteMany({ where: { email: `${run}@example.test` } });
});

function req(path: string, withCookie = true) {
  return new NextRequest(new URL(path, "http://localhost"), { headers: withCookie ? { cookie } : {} });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("getTrace", () => {
  it("returns the rollup with agent identity, child traces, latest budget and stage counts", async () => {
    const t = TraceDetail.parse(await getTrace(TRACE));
    expect(t.event_count).toBe(N);
    expect(t.head_seq).toBe(N);
    expect(t.final_decision).toBe("block");
    expect(t.final_reason).toBe("exfiltration to unknown domain");
    expect(t.max_risk).toBe(2.5);
    expect(t.plan_intent).toBe("pay invoice 42");
    expect(t.agent).toEqual([{ id: AGENT, registered: true, name: "Invoice bot", owner: "finance-platform", environment: "staging", trust_level: "internal" }]);
    expect(t.child_trace_ids).toEqual([CHILD]);
    expect(t.budget).toEqual({ usage: { tool_calls: 9 }, limits: { max_tool_calls: 10 }, violations: [] });
    expect(Object.values(t.stage_counts).reduce((a, b) => a + b, 0)).toBe(N);
    expect(t.trust_summary).toEqual({ external: 1 });
  });

  it("returns null for an unknown trace", async () => {
    expect(await getTrace(`${run}-nope`)).toBeNull();
  });
});

describe("listTraceEvents", () => {
  it("pages by seq with no gaps or repeats and a null cursor at the end", async () => {
    const seqs: number[] = [];
    let cursor = 0;
    for (let pages = 0; pages < 100; pages++) {
      const page = TraceEventsPage.parse(await listTraceEvents(TRACE, { cursor, limit: 7 }));
      seqs.push(...page.events.map((e) => e.seq));
      expect(page.events.every((e) => e.raw === undefined)).toBe(true);
      if (page.next_cursor === null) break;
      cursor = page.next_cursor;
    }
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it("links each event to the previous hash", async () => {
    const { events } = await listTraceEvents(TRACE, { limit: 1000 });
    for (let i = 1; i < events.length; i++) expect(events[i].prev_hash).toBe(events[i - 1].hash);
  });

  it("filters by stage and includes raw when asked", async () => {
    const page = await listTraceEvents(TRACE, { stage: ["plan", "decision"], include_raw: true, limit: 1000 });
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.every((e) => e.event.stage === "plan" || e.event.stage === "decision")).toBe(true);
    expect(page.events.every((e) => typeof e.raw === "string")).toBe(true);
  });
});

describe("getEvent", () => {
  it("returns the raw JSON byte for byte", async () => {
    const id = `${TRACE}-e4`;
    const stored = StoredEvent.parse(await getEvent(id));
    const expected = rawOf(ev(4, { provenance: [{ source_type: "retrieval_chunk", trust_level: "external", source_name: "vendor.pdf", content_hash: "sha256:ab" }] }));
    expect(stored.raw).toBe(expected);
    expect(stored.event.provenance?.[0].source_name).toBe("vendor.pdf");
    expect(stored.seq).toBe(4);
  });
});

describe("routes", () => {
  it("GET /api/v1/traces/{id} returns the detail and 404s naming an unknown id", async () => {
    const ok = await getTraceRoute(req(`/api/v1/traces/${TRACE}`), params(TRACE));
    expect(ok.status).toBe(200);
    expect(TraceDetail.parse(await ok.json()).id).toBe(TRACE);
    const missing = await getTraceRoute(req(`/api/v1/traces/${run}-missing`), params(`${run}-missing`));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain(`${run}-missing`);
  });

  it("rejects requests without a session", async () => {
    const res = await getTraceRoute(req(`/api/v1/traces/${TRACE}`, false), params(TRACE));
    expect(res.status).toBe(401);
  });

  it("GET /api/v1/traces/{id}/events pages and validates its query", async () => {
    const res = await getTraceEventsRoute(req(`/api/v1/traces/${TRACE}/events?cursor=50&limit=2`), params(TRACE));
    const page = TraceEventsPage.parse(await res.json());
    expect(page.events.map((e) => e.seq)).toEqual([51, 52]);
    expect(page.next_cursor).toBe(52);
    const bad = await getTraceEventsRoute(req(`/api/v1/traces/${TRACE}/events?limit=5000`), params(TRACE));
    expect(bad.status).toBe(422);
    const badStage = await getTraceEventsRoute(req(`/api/v1/traces/${TRACE}/events?stage=plan,bogus`), params(TRACE));
    expect(badStage.status).toBe(422);
    const missing = await getTraceEventsRoute(req(`/api/v1/traces/${run}-missing/events`), params(`${run}-missing`));
    expect(missing.status).toBe(404);
  });

  it("GET /api/v1/events/{id}?format=raw returns the bytes exactly as received", async () => {
    const id = `${TRACE}-e7`;
    const expected = Buffer.from(rawOf(ev(7)), "utf8");
    const res = await getEventRoute(req(`/api/v1/events/${id}?format=raw`), params(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Buffer.from(await res.arrayBuffer()).equals(expected)).toBe(true);
    const json = await getEventRoute(req(`/api/v1/events/${id}`), params(id));
    expect(StoredEvent.parse(await json.json()).raw).toBe(expected.toString("utf8"));
    const missing = await getEventRoute(req(`/api/v1/events/${run}-missing`), params(`${run}-missing`));
    expect(missing.status).toBe(404);
  });
});
