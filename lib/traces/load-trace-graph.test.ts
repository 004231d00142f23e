import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEMO_CHILD_TRACES, DEMO_ORCHESTRATOR_TRACE } from "@/lib/demo/demo-data";
import { seededDemoEvents } from "@/tests/demo-events";
import { assertTestDatabase } from "@/tests/test-db";
import { GET as graphRoute } from "@/app/api/v1/traces/[id]/graph/route";
import { TraceGraphResponse } from "./graph-schemas";
import { loadTraceGraph } from "./load-trace-graph";

assertTestDatabase();

// the demo's multi-agent chain under fresh ids, so the test never collides with other rows
const run = `hg${Date.now().toString(36)}`;
const ORCH = `${run}_orch`;
const rename = (s: string) => s.replaceAll("tr_orch_quarter_close", ORCH).replaceAll("evt_orch_quarter_close", `${run}_evt`);
const traces = [DEMO_ORCHESTRATOR_TRACE, ...DEMO_CHILD_TRACES];
const events: RuntimeEvent[] = JSON.parse(rename(JSON.stringify((await seededDemoEvents()).filter((e) => traces.includes(e.trace_id)))));
const ids = traces.map(rename);
const [FIN, CRM] = DEMO_CHILD_TRACES.map(rename);
let cookie = "";

beforeAll(async () => {
  await storeEvents(events.map((event) => ({ event, raw: JSON.stringify(event), format: "native" as const })));
  const user = await createUser({ email: `${run}@example.test`, name: "Viewer", role: "viewer", password: "pw-for-tests-only" });
  cookie = `${SESSION_COOKIE}=${(await createSession(user.id)).token}`;
});

afterAll(async () => {
  await prisma.event.deleteMany({ where: { traceId: { in: ids } } });
  await prisma.trace.deleteMany({ where: { id: { in: ids } } });
  await prisma.user.deleteMany({ where: { email: `${run}@example.test` } });
});

const req = (path: string) => new NextRequest(new URL(path, "http://localhost"), { headers: { cookie } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("loadTraceGraph", () => {
  it("joins a child trace with its parent and its sibling into one graph", async () => {
    const g = TraceGraphResponse.parse(await loadTraceGraph(FIN, "aggregated"));
    expect(g.trace_id).toBe(FIN);
    expect(g.root_trace_id).toBe(ORCH);
    expect(g.groups.map((x) => x.trace_id)).toEqual([ORCH, CRM, FIN]);
    expect(g.load_limits).toBeNull();
    const sum = g.groups.reduce((a, x) => a + (x.r_total ?? 0), 0);
    expect(g.r_total).toBeCloseTo(sum, 10);
    expect(g.edges.some((e) => e.kinds.includes("delegation"))).toBe(true);
  });

  it("reports what the load limits left out", async () => {
    const g = TraceGraphResponse.parse(await loadTraceGraph(ORCH, "aggregated", { maxTraces: 2 }));
    expect(g.groups).toHaveLength(2);
    expect(g.load_limits?.traces_omitted).toBe(1);
    const byEvents = TraceGraphResponse.parse(await loadTraceGraph(ORCH, "expanded", { maxEvents: 20 }));
    expect(byEvents.load_limits?.events_omitted).toBeGreaterThan(0);
    expect(byEvents.groups.map((x) => x.trace_id)).toContain(ORCH);
  });

  it("returns null for an unknown trace", async () => {
    expect(await loadTraceGraph(`${run}_missing`, "aggregated")).toBeNull();
  });
});

describe("GET /api/v1/traces/{id}/graph", () => {
  it("returns the graph, 404s an unknown trace and 422s a bad mode naming the field, like every query error", async () => {
    const ok = await graphRoute(req(`/api/v1/traces/${ORCH}/graph?mode=expanded`), params(ORCH));
    expect(ok.status).toBe(200);
    const g = TraceGraphResponse.parse(await ok.json());
    expect(g.mode).toBe("expanded");
    expect(g.groups).toHaveLength(3);

    const missing = await graphRoute(req(`/api/v1/traces/${run}_missing/graph`), params(`${run}_missing`));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain(`${run}_missing`);

    const bad = await graphRoute(req(`/api/v1/traces/${ORCH}/graph?mode=sideways`), params(ORCH));
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details[0]).toMatchObject({ field: "mode" });
    expect(body.error.message).toContain("mode");
  });

  it("rejects requests without a session", async () => {
    const res = await graphRoute(new NextRequest(new URL(`/api/v1/traces/${ORCH}/graph`, "http://localhost")), params(ORCH));
    expect(res.status).toBe(401);
  });
});
