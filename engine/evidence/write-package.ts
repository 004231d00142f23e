import * as crypto from "node:crypto";
import { PassThrough, Readable, Transform } from "node:stream";
import yazl from "yazl";
import { canonicalJson } from "../crypto/canonical-json";
import { GENESIS_HASH, linkHashFromCanonical, sha256Hex } from "../crypto/hash-chain";
import { type Checkpoint, type CheckpointTrace, checkpointBytes, decodeCheckpointJws, EVIDENCE_FORMAT, PolicyVersion } from "./checkpoint";
import { HASH_SIZE, leafHashOf32, MerkleAccumulator, MerkleTree, verifyConsistency } from "./merkle";
import {
  CHECKPOINT_JSON_FILE,
  CHECKPOINT_JWS_FILE,
  compareCodeUnits,
  CONSISTENCY_FILE,
  EVENTS_FILE,
  eventLine,
  eventTimeMs,
  MANIFEST_FILE,
  type ManifestEntry,
  manifestBytes,
  memberNameProblem,
  policyRefKey,
  policyRefOf,
  WRITER_FILES,
} from "./package-format";

/**
 * Writes an evidence package as a stream (EVIDENCE-FORMAT.md). Events go through one at a time: each is
 * re-verified (raw hash, link hash, seq, prev_hash chain), written to events.jsonl inside the ZIP and hashed on
 * the fly; only its 32-byte Merkle leaf hash is kept (and only when a consistency proof is wanted). The caller's
 * other files (report, graph, diff, policies…) are produced after the events, from the stats gathered while
 * streaming; then the manifest, the checkpoint and its signature close the archive.
 */

/** One stored event, as read from the database in chain order. */
export type EvidenceEventInput = { trace_id: string; seq: number; prev_hash: string; hash: string; raw: string; event: unknown };

/** What the writer learnt while streaming the events: handed to `files()` so the caller can build the report. */
export type EvidenceStats = {
  tree_size: number;
  traces: CheckpointTrace[];
  time_range: { from: string; to: string } | null;
  /** Distinct `policy` references of the events (bundle_id + version), sorted. */
  policy_refs: Array<{ bundle_id: string; version: string | number | null }>;
  /** The Merkle root the checkpoint will carry (hex). */
  root_hash: string;
  events_sha256: string;
};

export type EvidenceFiles = Record<string, string | Uint8Array>;

export type WriteEvidenceInput = {
  packageId: string;
  /** The checkpoint's issued_at (also every member's mtime); an ISO string is accepted too. No clock is read inside. */
  issuedAt: Date | string;
  /** Whole chains grouped by trace, each trace from seq 1 in seq order (traces in any order, each contiguous). */
  events: AsyncIterable<EvidenceEventInput> | Iterable<EvidenceEventInput>;
  /**
   * The other files, called once after every event was written. Return the files, or `{ files, policy_versions }`
   * to describe the policy bundles in the checkpoint (environment, sha256); references seen in events but not
   * described are added with nulls.
   */
  files: (stats: EvidenceStats) => Promise<EvidenceFiles | { files: EvidenceFiles; policy_versions?: PolicyVersion[] }>;
  /** Signs the checkpoint's canonical bytes; returns the compact JWS (checkpoint.ts `signCheckpoint`). */
  sign: (payloadBytes: Uint8Array) => Promise<string>;
  /** The last export of the same trace set: adds consistency.json when its tree is a prefix of this one. */
  previous?: { checkpointJws: string; tree_size?: number; root_hash?: string };
  /** zlib level 0-9 (default 6). */
  compressionLevel?: number;
};

export type WriteEvidenceResult = {
  sha256: string;
  bytes: number;
  checkpoint: Checkpoint;
  checkpointJws: string;
  treeSize: number;
  rootHash: string;
  /**
   * proved: consistency.json written; not_prefix: no proof possible (`previous` is not a prefix of this export, is
   * empty, or was issued after `issuedAt`); none: no `previous` given.
   */
  consistency: "proved" | "not_prefix" | "none";
};

