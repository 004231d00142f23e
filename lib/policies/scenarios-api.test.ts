process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { seedDatabase } from "@/lib/demo/seed-database";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { POST as uploadRoute } from "@/app/api/v1/policies/route";
import { POST as activateRoute } from "@/app/api/v1/policies/[id]/activate/route";
import { POST as versionScenariosRoute } from "@/app/api/v1/policies/[id]/scenarios/route";
import { POST as draftScenariosRoute } from "@/app/api/v1/policies/scenarios/route";
import { POST as validateRoute } from "@/app/api/v1/policies/validate/route";
import { gatedDefaultFiles, loosenedDraftFiles } from "./loosened-draft";
import { SuiteResultSchema } from "./schemas";

/**
 * The scenario harness through the real routes and a real Postgres: the project's suite (scenarios/) against the
 * seeded default bundle and against a loosened draft, and the activation gate (scenarios.require_pass).
 */

assertTestDatabase();
let admin = "";
let viewer = "";

function req(path: string, body: unknown, cookie = admin) {
  return new NextRequest(new URL(path, "http://localhost"), { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
const activeId = async () => (await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } })).bundleId;
async function upload(files: Array<{ name: string; text: string }>, note: string) {
  const res = await uploadRoute(req("/api/v1/policies", { files, note }), params({}));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; version: number };
}

beforeAll(async () => {
  await resetDatabase();
  await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "helper-password-1", now: new Date() });
  const cookieFor = async (email: string) => `${SESSION_COOKIE}=${(await createSession((await prisma.user.findUniqueOrThrow({ where: { email } })).id)).token}`;
  admin = await cookieFor("admin@example.com");
  viewer = await cookieFor("viewer@example.com");
}, 120_000);

describe("running the project's suite", () => {
  it("the seeded default bundle passes it: 0 unsafe allows, every scenario as expected (a viewer may run it)", async () => {
    const id = await activeId();
    const res = await versionScenariosRoute(req(`/api/v1/policies/${id}/scenarios`, { suite: "builtin" }, viewer), params({ id }));
    expect(res.status).toBe(200);
    const r = SuiteResultSchema.parse(await res.json());
    expect(r.total).toBeGreaterThanOrEqual(150);
    expect(r.errors).toEqual([]);
    expect(r.unsafe_allows).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.bundle.version).toBe(1);
  }, 60_000);

  it("a loosened draft (guardrails replaced by a permit-all) reports its unsafe allows with expected, actual and why", async () => {
    const res = await draftScenariosRoute(req("/api/v1/policies/scenarios", { draft: { files: loosenedDraftFiles() }, suite: "builtin" }), params({}));
    expect(res.status).toBe(200);
    const r = SuiteResultSchema.parse(await res.json());
    // how many depends on what the guard blocks before policy is asked (a better guard leaves fewer to the policy)
    expect(r.unsafe_allows.length).toBeGreaterThanOrEqual(5);
    expect(r.matrix.block.allow).toBeGreaterThan(0);
    const u = r.unsafe_allows[0];
    expect(u).toMatchObject({ actual: "allow", pass: false });
    expect(u.expected).not.toBe("allow");
    expect(u.why.length).toBeGreaterThan(0);
    // what let it through is named: the draft's permit-all, with its reason
    expect(u.determining).toContain("permit-everything");
    expect(u.reasons[0]).toMatch(/allowed — permitted by .*permit-everything/);
    expect(r.unsafe_allows.map((x) => x.id)).toEqual(r.results.filter((x) => x.expected !== "allow" && x.actual === "allow").map((x) => x.id));
  }, 60_000);

  it("exports JUnit XML with one testcase per scenario and unsafe allows typed as such", async () => {
    const res = await draftScenariosRoute(req("/api/v1/policies/scenarios?format=junit", { draft: { files: loosenedDraftFiles() }, suite: "builtin" }), params({}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/xml/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="scenarios-default-draft\.junit\.xml"/);
    const xml = await res.text();
    expect(xml.match(/<testcase /g)!.length).toBeGreaterThanOrEqual(150);
    expect(xml).toContain('type="unsafe_allow"');
  }, 60_000);

  it("runs an uploaded suite file (YAML) and names the file and scenario of a broken one", async () => {
    const suite = `suite: tiny\ndefaults: { agent: support-triage }\nscenarios:\n  - id: read-a-ticket\n    request: Look at ticket 1\n    steps: [{ tool: zendesk.get_ticket, args: { ticket_id: 1 } }]\n    expect: allow\n    threat: benign\n`;
    const id = await activeId();
    const ok = await versionScenariosRoute(req(`/api/v1/policies/${id}/scenarios`, { files: [{ name: "tiny.yaml", content: suite }] }), params({ id }));
    expect(ok.status).toBe(200);
    expect(SuiteResultSchema.parse(await ok.json())).toMatchObject({ suite: "tiny", total: 1, passed: 1 });
    const bad = await versionScenariosRoute(req(`/api/v1/policies/${id}/scenarios`, { files: [{ name: "bad.yaml", content: suite.replace("expect: allow", "expect: maybe") }] }), params({ id }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/^files: the suite does not parse: bad\.yaml \(read-a-ticket\): expect/);
  });

  it("refuses what a client gets wrong with the field and the reason", async () => {
    const id = await activeId();
    const post = async (body: unknown, path = `/api/v1/policies/${id}/scenarios`) => {
      const res = await versionScenariosRoute(req(path, body), params({ id }));
      return { status: res.status, message: (await res.json()).error?.message as string };
    };
    expect(await post({})).toMatchObject({ status: 422, message: expect.stringMatching(/suite: give exactly one of suite/) });
    expect(await post({ suite: "all" })).toMatchObject({ status: 422, message: expect.stringMatching(/^invalid body: suite: must be "builtin"/) });
    expect(await post({ files: [{ name: "x.txt", content: "" }] })).toMatchObject({ status: 422, message: expect.stringMatching(/files\[0\]\.name: must be a \.yaml/) });
    expect(await post({ suite: "builtin" }, `/api/v1/policies/${id}/scenarios?format=pdf`)).toMatchObject({ status: 422, message: expect.stringMatching(/format: must be json or junit/) });
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `s${i}.yaml`, content: "scenarios: []\n" }));
    expect((await post({ files: many })).status).toBe(422);
    const missing = await versionScenariosRoute(req("/api/v1/policies/pb_nope/scenarios", { suite: "builtin" }), params({ id: "pb_nope" }));
    expect(missing.status).toBe(404);
    const draft = await draftScenariosRoute(req("/api/v1/policies/scenarios", { draft: { files: gatedDefaultFiles("scenarios:\n  require_pass: sometimes\n") }, suite: "builtin" }), params({}));
    expect(draft.status).toBe(422);
    expect((await draft.json()).error.message).toMatch(/^draft: policy bundle is invalid: bundle\.yaml:\d+: scenarios\.require_pass: /);
  });
});

