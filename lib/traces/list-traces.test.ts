import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, zodToApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { encodeCursor, listTraces } from "./list-traces";
import { TraceListQuery, TraceListResponse, type TraceListQueryInput, type TraceSummary } from "./schemas";

assertTestDatabase();

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const AGENTS = ["agent-a", "agent-b", "agent-c"];
const TOOLS = ["db.read", "send_email", "http.get", "fs.write", "search"];
const TRUST = ["trusted", "internal", "external", "unverified"];
const DECISIONS = ["allow", "block", "require_approval", null] as const;

type Row = {
  id: string; firstSeen: Date; lastSeen: Date; eventCount: number; agents: string[]; tools: string[]; trustLevels: string[];
  trustSummary: Record<string, number>; finalDecision: string | null; finalReason: string | null; maxRisk: number | null;
  riskThresholds: { approval: number; halt: number } | null; foreignOrigin: "imported" | "outside_executor" | null;
  planIntent: string | null; budgetStatus: string; parentTraceId: string | null; searchText: string;
};

/** 67 traces with deliberate ties in every sort key and a block of traces without a risk value. */
function fixture(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 67; i++) {
    const lastMin = Math.floor(i / 3) * 7; // three traces share each last_seen
    const tools = [TOOLS[i % 5], ...(i % 4 === 0 ? [TOOLS[(i + 2) % 5]] : [])];
    const trust = i % 6 === 5 ? [] : [TRUST[i % 4], ...(i % 5 === 0 ? [TRUST[(i + 1) % 4]] : [])];
    const decision = DECISIONS[i % 4];
    rows.push({
      id: `tr-${String(i).padStart(3, "0")}-${(i * 7919) % 1000}`,
      firstSeen: new Date(T0 + (i % 10) * 60_000),
      lastSeen: new Date(T0 + 3600_000 + lastMin * 60_000),
      eventCount: 1 + (i % 9),
      agents: [AGENTS[i % 3], ...(i % 7 === 0 ? [AGENTS[(i + 1) % 3]] : [])],
      tools,
      trustLevels: trust,
      trustSummary: Object.fromEntries(trust.map((t) => [t, 1 + (i % 3)])),
      finalDecision: decision,
      finalReason: decision ? `${decision} by policy p${i % 3}` : null,
      maxRisk: i % 5 === 3 ? null : Math.round(((i * 37) % 25) * 0.1 * 100) / 100, // 0.0 .. 2.4, many ties
      riskThresholds: i % 2 ? { approval: 1.2, halt: 2 } : null, // as the engine recorded them; imported logs have none
      foreignOrigin: i % 9 === 4 ? "imported" : i % 9 === 8 ? "outside_executor" : null,
      planIntent: i % 2 ? `intent ${i}` : null,
      budgetStatus: i % 11 === 0 ? "violated" : "within_budget",
      parentTraceId: i % 13 === 0 && i > 0 ? "tr-000-0" : null,
      searchText: [...tools, `reason ${i}`, i === 10 ? "discount 100% off" : "", i === 11 ? "user_name=bob" : "", i === 12 ? "username bob" : ""]
        .filter(Boolean).join("\n").toLowerCase(),
    });
  }
  return rows;
}

const rows = fixture();

async function list(input: TraceListQueryInput) {
  const res = await listTraces(TraceListQuery.parse(input));
  TraceListResponse.parse(res); // the response honours its own contract
  return res;
}

/** Walks every page and returns the ids in order. */
async function all(input: TraceListQueryInput, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await list({ ...input, limit, ...(cursor ? { cursor } : {}) });
    expect(page.traces.length).toBeLessThanOrEqual(limit);
    ids.push(...page.traces.map((t) => t.id));
    if (!page.next_cursor) return ids;
    expect(page.traces.length).toBe(limit);
    cursor = page.next_cursor;
  }
  throw new Error("paging did not end");
}

function ids(pred: (r: Row) => boolean): string[] {
  return rows.filter(pred).map((r) => r.id).sort();
}

/** Reference ordering computed in JS: (key, id) with nulls last in both directions. */
function expectedOrder(sort: "last_seen" | "first_seen" | "risk" | "events", order: "asc" | "desc", subset = rows): string[] {
  const key = (r: Row): number | null =>
    sort === "last_seen" ? r.lastSeen.getTime() : sort === "first_seen" ? r.firstSeen.getTime() : sort === "risk" ? r.maxRisk : r.eventCount;
  const dir = order === "asc" ? 1 : -1;
  return [...subset]
    .sort((a, b) => {
      const ka = key(a), kb = key(b);
      if (ka === null && kb !== null) return 1;
      if (kb === null && ka !== null) return -1;
      if (ka !== null && kb !== null && ka !== kb) return (ka - kb) * dir;
      return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
    })
    .map((r) => r.id);
}