/** The database content does not form a valid chain: the export stops, naming the event. */
export class EvidenceChainError extends Error {
  constructor(
    readonly trace_id: string,
    readonly seq: number | null,
    readonly reason: string,
  ) {
    super(`evidence export refused: trace ${JSON.stringify(trace_id)}${seq === null ? "" : ` seq ${seq}`}: ${reason}`);
    this.name = "EvidenceChainError";
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const FILE_MODE = 0o100644;
/** events.jsonl is written to the ZIP in chunks of about this size. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Starts writing; `stream` is the ZIP (pipe it to a file or a response: the writer waits while it is not read),
 * `done` resolves when the whole ZIP went through `stream`, or rejects (EvidenceChainError for broken data) after
 * destroying the stream with the same error.
 */
export function writeEvidencePackage(input: WriteEvidenceInput): { stream: Readable; done: Promise<WriteEvidenceResult> } {
  const zip = new yazl.ZipFile();
  const zipHash = crypto.createHash("sha256");
  let zipBytes = 0;
  let finished: (r: { sha256: string; bytes: number }) => void;
  const zipDone = new Promise<{ sha256: string; bytes: number }>((resolve) => (finished = resolve));
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      zipHash.update(chunk);
      zipBytes += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      finished({ sha256: zipHash.digest("hex"), bytes: zipBytes });
      cb();
    },
  });
  (zip.outputStream as Readable).on("error", (e) => out.destroy(e));
  (zip.outputStream as Readable).pipe(out);

  let aborted: Error | null = null;
  // Settles only if the consumer goes away (or the stream errors) before the ZIP is complete.
  const closedEarly = new Promise<never>((_, reject) => {
    out.on("error", (e) => {
      aborted ??= e;
      reject(e);
    });
    out.on("close", () => {
      if (out.writableFinished) return;
      aborted ??= new Error("the evidence stream was closed before the package was complete");
      reject(aborted);
    });
  });
  closedEarly.catch(() => {});

  const done = (async (): Promise<WriteEvidenceResult> => {
    const issuedAt = new Date(input.issuedAt);
    if (Number.isNaN(issuedAt.getTime())) throw new TypeError("issuedAt must be a valid Date or ISO date-time");
    const opts = memberOptions(input, issuedAt);

    const events = new PassThrough({ highWaterMark: 64 * 1024 });
    zip.addReadStream(events, EVENTS_FILE, opts);
    const streamed = await streamEvents(input, events, () => aborted);

    const stats: EvidenceStats = {
      tree_size: streamed.treeSize,
      traces: streamed.traces,
      time_range: streamed.timeRange,
      policy_refs: streamed.policyRefs,
      root_hash: Buffer.from(streamed.root).toString("hex"),
      events_sha256: streamed.eventsEntry.sha256,
    };
    const given = await input.files(stats);
    const { files, policy_versions } = isFilesWithPolicies(given) ? given : { files: given, policy_versions: undefined };

    const manifest: ManifestEntry[] = [streamed.eventsEntry];
    const folded = new Set(WRITER_FILES);
    for (const path of Object.keys(files).sort(compareCodeUnits)) {
      const problem = memberNameProblem(path);
      if (problem) throw new TypeError(`evidence file name ${JSON.stringify(path)}: ${problem.reason}`);
      if (WRITER_FILES.includes(path)) throw new TypeError(`evidence file name ${JSON.stringify(path)} is reserved for the writer`);
      // The verifier refuses names equal up to case (they collide when extracted on macOS/Windows).
      const key = path.normalize("NFC").toLowerCase();
      if (folded.has(key)) throw new TypeError(`evidence file name ${JSON.stringify(path)} collides with another name up to case`);
      folded.add(key);
      const data = toBuffer(files[path]);
      zip.addBuffer(data, path, opts);
      manifest.push({ path, size: data.length, sha256: sha256Hex(data) });
    }

    const rootHash = Buffer.from(streamed.root).toString("hex");
    let consistency: WriteEvidenceResult["consistency"] = "none";
    let previousRef: Checkpoint["previous"] = null;
    if (input.previous) {
      const prev = decodeCheckpointJws(input.previous.checkpointJws);
      if (input.previous.tree_size !== undefined && input.previous.tree_size !== prev.tree_size) throw new TypeError("previous.tree_size differs from the previous checkpoint's tree_size");
      if (input.previous.root_hash !== undefined && input.previous.root_hash !== prev.root_hash) throw new TypeError("previous.root_hash differs from the previous checkpoint's root_hash");
      const m = prev.tree_size;
      const tree = streamed.tree!;
      consistency = "not_prefix";
      // An "earlier" export issued after this one would read as a rollback to the verifier: no proof then either.
      const issuedBefore = Date.parse(prev.issued_at) <= issuedAt.getTime();
      if (issuedBefore && m > 0 && m <= tree.size && Buffer.from(tree.rootAt(m)).toString("hex") === prev.root_hash) {
        const proof = tree.consistencyProof(m);
        // Never ship a proof that would not verify.
        const check = verifyConsistency(m, tree.size, Buffer.from(prev.root_hash, "hex"), streamed.root, proof);
        if (!check.ok) throw new Error(`internal error: consistency proof does not verify: ${check.error}`);
        const data = Buffer.from(canonicalJson({ previous_checkpoint: input.previous.checkpointJws.trim(), proof: proof.map((p) => Buffer.from(p).toString("hex")) }));
        zip.addBuffer(data, CONSISTENCY_FILE, opts);
        manifest.push({ path: CONSISTENCY_FILE, size: data.length, sha256: sha256Hex(data) });
        consistency = "proved";
        previousRef = { package_id: prev.package_id, issued_at: prev.issued_at, tree_size: prev.tree_size, root_hash: prev.root_hash };
      }
    }

    const manifestData = Buffer.from(manifestBytes(manifest));
    zip.addBuffer(manifestData, MANIFEST_FILE, opts);

    const checkpoint: Checkpoint = {
      format: EVIDENCE_FORMAT,
      package_id: input.packageId,
      issued_at: issuedAt.toISOString(),
      tree_size: streamed.treeSize,
      root_hash: rootHash,
      traces: streamed.traces,
      time_range: streamed.timeRange,
      policy_versions: mergePolicyVersions(policy_versions, streamed.policyRefs),
      manifest_sha256: sha256Hex(manifestData),
      previous: previousRef,
    };
    const payload = checkpointBytes(checkpoint);
    const jws = (await input.sign(payload)).trim();
    const parts = jws.split(".");
    if (parts.length !== 3 || !Buffer.from(parts[1], "base64url").equals(Buffer.from(payload))) {
      throw new Error("sign() must return a compact JWS whose payload is exactly the checkpoint bytes");
    }
    zip.addBuffer(Buffer.from(payload), CHECKPOINT_JSON_FILE, opts);
    zip.addBuffer(Buffer.from(jws), CHECKPOINT_JWS_FILE, opts);
    zip.end();

    const { sha256, bytes } = await Promise.race([zipDone, closedEarly]);
    return { sha256, bytes, checkpoint, checkpointJws: jws, treeSize: streamed.treeSize, rootHash, consistency };
  })();

  done.catch((e: Error) => {
    if (!out.destroyed) out.destroy(e);
  });
  return { stream: out, done };
}

