process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { DEMO_WORKED_EXAMPLE_TRACE } from "@/lib/demo/demo-data";
import { seedDatabase } from "@/lib/demo/seed-database";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { GET as getRunRoute } from "@/app/api/v1/replay/what-if/[id]/route";
import { GET as exportRoute } from "@/app/api/v1/replay/what-if/[id]/export/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/replay/what-if/route";
import { listRuns, STALE_MESSAGE } from "./get-run";
import { runWhatIf } from "./run-what-if";
import { gatedDefaultFiles } from "@/lib/policies/loosened-draft";
import { stricterDraftFiles } from "./stricter-draft";
import { WhatIfRunDetail, WhatIfRunList } from "./schemas";

assertTestDatabase();
const NOW = new Date();

let cookie = "";

function req(method: string, path: string, body?: unknown) {
  return new NextRequest(new URL(path, "http://localhost"), {
    method, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });



beforeAll(async () => {
  await resetDatabase();
  await prisma.$executeRawUnsafe("TRUNCATE what_if_flips, what_if_runs");
  await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "helper-password-1", now: NOW });
  const u = await prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  cookie = `${SESSION_COOKIE}=${(await createSession(u.id)).token}`;
}, 120_000);

describe("one trace through the API", () => {
  it("a single trace decided by the engine, re-run under the bundle active for it, flips nothing (201, finished inline)", async () => {
    const live = await prisma.event.findFirstOrThrow({ where: { type: "plan.submitted" }, select: { traceId: true } });
    const active = await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } });
    const res = await createRoute(req("POST", "/api/v1/replay/what-if", { bundle_id: active.bundleId, trace_id: live.traceId }), params({}));
    expect(res.status).toBe(201);
    const d = WhatIfRunDetail.parse(await res.json());
    expect(d.run).toMatchObject({ status: "done", total: 1, done: 1 });
    expect(d.run.summary).toMatchObject({ evaluations: 1, steps: 3, unchanged: 3, flips: {}, errors: 0 });
    expect(d.flips).toEqual([]);
    const list = WhatIfRunList.parse(await (await listRoute(req("GET", "/api/v1/replay/what-if"), params({}))).json());
    expect(list.runs[0].id).toBe(d.run.id);
    const got = await getRunRoute(req("GET", `/api/v1/replay/what-if/${d.run.id}`), params({ id: d.run.id }));
    expect(got.status).toBe(200);
  });
});

describe("a draft with the scenario gate", () => {
  it("a draft whose bundle.yaml sets scenarios: is accepted like any other draft (the engine schema knows the key)", async () => {
    const res = await createRoute(req("POST", "/api/v1/replay/what-if", { draft: { files: gatedDefaultFiles() }, trace_id: DEMO_WORKED_EXAMPLE_TRACE }), params({}));
    expect(res.status, await res.clone().text()).toBe(201);
    const d = WhatIfRunDetail.parse(await res.json());
    expect(d.run).toMatchObject({ status: "done", total: 1 });
    expect(d.run.summary).toMatchObject({ errors: 0 });
  });
});