beforeAll(async () => {
  await resetDatabase();
  await prisma.trace.createMany({ data: rows.map((r) => ({ ...r, riskThresholds: r.riskThresholds ?? undefined })) });
});

afterAll(resetDatabase);

describe("listTraces filters", () => {
  it("returns everything, newest activity first, when unfiltered", async () => {
    const page = await list({});
    expect(page.traces).toHaveLength(50);
    expect(page.next_cursor).not.toBeNull();
    expect(page.traces.map((t) => t.id)).toEqual(expectedOrder("last_seen", "desc").slice(0, 50));
  });

  it("maps a row to the summary shape", async () => {
    const r = rows[13];
    const t = (await list({ q: "reason 13" })).traces.find((x) => x.id === r.id) as TraceSummary;
    expect(t).toEqual({
      id: r.id, agents: r.agents, tools: r.tools, first_seen: r.firstSeen.toISOString(), last_seen: r.lastSeen.toISOString(),
      event_count: r.eventCount, final_decision: r.finalDecision, final_reason: r.finalReason, max_risk: r.maxRisk, risk_thresholds: r.riskThresholds,
      foreign: r.foreignOrigin, plan_intent: r.planIntent, budget_status: r.budgetStatus, trust_summary: r.trustSummary, trust_levels: r.trustLevels,
      parent_trace_id: r.parentTraceId,
    });
  });

  it("filters by agent (any agent in the trace)", async () => {
    const got = await all({ agent: "agent-b" });
    expect(got.sort()).toEqual(ids((r) => r.agents.includes("agent-b")));
    expect(await all({ agent: "nobody" })).toEqual([]);
  });

  it("filters by tool (exact name)", async () => {
    expect((await all({ tool: "send_email" })).sort()).toEqual(ids((r) => r.tools.includes("send_email")));
    expect(await all({ tool: "send" })).toEqual([]);
  });

  it("filters by trust level present", async () => {
    for (const trust of TRUST) {
      expect((await all({ trust: trust as TraceListQueryInput["trust"] })).sort()).toEqual(ids((r) => r.trustLevels.includes(trust)));
    }
  });

  it("filters by final decision, with none = no verdict", async () => {
    for (const d of ["allow", "block", "require_approval"] as const) {
      expect((await all({ decision: d })).sort()).toEqual(ids((r) => r.finalDecision === d));
    }
    expect((await all({ decision: "none" })).sort()).toEqual(ids((r) => r.finalDecision === null));
  });

  it("filters by risk range (inclusive; traces without risk excluded)", async () => {
    expect((await all({ risk_min: "1.5" })).sort()).toEqual(ids((r) => r.maxRisk !== null && r.maxRisk >= 1.5));
    expect((await all({ risk_max: 0.5 })).sort()).toEqual(ids((r) => r.maxRisk !== null && r.maxRisk <= 0.5));
    expect((await all({ risk_min: "0.7", risk_max: "1.2" })).sort()).toEqual(ids((r) => r.maxRisk !== null && r.maxRisk >= 0.7 && r.maxRisk <= 1.2));
  });

  it("filters by last_seen time range (inclusive)", async () => {
    const from = new Date(T0 + 3600_000 + 21 * 60_000);
    const to = new Date(T0 + 3600_000 + 70 * 60_000);
    const got = await all({ from: from.toISOString(), to: to.toISOString() });
    expect(got.sort()).toEqual(ids((r) => r.lastSeen >= from && r.lastSeen <= to));
    expect(got.length).toBeGreaterThan(3);
    // offsets other than Z are accepted
    const sameFrom = "2026-03-01T02:21:00.000+01:00";
    expect((await all({ from: sameFrom, to: to.toISOString() })).sort()).toEqual(got.sort());
  });

  it("combines filters with AND", async () => {
    const got = await all({ agent: "agent-a", decision: "allow", trust: "trusted" });
    expect(got.sort()).toEqual(ids((r) => r.agents.includes("agent-a") && r.finalDecision === "allow" && r.trustLevels.includes("trusted")));
  });

  it("searches free text case-insensitively, with % and _ taken literally", async () => {
    expect(await all({ q: "REASON 42" })).toEqual([rows[42].id]);
    expect((await all({ q: "send_email" })).sort()).toEqual(ids((r) => r.tools.includes("send_email")));
    expect(await all({ q: "100%" })).toEqual([rows[10].id]);
    expect(await all({ q: "%" })).toEqual([rows[10].id]);
    expect(await all({ q: "user_name" })).toEqual([rows[11].id]); // not "username"
    expect(await all({ q: "zzz-not-there" })).toEqual([]);
    expect(await all({ q: "\\" })).toEqual([]);
  });
});

