process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
import { NextRequest } from "next/server";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";
import { SESSION_COOKIE } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/session";
import { recordHumanAction } from "@/lib/audit/record-action";
import { prisma } from "@/lib/db";
import { DEMO_WORKED_EXAMPLE_TRACE } from "@/lib/demo/demo-data";
import { seedDatabase } from "@/lib/demo/seed-database";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { GET as exportRoute } from "@/app/api/v1/replay/what-if/[id]/export/route";
import { createWhatIfRun } from "./create-run";
import { CSV_COLUMNS, exportFlips } from "./export-flips";
import { getRun } from "./get-run";
import { runWhatIf } from "./run-what-if";
import { WhatIfRunDetail } from "./schemas";

const url = assertTestDatabase();
const NOW = new Date();
const FORBID_OUTBOUND_EMAIL = `
@id("forbid-outbound-email")
@reason("Draft: no email leaves through notify.external until the mail gateway is reviewed.")
forbid (principal, action == Action::"call_tool", resource)
when { resource.capability == "notify.external" };
`;
const stricterDraft = () => defaultBundleFiles().map((f) => (f.name === "guardrails.cedar" ? { ...f, text: f.text + FORBID_OUTBOUND_EMAIL } : f));

let cookie = "";
let admin: { id: string; email: string; name: string };

function req(method: string, path: string, body?: unknown) {
  return new NextRequest(new URL(path, "http://localhost"), {
    method, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function traceHeads(): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string; event_count: number; head_hash: string; n: string }>(
      "SELECT t.id, t.event_count, t.head_hash, (SELECT count(*) FROM events e WHERE e.trace_id = t.id) AS n FROM traces t",
    );
    return new Map(rows.map((r) => [r.id, `${r.event_count}/${r.n}/${r.head_hash}`]));
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await resetDatabase();
  await prisma.$executeRawUnsafe("TRUNCATE what_if_flips, what_if_runs");
  await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "helper-password-1", now: NOW });
  const u = await prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  admin = { id: u.id, email: u.email, name: u.name };
  cookie = `${SESSION_COOKIE}=${(await createSession(u.id)).token}`;
}, 120_000);

describe("what-if over the seeded traces", () => {
  let runId = "";
  let flipCount = 0;

  it("a stricter draft over every seeded trace lists flips and writes nothing into the recorded traces", async () => {
    const before = await traceHeads();
    const body = { draft: { files: stricterDraft() }, filter: { from: new Date(NOW.getTime() - 7 * 86_400_000).toISOString(), to: new Date(NOW.getTime() + 60_000).toISOString() } };
    const t0 = performance.now();
    // what the route does, minus next/server's after(): store, record the human action, run
    const run = await createWhatIfRun(body, admin.email);
    await recordHumanAction(admin, "what_if.started", { run_id: run.id });
    expect(run.inline).toBe(false);
    await runWhatIf(run.id);
    const ms = performance.now() - t0;
    runId = run.id;

    const detail = WhatIfRunDetail.parse(await getRun(run.id, { limit: 500 }));
    const r = detail.run;
    console.log(`what-if over ${r.total} traces (${[...before.keys()].length} in db): ${ms.toFixed(0)} ms; ${JSON.stringify({ ...r.summary, error_samples: undefined })}`);
    expect(r.status).toBe("done");
    expect(r.total).toBe([...before.keys()].filter((id) => !id.startsWith("ops-")).length);
    expect(r.done).toBe(r.total);
    expect(r.summary.errors).toBe(0);
    expect(r.bundle.label).toMatch(/^draft [0-9a-f]{12}$/);

    // the worked example's send to an outside address, waiting for approval, would now be blocked by the draft's forbid
    const send = detail.flips.find((f) => f.trace_id === DEMO_WORKED_EXAMPLE_TRACE && f.tool === "send_email")!;
    expect(send).toMatchObject({ before: "require_approval", after: "block", kind: "require_approval→block" });
    expect(send.determining_after).toContain("forbid-outbound-email");
    expect(send.reasons_after.join(" ")).toMatch(/forbid-outbound-email/);
    expect(r.summary.flips["require_approval→block"]).toBeGreaterThanOrEqual(1);
    // every allowed notify.external step in scope is now blocked
    const stillAllowedMail = await prisma.whatIfFlip.count({ where: { runId: run.id, tool: { in: ["send_email", "email.forward"] }, after: { not: "block" } } });
    expect(stillAllowedMail).toBe(0);

    flipCount = await prisma.whatIfFlip.count({ where: { runId: run.id } });
    expect(flipCount).toBe(Object.values(r.summary.flips).reduce((a, b) => a + b, 0));
    expect(r.summary.steps).toBe(r.summary.unchanged + flipCount);

    // nothing written into any recorded trace; only the day's ops trace holds the new human action
    const after = await traceHeads();
    for (const [id, head] of before) if (!id.startsWith("ops-")) expect(after.get(id), id).toBe(head);
    const ops = [...after.keys()].filter((id) => id.startsWith("ops-"));
    expect(ops.length).toBe(1);
    expect(Number(after.get(ops[0])!.split("/")[0])).toBe(Number(before.get(ops[0])?.split("/")[0] ?? 0) + 1);
  }, 120_000);

  it("pages flips by cursor without gaps or repeats, and filters by flip kind", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10_000; i++) {
      const page = await getRun(runId, { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.flips.map((f) => `${f.trace_id}|${f.evaluation_id}|${f.step_index}`));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen.length).toBe(flipCount);
    expect(new Set(seen).size).toBe(flipCount);
    const blocked = await getRun(runId, { limit: 500, before: "require_approval", after: "block" });
    expect(blocked.flips.length).toBeGreaterThan(0);
    expect(blocked.flips.every((f) => f.kind === "require_approval→block")).toBe(true);
  });

  it("exports every flip as CSV with a header row and as JSON", async () => {
    const csv = await (await exportFlips(runId, "csv")).text();
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBe(flipCount + 1);
    expect(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const res = await exportRoute(req("GET", `/api/v1/replay/what-if/${runId}/export?format=json`), params({ id: runId }));
    expect(res.headers.get("content-disposition")).toContain(`what-if-${runId}.json`);
    const json = await res.json();
    expect(json.run.id).toBe(runId);
    expect(json.flips.length).toBe(flipCount);
  });
});
