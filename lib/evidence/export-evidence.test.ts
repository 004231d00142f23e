import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { decodeCheckpointJws } from "@/engine/evidence/checkpoint";
import { verifyConsistency } from "@/engine/evidence/merkle";
import { verifyEvidencePackage } from "@/engine/evidence/verify-package";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { ApiError } from "@/lib/api/errors";
import { opsTraceId } from "@/lib/audit/record-action";
import { resetSecretKeyCache } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db";
import { storeEvents } from "@/lib/ingest/store-events";
import { createBundleVersion } from "@/lib/policies/store-bundle";
import { publicJwks, resetSigningKeyCache } from "@/lib/tokens/signing-keys";
import { listTraces } from "@/lib/traces/list-traces";
import { TraceListQuery } from "@/lib/traces/schemas";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { scopeKey, startEvidenceExport } from "./export-evidence";
import { verifyUploadedPackage } from "./verify-upload";
import { NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { GET as traceZipRoute } from "@/app/api/v1/traces/[id]/evidence.zip/route";
import { POST as exportRoute } from "@/app/api/v1/evidence/route";
import { POST as verifyRoute } from "@/app/api/v1/evidence/verify/route";
import { GET as jwksRoute } from "@/app/api/v1/.well-known/evidence-jwks.json/route";

assertTestDatabase();

/** The bytes as an upload spooled to disk (what withSpooledUpload hands the verifier). */
function asUpload(bytes: Buffer): { path: string; size: number } {
  const file = join(mkdtempSync(join(tmpdir(), "evidence-upload-")), "upload.zip");
  writeFileSync(file, bytes);
  return { path: file, size: bytes.length };
}

const savedSecret = process.env.SECRET_KEY;
const ACTOR = { id: "usr_test_reviewer", email: "reviewer@example.com", name: "Rita Reviewer" };
const TRACE = "tr_evidence_export";
const OTHER = "tr_evidence_other";
let bundle: { id: string; environment: string; bundleId: string; version: number };

function ev(trace: string, n: number, over: Partial<RuntimeEvent>): RuntimeEvent {
  return {
    id: `${trace}_${n}`, trace_id: trace, timestamp: new Date(Date.parse("2026-03-01T10:00:00Z") + n * 1000).toISOString(),
    type: "context.retrieved", stage: "context", schema_version: SCHEMA_VERSION,
    agent: { id: "support-triage", name: "Support Triage", environment: bundle.environment }, ...over,
  };
}

/** A small prompt-injection run: unverified chunk → plan → policy block → approval of another step. */
function scenario(trace: string): RuntimeEvent[] {
  const policy = { bundle_id: bundle.bundleId, version: bundle.version };
  return [
    ev(trace, 1, { type: "input.received", stage: "input", decision: "observed", provenance: [{ source_type: "user_prompt", trust_level: "external", source_name: "ticket 48731" }] }),
    ev(trace, 2, { parent_id: `${trace}_1`, provenance: [{ source_type: "retrieval_chunk", trust_level: "unverified", source_name: "kb/article-17", origin_uri: "https://help.partner-kb.example/articles/17" }] }),
    ev(trace, 3, { type: "plan.proposed", stage: "plan", decision: "pending", parent_id: `${trace}_2`, plan: { intent: "answer and forward", steps: [{ index: 1, tool: "email.forward", arguments: { to: "attacker@external-mail.example" } }] } }),
    ev(trace, 4, { type: "policy.evaluated", stage: "policy", step: 1, tool: "email.forward", decision: "block", parent_id: `${trace}_3`, policy: { ...policy, determining: ["forbid-external-send-from-untrusted-context"] }, reasons: ["forbidden: <script>alert(1)</script> came from unverified context"] }),
    ev(trace, 5, { type: "decision.made", stage: "decision", step: 1, tool: "email.forward", decision: "block", parent_id: `${trace}_4`, policy: { ...policy, determining: ["forbid-external-send-from-untrusted-context"] }, reasons: ["Blocked: the address came from kb/article-17"], risk: { step_risk: 1.2, r_total: 1.4 } }),
    ev(trace, 6, { type: "approval.approved", stage: "approval", step: 2, tool: "zendesk.reply", decision: "allow", approval: { id: "apr_test_1", status: "approved", actor: "approver@example.com", note: "reply is fine" } }),
  ];
}

async function store(events: RuntimeEvent[]) {
  await storeEvents(events.map((event) => ({ event, raw: JSON.stringify(event), format: "native" as const })));
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on("data", (c: Buffer) => chunks.push(c));
          s.on("end", () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function verify(zip: Buffer) {
  const { keys } = await publicJwks("evidence_checkpoint");
  return verifyEvidencePackage(zip, { trustedKeys: keys });
}

beforeAll(async () => {
  process.env.SECRET_KEY = randomBytes(32).toString("base64"); // never the developer's .data/secret.key
  resetSecretKeyCache();
  resetSigningKeyCache();
  await resetDatabase();
  await prisma.$executeRaw`TRUNCATE evidence_exports`;
  const created = await createBundleVersion(defaultBundleFiles(), "admin@example.com", "test");
  const row = await prisma.policyBundle.findUniqueOrThrow({ where: { id: created.id } });
  bundle = { id: row.id, environment: row.environment, bundleId: (row.content as { id: string }).id, version: row.version };
  await store(scenario(TRACE));
  await store(scenario(OTHER).slice(0, 3));
});

afterAll(async () => {
  await prisma.$executeRaw`TRUNCATE signing_keys, evidence_exports`; // sealed under this file's throwaway secret
  resetSigningKeyCache();
  if (savedSecret === undefined) delete process.env.SECRET_KEY;
  else process.env.SECRET_KEY = savedSecret;
  resetSecretKeyCache();
});

describe("evidence export of one trace", () => {
  let zip: Buffer;
  let files: Map<string, Buffer>;
  let packageId: string;

  beforeAll(async () => {
    const exp = await startEvidenceExport({ trace_ids: [TRACE] }, ACTOR);
    packageId = exp.packageId;
    expect(exp.filename).toBe(`evidence-${exp.packageId}.zip`);
    zip = await readAll(exp.body);
    await exp.recorded;
    files = await unzip(zip);
  });

  it("contains every required file, the events in chain order and the policy version in force", () => {
    for (const f of ["events.jsonl", "manifest.json", "checkpoint.json", "checkpoint.jws", "approvals.json", "graph.json", "diff.json", "report.html", "README.txt", `policies/${bundle.id}.json`]) {
      expect(files.has(f), f).toBe(true);
    }
    const lines = files.get("events.jsonl")!.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.every((l) => l.trace_id === TRACE)).toBe(true);
    const cp = JSON.parse(files.get("checkpoint.json")!.toString("utf8"));
    expect(cp.package_id).toBe(packageId);
    expect(cp.tree_size).toBe(6);
    expect(cp.policy_versions).toContainEqual({ bundle_id: bundle.bundleId, environment: bundle.environment, version: bundle.version, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const policy = JSON.parse(files.get(`policies/${bundle.id}.json`)!.toString("utf8"));
    expect(policy).toMatchObject({ id: bundle.id, environment: bundle.environment, version: bundle.version });
    expect(policy.sources).toBeTruthy();
    expect(JSON.parse(files.get("diff.json")!.toString("utf8")).traces?.[TRACE]).toBeTruthy();
    const graph = JSON.parse(files.get("graph.json")!.toString("utf8"));
    expect(graph.status).toBe("ok");
    expect(graph.nodes.length).toBeGreaterThan(3);
    expect(graph.taint_paths.length).toBeGreaterThan(0); // kb/article-17 (unverified) → email.forward
  });

  it("has a self-contained report.html: no scripts, no external styles, images or links, and the data escaped", () => {
    const html = files.get("report.html")!.toString("utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;"); // event text is escaped, not executed
    expect(html).toContain(packageId);
    const cp = JSON.parse(files.get("checkpoint.json")!.toString("utf8"));
    expect(html).toContain(cp.root_hash); // the report's root is the signed one
    expect(html).toContain("kb/article-17");
    expect(html).toContain("Taint paths");
    expect(html).toContain("<svg");
    expect(html).toContain("approver@example.com");
  });

  it("draws the report's graph inside its own width, scaling to the page, and names the UI's Verify evidence page", () => {
    const html = files.get("report.html")!.toString("utf8");
    const svg = html.match(/<svg width="(\d+)"[^>]*data-testid="report-graph"[^>]*>/);
    expect(svg, "the graph SVG").not.toBeNull();
    const width = Number(svg![1]);
    expect(svg![0]).toContain("width:100%");
    expect(svg![0]).toContain(`max-width:${width}px`);
    const graph = html.slice(html.indexOf(svg![0]), html.indexOf("</svg>", html.indexOf(svg![0])));
    const rights = [...graph.matchAll(/<rect x="(\d+(?:\.\d+)?)" y="[^"]+" width="(\d+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
    expect(rights.length).toBeGreaterThan(0);
    expect(Math.max(...rights)).toBeLessThanOrEqual(width);
    for (const m of graph.matchAll(/class="nl">([^<]*)</g)) expect([...m[1]].length).toBeLessThanOrEqual(25);
    const readme = files.get("README.txt")!.toString("utf8");
    expect(readme).toContain('"Verify evidence" page');
    expect(readme + html).not.toContain("Verify a package");
  });

  it("is recorded: evidence_exports row and a human.evidence.exported event carrying the ZIP's SHA-256", async () => {
    const row = await prisma.evidenceExport.findUniqueOrThrow({ where: { id: packageId } });
    expect(row.zipSha256).toBe(sha256(zip));
    expect(Number(row.zipBytes)).toBe(zip.length);
    expect(row.treeSize).toBe(6);
    expect(row.traceIds).toEqual([TRACE]);
    expect(row.scopeKey).toBe(scopeKey([TRACE]));
    expect(row.createdBy).toBe(ACTOR.email);
    const cp = JSON.parse(files.get("checkpoint.json")!.toString("utf8"));
    expect(row.rootHash).toBe(cp.root_hash);
    expect((row.checkpoint as { jws: string }).jws).toBe(files.get("checkpoint.jws")!.toString("utf8"));

    const events = await prisma.event.findMany({ where: { traceId: opsTraceId(new Date()), type: "human.evidence.exported" } });
    const mine = events.find((e) => (e.body as { payload: { details: { package_id: string } } }).payload.details.package_id === packageId);
    expect(mine).toBeTruthy();
    const payload = (mine!.body as { payload: { actor: { email: string }; details: Record<string, unknown> } }).payload;
    expect(payload.actor.email).toBe(ACTOR.email);
    expect(payload.details).toMatchObject({ zip_sha256: sha256(zip), bytes: zip.length, tree_size: 6, trace_ids: [TRACE] });
  });

  it("verifies with the server's evidence public key, here and through the upload path", async () => {
    const r = await verify(zip);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toMatchObject({ package_id: packageId, tree_size: 6, signature: "valid" });

    const uploaded = await verifyUploadedPackage(asUpload(zip));
    expect(uploaded).toMatchObject({ ok: true, failures: [] });
    // one byte inside events.jsonl's compressed data changed: a result with failures, not an error
    const tampered = Buffer.from(zip);
    tampered[200] ^= 0x01;
    const bad = await verifyUploadedPackage(asUpload(tampered));
    expect(bad.ok).toBe(false);
    expect(bad.failures.length).toBeGreaterThan(0);
    const notZip = await verifyUploadedPackage(asUpload(Buffer.from("hello, not a zip"))).catch((e) => e);
    expect(notZip).toBeInstanceOf(ApiError);
    expect(notZip.status).toBe(400);
  });

  it("a second export after appending events carries a consistency proof from the first", async () => {
    const first = decodeCheckpointJws(files.get("checkpoint.jws")!.toString("utf8"));
    await store([ev(TRACE, 7, { type: "output.returned", stage: "output", decision: "observed", parent_id: `${TRACE}_5` })]);
    const exp = await startEvidenceExport({ trace_ids: [TRACE] }, ACTOR);
    const zip2 = await readAll(exp.body);
    const record = await exp.recorded;
    expect(record.consistency).toBe("proved");
    const files2 = await unzip(zip2);
    const cp2 = JSON.parse(files2.get("checkpoint.json")!.toString("utf8"));
    expect(cp2.tree_size).toBe(7);
    expect(cp2.previous).toEqual({ package_id: first.package_id, issued_at: first.issued_at, tree_size: 6, root_hash: first.root_hash });
    const consistency = JSON.parse(files2.get("consistency.json")!.toString("utf8"));
    expect(consistency.previous_checkpoint).toBe(files.get("checkpoint.jws")!.toString("utf8"));
    const proof = (consistency.proof as string[]).map((h) => Buffer.from(h, "hex"));
    expect(verifyConsistency(6, 7, Buffer.from(first.root_hash, "hex"), Buffer.from(cp2.root_hash, "hex"), proof)).toEqual({ ok: true });

    const r = await verify(zip2);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary?.consistency.status).toBe("proved");
  });
});

describe("scope and refusals", () => {
  it("an unknown trace id is not found, before any byte is written", async () => {
    const err = await startEvidenceExport({ trace_ids: [TRACE, "tr_does_not_exist"] }, ACTOR).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("not_found");
    expect(err.message).toContain("tr_does_not_exist");
  });

  it("a filter exports the traces the trace list shows for it", async () => {
    const exp = await startEvidenceExport({ filter: { trust: "unverified" } }, ACTOR);
    const listed = await listTraces(TraceListQuery.parse({ trust: "unverified" }));
    expect(exp.scope.traces.map((t) => t.id).sort()).toEqual(listed.traces.map((t) => t.id).sort());
    expect(exp.scope.traces.map((t) => t.id)).toEqual([TRACE, OTHER]);
    expect(exp.scope.truncated).toBe(false);
    const none = await startEvidenceExport({ filter: { agent: "nobody" } }, ACTOR).catch((e) => e);
    expect(none.code).toBe("not_found");
    const bad = await startEvidenceExport({ filter: { risk_min: "high" } }, ACTOR).catch((e) => e);
    expect(bad.code).toBe("validation_failed");
    expect(bad.message).toContain("filter.risk_min");
    await exp.body.cancel();
  });

  it("a download cancelled mid-way records nothing", async () => {
    const before = await prisma.evidenceExport.count();
    const exp = await startEvidenceExport({ trace_ids: [TRACE, OTHER] }, ACTOR);
    const reader = exp.body.getReader();
    await reader.read();
    await reader.cancel();
    await expect(exp.recorded).rejects.toBeTruthy();
    await new Promise((r) => setTimeout(r, 300));
    expect(await prisma.evidenceExport.count()).toBe(before);
    expect(await prisma.evidenceExport.findUnique({ where: { id: exp.packageId } })).toBeNull();
  });
});

describe("routes", () => {
  let reviewer = "";
  let viewer = "";
  const req = (url: string, cookie: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}) =>
    new NextRequest(`http://localhost${url}`, { ...init, headers: { cookie, ...init.headers } });
  const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

  beforeAll(async () => {
    const r = await createUser({ email: "route-reviewer@example.test", name: "Route Reviewer", role: "reviewer", password: "pw-for-tests-only" });
    const v = await createUser({ email: "route-viewer@example.test", name: "Route Viewer", role: "viewer", password: "pw-for-tests-only" });
    reviewer = `${SESSION_COOKIE}=${(await createSession(r.id)).token}`;
    viewer = `${SESSION_COOKIE}=${(await createSession(v.id)).token}`;
  });

  it("GET /traces/{id}/evidence.zip streams an attachment that verifies via POST /evidence/verify and the public JWKS", async () => {
    const res = await traceZipRoute(req(`/api/v1/traces/${TRACE}/evidence.zip`, reviewer), params({ id: TRACE }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const id = res.headers.get("x-evidence-package-id")!;
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="evidence-${id}.zip"`);
    const zip = Buffer.from(await res.arrayBuffer());
    const row = await prisma.evidenceExport.findUniqueOrThrow({ where: { id } });
    expect(row.zipSha256).toBe(sha256(zip));
    expect(row.createdBy).toBe("route-reviewer@example.test");

    const form = new FormData();
    form.append("file", new Blob([zip], { type: "application/zip" }), "evidence.zip");
    const v = await verifyRoute(req("/api/v1/evidence/verify", viewer, { method: "POST", body: form }), params({}));
    expect(v.status).toBe(200);
    expect(await v.json()).toMatchObject({ ok: true, failures: [] });

    const jwks = await (await jwksRoute(new NextRequest("http://localhost/api/v1/.well-known/evidence-jwks.json"), params({}))).json();
    expect((await verifyEvidencePackage(zip, { trustedKeys: jwks.keys })).ok).toBe(true);
  });

  it("refuses what a client can get wrong, with the field named", async () => {
    expect((await traceZipRoute(req("/api/v1/traces/nope/evidence.zip", reviewer), params({ id: "nope" }))).status).toBe(404);
    expect((await traceZipRoute(req(`/api/v1/traces/${TRACE}/evidence.zip`, viewer), params({ id: TRACE }))).status).toBe(403);
    const post = (body: unknown) => exportRoute(req("/api/v1/evidence", reviewer, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), params({}));
    const both = await post({ trace_ids: [TRACE], filter: { agent: "x" } });
    expect(both.status).toBe(422);
    expect((await both.json()).error.details[0].field).toBe("trace_ids");
    const bad = await post({ filter: { risk_min: "high" } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toContain("filter.risk_min");
    const ok = await post({ trace_ids: [TRACE, OTHER] });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-evidence-trace-count")).toBe("2");
    await ok.body?.cancel();
    const notZip = await verifyRoute(req("/api/v1/evidence/verify", viewer, { method: "POST", body: "hello", headers: { "content-type": "application/zip" } }), params({}));
    expect(notZip.status).toBe(400);
    expect((await notZip.json()).error.message).toContain("not a ZIP");
  });
});
