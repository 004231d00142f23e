import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Readable } from "node:stream";
import * as zlib from "node:zlib";
import type { JWK } from "jose";
import yauzl from "yauzl";
import { canonicalJson } from "../crypto/canonical-json";
import { GENESIS_HASH, linkHash, sha256Hex } from "../crypto/hash-chain";
import { type Checkpoint, checkpointBytes, decodeCheckpoint, ed25519Kid, signCheckpoint } from "./checkpoint";
import { manifestBytes, type ManifestEntry } from "./package-format";
import { type EvidenceEventInput, type WriteEvidenceInput, writeEvidencePackage } from "./write-package";

/** Helpers for the evidence tests: keys, valid synthetic chains, packages in memory, a hand-written ZIP writer. */

export type TestKey = { kid: string; privateKey: KeyObject; publicKey: KeyObject; jwk: JWK };

export function makeKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const kid = ed25519Kid(x);
  return { kid, privateKey, publicKey, jwk: { kty: "OKP", crv: "Ed25519", x, kid, alg: "EdDSA", use: "sig" } };
}

/**
 * A valid hash chain of `n` events for one trace, as the database holds it: events in our model, the raw bytes
 * "received" (not canonical, so raw ≠ body), linked with linkHash from GENESIS_HASH.
 */
export function makeChain(traceId: string, n: number, opts: { startMs?: number; from?: { seq: number; prev: string } } = {}): EvidenceEventInput[] {
  const start = opts.startMs ?? Date.UTC(2026, 10, 21, 10, 0, 0);
  const out: EvidenceEventInput[] = [];
  let prev = opts.from?.prev ?? GENESIS_HASH;
  for (let seq = (opts.from?.seq ?? 0) + 1; seq <= (opts.from?.seq ?? 0) + n; seq++) {
    const event = chainEvent(traceId, seq, start);
    const raw = JSON.stringify(event, null, 1);
    const hash = linkHash({ seq, prev_hash: prev, event, raw_sha256: sha256Hex(raw) });
    out.push({ trace_id: traceId, seq, prev_hash: prev, hash, raw, event });
    prev = hash;
  }
  return out;
}

function chainEvent(traceId: string, seq: number, start: number) {
  return {
    id: `ev_${traceId}_${seq}`,
    trace_id: traceId,
    timestamp: new Date(start + seq * 1000).toISOString(),
    type: seq % 3 === 1 ? "policy.evaluated" : "tool.executed",
    stage: seq % 3 === 1 ? "policy" : "execution",
    agent: { id: "agt_support" },
    schema_version: "1.0",
    step: seq,
    tool: "send_email",
    arguments: { to: "customer@example.com", amount: seq * 10, note: "Grüße — naïve café" },
    decision: seq % 3 === 1 ? "allow" : null,
    policy: seq % 3 === 1 ? { bundle_id: "default", version: 1, determining: ["permit-support"] } : null,
  };
}

/** Extends an existing chain by `n` events (same trace, next seqs). */
export function extendChain(chain: EvidenceEventInput[], n: number, startMs?: number): EvidenceEventInput[] {
  const last = chain[chain.length - 1];
  return [...chain, ...makeChain(last.trace_id, n, { startMs, from: { seq: last.seq, prev: last.hash } })];
}

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const ISSUED_AT = new Date(Date.UTC(2026, 10, 22, 9, 0, 0));

/** Writes a package with default report files; returns the ZIP bytes and the writer's result. */
export async function buildPackage(key: TestKey, events: EvidenceEventInput[], over: Partial<WriteEvidenceInput> = {}) {
  const { stream, done } = writeEvidencePackage({
    packageId: "evx_0123456789abcdef",
    issuedAt: ISSUED_AT,
    events,
    files: async (stats) => ({
      "README.txt": "Verify with: npm run verify -- bundle.zip --key evidence-jwks.json\n",
      "report.html": `<!doctype html><title>Evidence</title><p>${stats.tree_size} events</p>`,
      "graph.json": canonicalJson({ nodes: [], edges: [] }),
      "diff.json": canonicalJson({ traces: stats.traces.map((t) => t.id) }),
      "approvals.json": canonicalJson({ approvals: [] }),
      "policies/default.json": canonicalJson({ id: "default", version: 1 }),
    }),
    sign: (payload) => signCheckpoint(payload, key),
    ...over,
  });
  const [zip, result] = await Promise.all([collect(stream), done]);
  return { zip, result };
}