type Streamed = {
  treeSize: number;
  traces: CheckpointTrace[];
  timeRange: { from: string; to: string } | null;
  policyRefs: Array<{ bundle_id: string; version: string | number | null }>;
  eventsEntry: ManifestEntry;
  root: Uint8Array;
  tree: MerkleTree | null;
};

/** Verifies and writes every event; returns what the checkpoint needs. Holds one chunk of lines at a time. */
async function streamEvents(input: WriteEvidenceInput, sink: PassThrough, aborted: () => Error | null): Promise<Streamed> {
  const hash = crypto.createHash("sha256");
  let size = 0;
  const acc = new MerkleAccumulator();
  const keepLeaves = !!input.previous;
  let leaves = keepLeaves ? Buffer.allocUnsafe(1024 * HASH_SIZE) : Buffer.alloc(0);
  const traces: CheckpointTrace[] = [];
  const seen = new Set<string>();
  const refs = new Map<string, { bundle_id: string; version: string | number | null }>();
  let minMs = Infinity;
  let maxMs = -Infinity;
  let cur: CheckpointTrace | null = null;
  let chunk = "";

  const flush = async () => {
    if (!chunk) return;
    const buf = Buffer.from(chunk, "utf8");
    chunk = "";
    hash.update(buf);
    size += buf.length;
    if (!sink.write(buf)) await drained(sink, aborted);
    const err = aborted();
    if (err) throw err;
  };

  try {
    for await (const e of input.events) {
      const where = (reason: string) => new EvidenceChainError(String(e?.trace_id), typeof e?.seq === "number" ? e.seq : null, reason);
      if (!e || typeof e.trace_id !== "string" || !e.trace_id) throw where("trace_id must be a non-empty string");
      if (!Number.isSafeInteger(e.seq) || e.seq < 1) throw where("seq must be a positive integer");
      if (typeof e.hash !== "string" || !HEX64.test(e.hash)) throw where("hash is not 64 lowercase hex digits");
      if (typeof e.prev_hash !== "string" || !HEX64.test(e.prev_hash)) throw where("prev_hash is not 64 lowercase hex digits");
      if (typeof e.raw !== "string") throw where("raw must be a string");
      if (!e.event || typeof e.event !== "object") throw where("event must be an object");

      if (!cur || cur.id !== e.trace_id) {
        if (seen.has(e.trace_id)) throw where("the trace appears again after another trace: events must be grouped by trace");
        seen.add(e.trace_id);
        cur = { id: e.trace_id, event_count: 0, first_seq: e.seq, last_seq: 0, head_hash: GENESIS_HASH };
        traces.push(cur);
      }
      const expected = cur.last_seq + 1;
      if (e.seq !== expected) {
        throw where(e.seq > expected ? `seq ${expected}${e.seq - 1 > expected ? `..${e.seq - 1}` : ""} missing (the export needs whole chains from seq 1)` : `seq out of order or duplicated (after seq ${cur.last_seq})`);
      }
      if (e.prev_hash !== cur.head_hash) throw where(`prev_hash ${e.prev_hash.slice(0, 12)}… does not link to the previous event's hash ${cur.head_hash.slice(0, 12)}…`);
      const rawSha = sha256Hex(e.raw);
      const canonicalEvent = canonicalJson(e.event);
      const recomputed = linkHashFromCanonical(e.seq, e.prev_hash, canonicalEvent, rawSha);
      if (recomputed !== e.hash) throw where(`stored hash ${e.hash.slice(0, 12)}… ≠ recomputed ${recomputed.slice(0, 12)}…: the stored event, its raw bytes or its seq changed after ingest`);

      cur.event_count++;
      cur.last_seq = e.seq;
      cur.head_hash = e.hash;
      const leaf = leafHashOf32(Buffer.from(e.hash, "hex"));
      acc.push(leaf);
      if (keepLeaves) {
        const at = (acc.size - 1) * HASH_SIZE;
        if (at + HASH_SIZE > leaves.length) {
          const bigger = Buffer.allocUnsafe(leaves.length * 2);
          leaves.copy(bigger, 0, 0, at);
          leaves = bigger;
        }
        leaf.copy(leaves, at);
      }
      const ms = eventTimeMs(e.event);
      if (ms !== null) {
        if (ms < minMs) minMs = ms;
        if (ms > maxMs) maxMs = ms;
      }
      const ref = policyRefOf(e.event);
      if (ref) refs.set(policyRefKey(ref), ref);

      chunk += eventLine({ ...e, raw_sha256: rawSha }, canonicalEvent) + "\n";
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    await flush();
  } catch (err) {
    sink.destroy();
    throw err;
  }
  sink.end();

  const policyRefs = [...refs.entries()].sort((a, b) => compareCodeUnits(a[0], b[0])).map(([, r]) => r);
  return {
    treeSize: acc.size,
    traces,
    timeRange: minMs <= maxMs ? { from: new Date(minMs).toISOString(), to: new Date(maxMs).toISOString() } : null,
    policyRefs,
    eventsEntry: { path: EVENTS_FILE, size, sha256: hash.digest("hex") },
    root: acc.root(),
    tree: keepLeaves ? new MerkleTree(leaves.subarray(0, acc.size * HASH_SIZE)) : null,
  };
}

function memberOptions(input: WriteEvidenceInput, issuedAt: Date) {
  const level = input.compressionLevel ?? 6;
  // A fixed mtime (the issue time) keeps the bytes a function of the content.
  return { mtime: issuedAt, mode: FILE_MODE, compress: level > 0, compressionLevel: level };
}

function isFilesWithPolicies(v: unknown): v is { files: EvidenceFiles; policy_versions?: PolicyVersion[] } {
  const files = (v as { files?: unknown }).files;
  return !!files && typeof files === "object" && !(files instanceof Uint8Array);
}

function toBuffer(v: string | Uint8Array): Buffer {
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError("evidence files must be strings or Uint8Arrays");
}

/** The caller's descriptions, plus every policy reference seen in the events that they do not describe. */
function mergePolicyVersions(given: PolicyVersion[] | undefined, refs: Array<{ bundle_id: string; version: string | number | null }>): PolicyVersion[] {
  const out = (given ?? []).map((p) => PolicyVersion.parse(p));
  const have = new Set(out.map(policyRefKey));
  for (const r of refs) if (!have.has(policyRefKey(r))) out.push({ bundle_id: r.bundle_id, environment: null, version: r.version, sha256: null });
  return out.sort((a, b) => compareCodeUnits(policyRefKey(a), policyRefKey(b)) || compareCodeUnits(a.environment ?? "", b.environment ?? ""));
}

function drained(stream: PassThrough, aborted: () => Error | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      clearInterval(timer);
      const err = aborted();
      if (err) reject(err);
      else resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    // The consumer may go away without the PassThrough ever draining (yazl stops reading): poll the abort flag.
    const timer = setInterval(() => {
      if (aborted()) done();
    }, 250);
  });
}
