// npm run bench:verify-upload — resident memory of the production server while it verifies a ~110 MB evidence ZIP
// uploaded to POST /api/v1/evidence/verify by a viewer: raw application/zip, multipart (as the UI sends it), and two
// uploads at once (the most the server runs: MAX_CONCURRENT_VERIFICATIONS). Writes a valid package signed with the
// server's own evidence key (so the whole package is verified, not refused early), starts `next start` on its own
// database, and samples the server's RSS (every process of its group, from /proc) every 25 ms. Prints figures;
// judges nothing. Needs `npm run build` first.
// Env: BENCH_ZIP_MB (110), BENCH_DATABASE_URL (a Postgres server; default an embedded one), BENCH_PORT (3221).
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { benchDatabase, benchServer, requireBuild, root } from "./bench-lib";

const TARGET = Number(process.env.BENCH_ZIP_MB ?? 110) * 1024 * 1024;
const PORT = Number(process.env.BENCH_PORT ?? 3221);
const BLOB = 3000; // random base64 characters per event: deflate cannot shrink them much, so the ZIP stays large
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** Resident memory of every process in the group (next start may run its server in a child). */
function groupRss(pgid: number): number {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: the process group
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* the process ended */ }
  }
  return total;
}

async function writePackage(file: string, events: number, signer: { kid: string; privateKey: import("node:crypto").KeyObject }) {
  const { writeEvidencePackage } = await import("../engine/evidence/write-package");
  const { signCheckpoint } = await import("../engine/evidence/checkpoint");
  const { linkHash, sha256Hex, GENESIS_HASH } = await import("../engine/crypto/hash-chain");
  const trace = "tr_bench_verify_upload";
  function* chain() {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= events; seq++) {
      const event = {
        id: `ev_${seq}`, trace_id: trace, timestamp: new Date(Date.UTC(2026, 10, 1) + seq * 1000).toISOString(), type: "tool.result", stage: "execution",
        agent: { id: "bench-agent" }, schema_version: "1.0", tool: "kb.fetch", arguments: { page: seq, blob: randomBytes((BLOB * 3) / 4).toString("base64") },
      };
      const raw = JSON.stringify(event);
      const hash = linkHash({ seq, prev_hash: prev, event, raw_sha256: sha256Hex(raw) });
      yield { trace_id: trace, seq, prev_hash: prev, hash, raw, event };
      prev = hash;
    }
  }
  const { stream, done } = writeEvidencePackage({
    packageId: `evx_${randomBytes(8).toString("hex")}`, issuedAt: new Date(), events: chain(),
    files: async () => ({ "README.txt": "benchmark package\n" }),
    sign: (payload) => signCheckpoint(payload, signer),
  });
  await Promise.all([pipeline(stream, createWriteStream(file)), done]);
}