describe("listTraces sorting and cursor paging", () => {
  for (const sort of ["last_seen", "first_seen", "risk", "events"] as const) {
    for (const order of ["asc", "desc"] as const) {
      it(`pages through sort=${sort} order=${order} without duplicates or omissions`, async () => {
        const got = await all({ sort, order }, 7);
        expect(new Set(got).size).toBe(got.length);
        expect(got).toEqual(expectedOrder(sort, order));
      });
    }
  }

  it("pages a filtered view the same way", async () => {
    const subset = rows.filter((r) => r.agents.includes("agent-a"));
    expect(await all({ agent: "agent-a", sort: "risk", order: "desc" }, 4)).toEqual(expectedOrder("risk", "desc", subset));
    expect(await all({ agent: "agent-a", sort: "risk", order: "asc" }, 5)).toEqual(expectedOrder("risk", "asc", subset));
  });

  it("pages correctly with page size 1 across the null-risk block", async () => {
    expect(await all({ sort: "risk" }, 1)).toEqual(expectedOrder("risk", "desc"));
  });

  it("ends with next_cursor null on an exact last page", async () => {
    const page = await list({ limit: rows.length });
    expect(page.traces).toHaveLength(rows.length);
    expect(page.next_cursor).toBeNull();
  });

  it("picks up traces that arrive while paging, without repeating earlier rows", async () => {
    const first = await list({ limit: 10 });
    await prisma.trace.create({
      data: { id: "tr-late", firstSeen: new Date(T0), lastSeen: new Date(T0 + 86_400_000), searchText: "" },
    });
    try {
      const rest = await all({ cursor: first.next_cursor! }, 10);
      const seen = [...first.traces.map((t) => t.id), ...rest];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expectedOrder("last_seen", "desc"));
      expect((await list({ limit: 1 })).traces[0].id).toBe("tr-late");
    } finally {
      await prisma.trace.delete({ where: { id: "tr-late" } });
    }
  });

  it("rejects a cursor made for another sort, and a forged one, with 422", async () => {
    const page = await list({ sort: "events", limit: 5 });
    const err = await listTraces(TraceListQuery.parse({ sort: "risk", cursor: page.next_cursor })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/cursor: was made for sort=events/);

    for (const cursor of ["bm90LWpzb24", encodeCursor({ s: "last_seen", o: "desc", k: 5, id: "x" }), Buffer.from('{"s":"last_seen"}').toString("base64url")]) {
      const e = await listTraces(TraceListQuery.parse({ cursor })).catch((x) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect(e.status).toBe(422);
      expect(e.message).toMatch(/cursor/);
    }
  });
});

describe("TraceListQuery validation (422 naming the field)", () => {
  function problem(input: Record<string, unknown>): ApiError {
    const parsed = TraceListQuery.safeParse(input);
    expect(parsed.success).toBe(false);
    return zodToApiError(parsed.error!, "query");
  }

  it("applies defaults", () => {
    expect(TraceListQuery.parse({})).toEqual({ sort: "last_seen", order: "desc", limit: 50 });
    expect(TraceListQuery.parse({ limit: "200", risk_min: "0", sort: "risk", order: "asc" })).toMatchObject({ limit: 200, risk_min: 0 });
  });

  it.each([
    [{ limit: "0" }, "limit"],
    [{ limit: "201" }, "limit"],
    [{ limit: "2.5" }, "limit"],
    [{ limit: "ten" }, "limit"],
    [{ decision: "deny" }, "decision"],
    [{ trust: "partner" }, "trust"],
    [{ sort: "name" }, "sort"],
    [{ order: "up" }, "order"],
    [{ risk_min: "high" }, "risk_min"],
    [{ risk_min: "-1" }, "risk_min"],
    [{ risk_min: "2", risk_max: "1" }, "risk_max"],
    [{ from: "yesterday" }, "from"],
    [{ to: "2026-13-01T00:00:00Z" }, "to"],
    [{ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" }, "to"],
    [{ agent: "" }, "agent"],
    [{ q: "   " }, "q"],
    [{ q: "x".repeat(201) }, "q"],
    [{ cursor: "not a cursor!" }, "cursor"],
  ])("rejects %j naming %s", (input, field) => {
    const e = problem(input);
    expect(e.status).toBe(422);
    expect(e.message).toContain(`${field}:`);
  });

  it("rejects unknown parameters and names them", () => {
    const e = problem({ agnet: "agent-a", page: "2" });
    expect(e.status).toBe(422);
    expect(e.message).toContain("agnet");
    expect(e.message).toContain("page");
  });
});