/** `declaredSize` lies about the uncompressed size in both headers (for inflate-limit tests). */
export type ZipMember = { name: string; data: Buffer; mode?: number; method?: 0 | 8; declaredSize?: number };

/** Every member of a ZIP, in order (for tests that take a package apart). */
export async function readZip(zip: Buffer): Promise<ZipMember[]> {
  const zf = await yauzl.fromBufferPromise(zip, { lazyEntries: true, autoClose: false });
  const out: ZipMember[] = [];
  for await (const entry of zf.eachEntry()) {
    const s = await zf.openReadStreamPromise(entry);
    out.push({ name: entry.fileName, data: await collect(s), mode: entry.externalFileAttributes >>> 16, method: entry.compressionMethod === 8 ? 8 : 0 });
  }
  zf.close();
  return out;
}

/**
 * A minimal ZIP writer (local headers, central directory, end record; stored or deflated) that writes any name
 * and mode it is given: yazl refuses "../" names, so unsafe archives for the verifier's tests are made here.
 */
export function writeRawZip(members: ZipMember[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, "utf8");
    const method = m.method ?? 0;
    const body = method === 8 ? zlib.deflateRawSync(m.data) : m.data;
    const crc = zlib.crc32(m.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5b76, 12); // 2025-11-22
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.declaredSize ?? m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode in the external attributes counts
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x5b76, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(m.declaredSize ?? m.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(((m.mode ?? 0o100644) << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * Takes a package apart, lets `mutate` change its members, and writes it again. With `resign`, the manifest and
 * the checkpoint are recomputed and signed with that key (what a forger holding some key would do); `checkpoint`
 * can alter the payload before signing.
 */
export async function repack(
  zip: Buffer,
  mutate: (members: ZipMember[]) => ZipMember[] | void,
  resign?: { key: TestKey; checkpoint?: (c: Checkpoint) => Checkpoint },
): Promise<Buffer> {
  let members = await readZip(zip);
  members = mutate(members) ?? members;
  if (resign) {
    const listed: ManifestEntry[] = members
      .filter((m) => !["manifest.json", "checkpoint.json", "checkpoint.jws"].includes(m.name))
      .map((m) => ({ path: m.name, size: m.data.length, sha256: sha256Hex(m.data) }));
    const manifest = Buffer.from(manifestBytes(listed));
    const old = decodeCheckpoint(members.find((m) => m.name === "checkpoint.json")!.data);
    if (!old.ok) throw new Error(old.message);
    let cp: Checkpoint = { ...old.payload, manifest_sha256: sha256Hex(manifest) };
    if (resign.checkpoint) cp = resign.checkpoint(cp);
    const bytes = checkpointBytes(cp);
    const jws = await signCheckpoint(bytes, resign.key);
    const replace: Record<string, Buffer> = { "manifest.json": manifest, "checkpoint.json": Buffer.from(bytes), "checkpoint.jws": Buffer.from(jws) };
    members = members.map((m) => (replace[m.name] ? { ...m, data: replace[m.name] } : m));
  }
  return writeRawZip(members.map((m) => ({ ...m, method: m.method ?? 8 })));
}

/** events.jsonl's lines, for edits. */
export function eventLines(members: ZipMember[]): string[] {
  return members.find((m) => m.name === "events.jsonl")!.data.toString("utf8").split("\n").slice(0, -1);
}

export function setEventLines(members: ZipMember[], lines: string[]): ZipMember[] {
  return members.map((m) => (m.name === "events.jsonl" ? { ...m, data: Buffer.from(lines.map((l) => l + "\n").join("")) } : m));
}