describe("the activation gate (scenarios.require_pass in bundle.yaml)", () => {
  it("validate accepts the setting, keeps every other line number, and says what it does", async () => {
    const res = await validateRoute(req("/api/v1/policies/validate", { files: gatedDefaultFiles() }), params({}));
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.scenarios).toEqual({ require_pass: true, fail_on: "any_failure" });
    expect(body.report.join(" ")).toMatch(/Scenario gate: activation runs the project's suite/);
    const broken = gatedDefaultFiles().map((f) => (f.name === "bundle.yaml" ? { ...f, text: `scenarios: { require_pass: true }\n${f.text.replace("scenarios:\n  require_pass: true\n", "").replace("token_ttl_seconds: 300", "token_ttl_seconds: 5")}` } : f));
    const bad = await (await validateRoute(req("/api/v1/policies/validate", { files: broken }), params({}))).json();
    const line = defaultBundleFiles()[0].text.split("\n").findIndex((l) => l.startsWith("token_ttl_seconds")) + 2; // one line added on top
    expect(bad.errors[0]).toMatchObject({ file: "bundle.yaml", line, message: expect.stringMatching(/^token_ttl_seconds/) });
  });

  it("with the gate on, activation of a loosened version is refused (409 scenarios_failed listing the unsafe allows) and the old version stays active", async () => {
    const before = await activeId();
    const loose = await upload(loosenedDraftFiles("scenarios:\n  require_pass: true\n"), "loosened, gated");
    const res = await activateRoute(req(`/api/v1/policies/${loose.id}/activate`, {}), params({ id: loose.id }));
    expect(res.status).toBe(409);
    const err = (await res.json()).error;
    expect(err.code).toBe("scenarios_failed");
    expect(err.message).toMatch(/unsafe allows? \(/);
    expect(err.details.unsafe_allows.length).toBeGreaterThanOrEqual(5);
    expect(err.details.unsafe_allows[0]).toMatchObject({ id: expect.any(String), expected: expect.stringMatching(/block|require_approval/), actual: "allow" });
    expect(await activeId()).toBe(before);
    const gateEvent = await prisma.event.findFirst({ where: { type: "human.policy.scenarios_gate" }, orderBy: { seq: "desc" }, select: { body: true } });
    expect((gateEvent?.body as { payload?: unknown })?.payload).toMatchObject({ details: { bundle_version: loose.id, outcome: "refused" } });

    const alsoRefused = await uploadRoute(req("/api/v1/policies", { files: loosenedDraftFiles("scenarios:\n  require_pass: true\n"), activate: true }), params({}));
    expect(alsoRefused.status).toBe(409);
    expect((await alsoRefused.json()).error.message).toMatch(/^stored as production v\d+ \(pb_\w+\), not activated: /);
    expect(await activeId()).toBe(before);
  }, 120_000);

  it("with the gate on, a version that passes activates, and the passing run is recorded", async () => {
    const ok = await upload(gatedDefaultFiles(), "default, gated");
    const res = await activateRoute(req(`/api/v1/policies/${ok.id}/activate`, {}), params({ id: ok.id }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).scenarios).toMatchObject({ unsafe_allows: 0, fail_on: "any_failure" });
    expect(await activeId()).toBe(ok.id);
    const gateEvent = await prisma.event.findFirst({ where: { type: "human.policy.scenarios_gate" }, orderBy: { seq: "desc" }, select: { body: true } });
    expect((gateEvent?.body as { payload?: unknown })?.payload).toMatchObject({ details: { bundle_version: ok.id, outcome: "passed" } });
  }, 120_000);

  it("with the gate off, the loosened version activates", async () => {
    const loose = await upload(loosenedDraftFiles(), "loosened, no gate");
    const res = await activateRoute(req(`/api/v1/policies/${loose.id}/activate`, {}), params({ id: loose.id }));
    expect(res.status).toBe(200);
    expect(await activeId()).toBe(loose.id);
  });
});