/** The ZIP as a multipart/form-data stream with one `file` field, as a browser's FormData sends it. */
function multipartBody(file: string): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----bench${randomBytes(8).toString("hex")}`;
  async function* parts() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.zip"\r\nContent-Type: application/zip\r\n\r\n`);
    for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return { body: Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>, type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(base: string, cookie: string, file: string, kind: "raw" | "multipart") {
  const { body, type } = kind === "raw"
    ? { body: Readable.toWeb(createReadStream(file, { highWaterMark: 64 * 1024 })) as ReadableStream<Uint8Array>, type: "application/zip" }
    : multipartBody(file);
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/evidence/verify`, { method: "POST", body, headers: { "content-type": type, cookie }, duplex: "half" } as RequestInit);
  const json = (await res.json()) as { ok?: boolean; failures?: Array<{ code: string }>; summary?: { events: number }; error?: unknown };
  return { status: res.status, ok: json.ok, events: json.summary?.events, failures: json.failures?.length ?? 0, error: json.error, s: (performance.now() - t0) / 1000 };
}

/** Runs `fn` while sampling the group's RSS; returns its result and the peak RSS seen. */
async function sampled<T>(pgid: number, fn: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = groupRss(pgid);
  const timer = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), 25);
  try {
    const result = await fn();
    peak = Math.max(peak, groupRss(pgid));
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

async function settledRss(pgid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500));
  return groupRss(pgid);
}

async function main() {
  requireBuild();
  const db = await benchDatabase("replay_audit_bench_verify");
  process.env.DATABASE_URL = db.url;
  process.env.SECRET_KEY ??= randomBytes(32).toString("base64"); // throwaway sealing key, shared with the server below
  console.log(`${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  // a viewer (the least role allowed to verify) and the server's evidence key, through the real lib code
  const { createUser } = await import("../lib/users/create-user");
  const { activeSigningKey } = await import("../lib/tokens/signing-keys");
  const { pgPool } = await import("../lib/pg-pool");
  const { prisma } = await import("../lib/db");
  const password = randomBytes(12).toString("hex");
  await createUser({ email: "bench-viewer@example.com", name: "Bench Viewer", role: "viewer", password });
  const signer = await activeSigningKey("evidence_checkpoint");

  const dir = path.join(root, ".data");
  mkdirSync(dir, { recursive: true });
  const big = path.join(dir, `bench-verify-${process.pid}.zip`);
  const small = path.join(dir, `bench-verify-small-${process.pid}.zip`);
  let t0 = performance.now();
  await writePackage(big, Math.ceil(TARGET / (BLOB * 0.77 + 120)), signer);
  await writePackage(small, 50, signer);
  console.log(`package: ${mb(statSync(big).size)} ZIP written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await prisma.$disconnect();
  await pgPool().end();

  const server = await benchServer(db.url, PORT);
  const pgid = server.process.pid!;
  const base = `http://127.0.0.1:${PORT}`;
  try {
    const signIn = await fetch(`${base}/api/v1/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench-viewer@example.com", password }) });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    // warm the route, the verifier and the key lookup so the figures are the upload's own
    for (const kind of ["raw", "multipart"] as const) {
      const w = await upload(base, cookie, small, kind);
      if (w.status !== 200 || !w.ok) throw new Error(`warm-up ${kind} upload failed: ${JSON.stringify(w)}`);
    }
    // multipart first: it is what the UI sends. The first large upload after a start also pays for V8 growing its
    // heap to its working size, which the process then keeps and reuses; the later lines show the steady state.
    for (const kind of (process.env.BENCH_ORDER ?? "multipart,raw,multipart").split(",") as Array<"raw" | "multipart">) {
      const baseline = await settledRss(pgid);
      const { result, peak } = await sampled(pgid, () => upload(base, cookie, big, kind));
      console.log(`one ${kind} upload: status ${result.status}, ok ${result.ok}, ${result.events} events, ${result.failures} failures, ${result.s.toFixed(1)} s; ` +
        `server RSS baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)}  (target <= 64 MB per upload)`);
    }
    const baseline = await settledRss(pgid);
    const { result, peak } = await sampled(pgid, () => Promise.all([upload(base, cookie, big, "multipart"), upload(base, cookie, big, "raw")]));
    console.log(`two uploads at once: statuses ${result.map((r) => r.status).join(", ")}, ok ${result.map((r) => r.ok).join(", ")}; ` +
      `server RSS baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)} = ${mb((peak - baseline) / 2)} per upload`);
    const third = await Promise.all([upload(base, cookie, big, "raw"), upload(base, cookie, big, "raw"), upload(base, cookie, small, "raw")]);
    console.log(`three at once: statuses ${third.map((r) => r.status).join(", ")} (the third is refused with 429 while two run)`);
    const leftovers = readdirSync(os.tmpdir()).filter((n) => n.startsWith("replay-audit-verify-"));
    console.log(`temporary upload directories left in ${os.tmpdir()}: ${leftovers.length}`);
  } finally {
    server.stop();
    unlinkSync(big);
    unlinkSync(small);
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