describe("what-if requests a client gets wrong", () => {
  const post = async (body: unknown) => {
    const res = await createRoute(req("POST", "/api/v1/replay/what-if", body), params({}));
    return { status: res.status, body: await res.json() };
  };

  it("names the field: both or neither policy, both or neither scope, reversed range", async () => {
    const both = await post({ bundle_id: "pb_x", draft: { files: stricterDraftFiles() }, trace_id: "t" });
    expect(both.status).toBe(422);
    expect(both.body.error.message).toMatch(/draft: give exactly one of bundle_id or draft/);
    const noScope = await post({ bundle_id: "pb_x" });
    expect(noScope.body.error.message).toMatch(/trace_id: give exactly one of trace_id or filter/);
    const reversed = await post({ bundle_id: "pb_x", filter: { from: "2026-11-21T10:00:00Z", to: "2026-11-20T10:00:00Z" } });
    expect(reversed.body.error.message).toMatch(/filter\.to: must not be before from/);
    expect((await post({ bundle_id: "pb_x", trace_id: "t", extra: 1 })).body.error.message).toMatch(/unknown field\(s\): extra/);
  });

  it("an invalid draft is refused with its file and line, an unknown bundle or trace by name", async () => {
    const files = stricterDraftFiles().map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + "\nforbid (principal, action, resource) when { context.nope };\n" } : f));
    const bad = await post({ draft: { files }, trace_id: DEMO_WORKED_EXAMPLE_TRACE });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^draft: policy bundle is invalid: guardrails\.cedar:\d+/);
    expect(bad.body.error.details[0]).toMatchObject({ file: "guardrails.cedar", line: expect.any(Number) });
    const unknownBundle = await post({ bundle_id: "pb_nope", trace_id: DEMO_WORKED_EXAMPLE_TRACE });
    expect(unknownBundle).toMatchObject({ status: 422, body: { error: { message: "bundle_id: no stored policy bundle version pb_nope" } } });
    const active = await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } });
    expect((await post({ bundle_id: active.bundleId, trace_id: "tr_nope" })).status).toBe(404);
  });

  it("unknown run 404, bad cursor and bad export format 422", async () => {
    expect((await getRunRoute(req("GET", "/api/v1/replay/what-if/wi_nope"), params({ id: "wi_nope" }))).status).toBe(404);
    const any = (await listRuns(1)).runs[0].id;
    expect((await getRunRoute(req("GET", `/api/v1/replay/what-if/${any}?cursor=abc`), params({ id: any }))).status).toBe(422);
    expect((await getRunRoute(req("GET", `/api/v1/replay/what-if/${any}?limit=0`), params({ id: any }))).status).toBe(422);
    expect((await exportRoute(req("GET", `/api/v1/replay/what-if/${any}/export?format=xml`), params({ id: any }))).status).toBe(422);
    expect((await exportRoute(req("GET", `/api/v1/replay/what-if/${any}/export?class=all`), params({ id: any }))).status).toBe(422);
    expect((await getRunRoute(req("GET", `/api/v1/replay/what-if/${any}?class=flips`), params({ id: any }))).status).toBe(422);
  });
});

describe("runs in progress", () => {
  it("a person with two runs in progress gets 429 for a third; stopped runs do not count", async () => {
    const mk = (id: string, status: string, heartbeatAt: Date | null) =>
      prisma.whatIfRun.create({ data: { id, status, params: { trace_id: "t" }, bundleLabel: "x", bundle: {}, createdBy: "admin@example.com", heartbeatAt } });
    await mk("wi_busy_1", "running", new Date());
    await mk("wi_dead", "running", new Date(Date.now() - 60_000));
    const active = await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } });
    const body = { bundle_id: active.bundleId, trace_id: DEMO_WORKED_EXAMPLE_TRACE };
    expect((await createRoute(req("POST", "/api/v1/replay/what-if", body), params({}))).status).toBe(201); // one in progress: fine
    await mk("wi_busy_2", "queued", null);
    const refused = await createRoute(req("POST", "/api/v1/replay/what-if", body), params({}));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toContain("2 what-if runs in progress");
    await prisma.whatIfRun.deleteMany({ where: { id: { in: ["wi_busy_1", "wi_busy_2", "wi_dead"] } } });
  });
});

describe("a run whose process stopped", () => {
  it("is marked failed by the next reader once its heartbeat is 30 s old", async () => {
    await prisma.whatIfRun.create({
      data: { id: "wi_stale", status: "running", params: { trace_id: "t" }, bundleLabel: "x", bundle: {}, heartbeatAt: new Date(Date.now() - 45_000), startedAt: new Date(Date.now() - 60_000) },
    });
    await prisma.whatIfRun.create({
      data: { id: "wi_alive", status: "running", params: { trace_id: "t" }, bundleLabel: "x", bundle: {}, heartbeatAt: new Date(), startedAt: new Date() },
    });
    const runs = (await listRuns(50)).runs;
    expect(runs.find((r) => r.id === "wi_stale")).toMatchObject({ status: "failed", error: STALE_MESSAGE });
    expect(runs.find((r) => r.id === "wi_alive")?.status).toBe("running");
    // a stale run cannot be revived by its old process: the runner only claims queued runs
    await runWhatIf("wi_stale");
    expect((await prisma.whatIfRun.findUniqueOrThrow({ where: { id: "wi_stale" } })).status).toBe("failed");
  });
});
