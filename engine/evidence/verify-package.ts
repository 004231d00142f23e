import * as crypto from "node:crypto";
import type { Readable } from "node:stream";
import * as zlib from "node:zlib";
import yauzl from "yauzl";
import { canonicalJson, CanonicalJsonError } from "../crypto/canonical-json";
import { GENESIS_HASH, linkHashFromCanonical, sha256Hex } from "../crypto/hash-chain";
import { type Checkpoint, decodeCheckpoint, normalizeTrustedKeys, type PolicyVersion, type TrustedKey, type TrustedKeysInput, verifyCheckpoint } from "./checkpoint";
import { leafHashOf32, MerkleAccumulator, verifyConsistency } from "./merkle";
import {
  CHECKPOINT_JSON_FILE,
  CHECKPOINT_JWS_FILE,
  Consistency,
  CONSISTENCY_FILE,
  EVENTS_FILE,
  eventLine,
  eventTimeMs,
  Manifest,
  MANIFEST_FILE,
  memberNameProblem,
  policyRefKey,
  policyRefOf,
  UNLISTED_FILES,
} from "./package-format";

/**
 * The offline verifier of evidence packages (EVIDENCE-FORMAT.md). It trusts nothing in the ZIP: keys come from the
 * caller, every member is checked against the manifest, the manifest against the signed checkpoint, and the events
 * are re-hashed and re-chained one line at a time (a package of any size is read in constant memory apart from
 * one entry per trace). Reading is refused outright when the ZIP itself is unsafe (traversal names, links, bombs,
 * duplicates); otherwise every failure found is reported, each with a code an auditor can look up in README.md.
 */

export const FAILURE_CODES = [
  // unsafe ZIP: nothing else is read
  "zip_invalid",
  "zip_bomb",
  "path_traversal",
  "symlink_member",
  "duplicate_member",
  // signature and checkpoint
  "signature_missing",
  "untrusted_key",
  "signature_invalid",
  "checkpoint_mismatch",
  "format_unsupported",
  // files
  "manifest_tampered",
  "missing_file",
  "extra_file",
  "file_hash_mismatch",
  // events
  "event_malformed",
  "event_hash_mismatch",
  "raw_hash_mismatch",
  "event_missing",
  "events_out_of_order",
  "event_duplicated",
  "chain_broken",
  "root_mismatch",
  "tree_size_mismatch",
  "trace_head_mismatch",
  "time_range_mismatch",
  "policy_versions_mismatch",
  // history
  "checkpoint_rollback",
  "consistency_invalid",
  "previous_untrusted",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export type VerifyFailure = { code: FailureCode; message: string; path?: string; line?: number; trace_id?: string; seq?: number };

export type VerifyLimits = {
  /** Sum of the members' uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed size of one member. */
  maxMemberBytes: number;
  /** Largest uncompressed/compressed ratio of a member bigger than `ratioMinBytes`. */
  maxRatio: number;
  ratioMinBytes: number;
  maxEntries: number;
  /** manifest.json, checkpoint.json/.jws and consistency.json are read into memory up to this size. */
  maxJsonBytes: number;
  /** Longest events.jsonl line. */
  maxLineBytes: number;
  /** Failures reported per code; the rest are counted in `summary.suppressed_failures`. */
  maxFailuresPerCode: number;
};

export const DEFAULT_LIMITS: VerifyLimits = {
  maxTotalBytes: 2 * 1024 ** 3,
  maxMemberBytes: 1024 ** 3,
  maxRatio: 100,
  ratioMinBytes: 1024 ** 2,
  maxEntries: 10_000,
  maxJsonBytes: 64 * 1024 ** 2,
  maxLineBytes: 64 * 1024 ** 2,
  maxFailuresPerCode: 50,
};

export type VerifiedTrace = { id: string; event_count: number; first_seq: number; last_seq: number; head_hash: string };

export type VerifySummary = {
  package_id: string | null;
  issued_at: string | null;
  /** The trusted key that verified the checkpoint (or the kid its header names when it did not verify). */
  signer_kid: string | null;
  signature: "valid" | "invalid" | "missing";
  tree_size: number | null;
  root_hash: string | null;
  /** Events found in events.jsonl, and the traces as found there (file order). */
  events: number;
  traces: VerifiedTrace[];
  time_range: { from: string; to: string } | null;
  policy_versions: PolicyVersion[];
  files: number;
  /** consistency.json: proved against the earlier checkpoint it names, invalid, or absent. */
  consistency: { status: "proved" | "invalid" | "none"; previous_package_id?: string; previous_tree_size?: number; previous_issued_at?: string };
  /** The checkpoint the auditor passed as `previous`, compared with this one. */
  previous: null | { status: "same" | "proved" | "not_proven" | "rollback" | "invalid" | "untrusted"; package_id?: string; tree_size?: number; issued_at?: string };
  suppressed_failures: number;
};

export type VerifyPackageResult =
  | { ok: true; failures: []; summary: VerifySummary }
  /** summary is null when the ZIP was unsafe or unreadable (nothing inside was looked at). */
  | { ok: false; failures: VerifyFailure[]; summary: VerifySummary | null };

export type VerifyOptions = {
  /** Keys trusted to sign checkpoints, from outside the package (never from inside it). */
  trustedKeys: TrustedKeysInput;
  /** A checkpoint JWS the auditor already trusts (e.g. from an earlier package): this one must not be older. */
  previous?: string;
  limits?: Partial<VerifyLimits>;
};

const SECTION: Record<FailureCode, number> = Object.fromEntries(
  FAILURE_CODES.map((c) => [c, ["zip_invalid", "zip_bomb", "path_traversal", "symlink_member", "duplicate_member"].includes(c) ? 0 : ["signature_missing", "untrusted_key", "signature_invalid", "checkpoint_mismatch", "format_unsupported"].includes(c) ? 1 : ["manifest_tampered", "missing_file", "extra_file", "file_hash_mismatch"].includes(c) ? 2 : ["checkpoint_rollback", "consistency_invalid", "previous_untrusted"].includes(c) ? 4 : 3]),
) as Record<FailureCode, number>;

/** Failures in order of discovery, capped per code, sorted at the end by section (zip, signature, files, events, history). */
class FailureList {
  private readonly items: VerifyFailure[] = [];
  private readonly counts = new Map<FailureCode, number>();
  suppressed = 0;
  constructor(private readonly cap: number) {}
  add(f: VerifyFailure): void {
    const n = (this.counts.get(f.code) ?? 0) + 1;
    this.counts.set(f.code, n);
    if (n <= this.cap) this.items.push(f);
    else this.suppressed++;
  }
  has(code: FailureCode): boolean {
    return this.counts.has(code);
  }
  get size(): number {
    return this.items.length;
  }
  list(): VerifyFailure[] {
    const out = this.items.map((f, i) => ({ f, i })).sort((a, b) => SECTION[a.f.code] - SECTION[b.f.code] || a.i - b.i).map((x) => x.f);
    for (const [code, n] of this.counts) {
      if (n > this.cap) out.push({ code, message: `… and ${n - this.cap} more ${code} failures not listed` });
    }
    return out;
  }
}

type Member = { entry: yauzl.Entry; name: string; isDir: boolean };
type ReadMember = { size: number; sha256: string; data: Buffer | null; readable: boolean };

/** Verifies an evidence package (a file path or its bytes) against the caller's trusted keys. */
export async function verifyEvidencePackage(zip: string | Uint8Array, opts: VerifyOptions): Promise<VerifyPackageResult> {
  const limits: VerifyLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const failures = new FailureList(limits.maxFailuresPerCode);
  const keys = normalizeTrustedKeys(opts.trustedKeys);

  let zipfile: yauzl.ZipFile;
  try {
    const options = { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true };
    zipfile = typeof zip === "string" ? await yauzl.openPromise(zip, options) : await yauzl.fromBufferPromise(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), options);
  } catch (e) {
    return { ok: false, failures: [{ code: "zip_invalid", message: `not a readable ZIP archive: ${(e as Error).message}` }], summary: null };
  }
  try {
    const members = await readDirectory(zipfile, limits, failures);
    if (!members || failures.size) return { ok: false, failures: failures.list(), summary: null };

    const contents = new Map<string, ReadMember>();
    const events = new EventsChecker(failures, limits);
    const budget = { total: 0 };
    for (const m of members) {
      if (m.isDir) continue;
      const read = await readMember(zipfile, m, limits, budget, failures, m.name === EVENTS_FILE ? events : null);
      if (failures.has("zip_bomb")) return { ok: false, failures: failures.list(), summary: null };
      contents.set(m.name, read);
    }
    if (contents.has(EVENTS_FILE) && contents.get(EVENTS_FILE)!.readable) events.end();

    const summary = await checkPackage(contents, events, keys, opts, failures);
    summary.suppressed_failures = failures.suppressed;
    const list = failures.list();
    return list.length ? { ok: false, failures: list, summary } : { ok: true, failures: [], summary };
  } finally {
    zipfile.close();
  }
}

/** Reads the central directory and refuses an unsafe archive before a byte of content is inflated. */
async function readDirectory(zipfile: yauzl.ZipFile, limits: VerifyLimits, failures: FailureList): Promise<Member[] | null> {
  if (zipfile.entryCount > limits.maxEntries) {
    failures.add({ code: "zip_bomb", message: `the archive declares ${zipfile.entryCount} members; the limit is ${limits.maxEntries}` });
    return null;
  }
  const members: Member[] = [];
  const names = new Map<string, string>();
  let total = 0;
  let totalReported = false;
  try {
    for await (const entry of zipfile.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      const shown = JSON.stringify(raw.toString("latin1"));
      let name: string;
      const ascii = raw.every((b) => b < 0x80);
      try {
        if (!ascii && !(entry.generalPurposeBitFlag & 0x800)) throw new Error("not UTF-8");
        name = new TextDecoder("utf-8", { fatal: true }).decode(raw);
      } catch {
        failures.add({ code: "zip_invalid", message: `member name ${shown} is not ASCII or flagged UTF-8`, path: shown });
        continue;
      }
      const problem = memberNameProblem(name, true);
      if (problem) failures.add({ code: problem.code, message: `member ${JSON.stringify(name)}: ${problem.reason}`, path: name });
      // Info-ZIP Unicode Path (0x7075): some tools extract under this second name instead.
      for (const extra of entry.extraFields) {
        if (extra.id !== 0x7075) continue;
        const alt = extra.data.length > 5 ? extra.data.subarray(5).toString("utf8") : "";
        const altProblem = memberNameProblem(alt, true);
        if (altProblem) failures.add({ code: altProblem.code, message: `member ${JSON.stringify(name)} carries a Unicode-path name ${JSON.stringify(alt)}: ${altProblem.reason}`, path: name });
        else if (alt !== name) failures.add({ code: "zip_invalid", message: `member ${JSON.stringify(name)} carries a different Unicode-path name ${JSON.stringify(alt)}`, path: name });
      }
      const type = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (type === 0o120000) failures.add({ code: "symlink_member", message: `member ${JSON.stringify(name)} is a symbolic link`, path: name });
      else if (type !== 0 && type !== 0o100000 && type !== 0o040000) failures.add({ code: "zip_invalid", message: `member ${JSON.stringify(name)} is a special file (mode ${type.toString(8)})`, path: name });
      const isDir = name.endsWith("/");
      if (isDir && entry.uncompressedSize > 0) failures.add({ code: "zip_invalid", message: `directory member ${JSON.stringify(name)} has content`, path: name });

      const key = name.normalize("NFC").toLowerCase();
      const prior = names.get(key);
      if (prior !== undefined) {
        failures.add({ code: "duplicate_member", message: prior === name ? `member ${JSON.stringify(name)} appears twice` : `members ${JSON.stringify(prior)} and ${JSON.stringify(name)} differ only in case or Unicode form`, path: name });
      } else names.set(key, name);

      if (entry.isEncrypted()) failures.add({ code: "zip_invalid", message: `member ${JSON.stringify(name)} is encrypted`, path: name });
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) failures.add({ code: "zip_invalid", message: `member ${JSON.stringify(name)} uses compression method ${entry.compressionMethod} (only stored and deflate)`, path: name });

      const size = entry.uncompressedSize;
      if (size > limits.maxMemberBytes) failures.add({ code: "zip_bomb", message: `member ${JSON.stringify(name)} declares ${size} bytes uncompressed; the limit is ${limits.maxMemberBytes}`, path: name });
      else if (size > limits.ratioMinBytes && size > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
        failures.add({ code: "zip_bomb", message: `member ${JSON.stringify(name)} inflates ${Math.round(size / Math.max(entry.compressedSize, 1))}:1 (${entry.compressedSize} → ${size} bytes); the limit is ${limits.maxRatio}:1`, path: name });
      }
      total += size;
      if (total > limits.maxTotalBytes && !totalReported) {
        totalReported = true;
        failures.add({ code: "zip_bomb", message: `the members declare more than ${limits.maxTotalBytes} bytes uncompressed in total` });
      }

      // The local header must name the same member (two names let different tools see different files).
      const local = await zipfile.readLocalFileHeaderPromise(entry);
      if (!local.fileName.equals(raw) || local.compressionMethod !== entry.compressionMethod) {
        failures.add({ code: "zip_invalid", message: `the local header of member ${JSON.stringify(name)} does not match the central directory`, path: name });
      }
      members.push({ entry, name, isDir });
    }
  } catch (e) {
    failures.add({ code: "zip_invalid", message: `the ZIP directory cannot be read: ${(e as Error).message}` });
    return null;
  }
  return members;
}

const KEPT_IN_MEMORY = new Set([MANIFEST_FILE, CHECKPOINT_JSON_FILE, CHECKPOINT_JWS_FILE, CONSISTENCY_FILE]);
const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Inflates one member under the limits: hashes it, checks its CRC-32, keeps the small JSON files, feeds events.jsonl to the checker. */
async function readMember(zipfile: yauzl.ZipFile, m: Member, limits: VerifyLimits, budget: { total: number }, failures: FailureList, events: EventsChecker | null): Promise<ReadMember> {
  const hash = crypto.createHash("sha256");
  const keep = KEPT_IN_MEMORY.has(m.name);
  if (keep && m.entry.uncompressedSize > limits.maxJsonBytes) {
    failures.add({ code: "format_unsupported", message: `${m.name} is ${m.entry.uncompressedSize} bytes; the limit for it is ${limits.maxJsonBytes}`, path: m.name });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  let stream: Readable | null = null;
  try {
    stream = await zipfile.openReadStreamPromise(m.entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      budget.total += chunk.length;
      if (size > m.entry.uncompressedSize || size > limits.maxMemberBytes || budget.total > limits.maxTotalBytes) {
        failures.add({ code: "zip_bomb", message: `member ${JSON.stringify(m.name)} inflates beyond its declared size or the limits`, path: m.name });
        stream.destroy();
        return { size, sha256: "", data: null, readable: false };
      }
      hash.update(chunk);
      if (crc32) crc = crc32(chunk, crc);
      if (keep && m.entry.uncompressedSize <= limits.maxJsonBytes) chunks.push(chunk);
      events?.feed(chunk);
    }
  } catch (e) {
    const msg = (e as Error).message;
    stream?.destroy();
    failures.add({ code: /too many bytes/.test(msg) ? "zip_bomb" : "zip_invalid", message: `member ${JSON.stringify(m.name)} cannot be read: ${msg}`, path: m.name });
    return { size, sha256: "", data: null, readable: false };
  }
  if (crc32 && crc >>> 0 !== m.entry.crc32 >>> 0) {
    failures.add({ code: "zip_invalid", message: `member ${JSON.stringify(m.name)} fails its CRC-32 check (the ZIP is damaged)`, path: m.name });
  }
  return { size, sha256: hash.digest("hex"), data: keep ? Buffer.concat(chunks) : null, readable: true };
}

type TraceState = VerifiedTrace & { lastLineSeq: number; gaps: Array<{ from: number; to: number; line: number }> };

/**
 * Checks events.jsonl as it streams: each line's canonical form, raw hash and link hash; per trace the seq
 * sequence (gaps, reorderings, duplicates) and the prev_hash chain; the Merkle root over all lines in order.
 */
class EventsChecker {
  private carry: Buffer[] = [];
  private carryLen = 0;
  private overlong = false;
  private line = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  readonly acc = new MerkleAccumulator();
  readonly traces = new Map<string, TraceState>();
  private current: string | null = null;
  minMs = Infinity;
  maxMs = -Infinity;
  readonly policyRefs = new Map<string, { bundle_id: string; version: string | number | null }>();

  constructor(
    private readonly failures: FailureList,
    private readonly limits: VerifyLimits,
  ) {}

  feed(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.hold(chunk.subarray(start, nl));
      this.takeLine();
      start = nl + 1;
    }
  }

  end(): void {
    if (this.carryLen > 0 || this.overlong) {
      this.fail("event_malformed", `line ${this.line + 1} is not terminated by a newline`, { line: this.line + 1 });
      this.takeLine();
    }
    for (const t of this.traces.values()) {
      for (const g of t.gaps) {
        this.fail("event_missing", `trace ${JSON.stringify(t.id)}: seq ${g.from}${g.to > g.from ? `..${g.to}` : ""} missing (the gap is before line ${g.line}): an event was deleted`, { trace_id: t.id, seq: g.from, line: g.line });
      }
    }
  }

  private hold(part: Buffer): void {
    if (this.overlong || part.length === 0) return;
    if (this.carryLen + part.length > this.limits.maxLineBytes) {
      this.overlong = true;
      this.carry = [];
      this.carryLen = 0;
      return;
    }
    this.carry.push(Buffer.from(part)); // copy: the chunk's memory is reused by the inflater
    this.carryLen += part.length;
  }

  private takeLine(): void {
    const bytes = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
    const overlong = this.overlong;
    this.carry = [];
    this.carryLen = 0;
    this.overlong = false;
    this.line++;
    if (overlong) {
      this.fail("event_malformed", `line ${this.line} is longer than ${this.limits.maxLineBytes} bytes`, { line: this.line });
      this.acc.push(leafHashOf32(crypto.createHash("sha256").update(`overlong line ${this.line}`).digest()));
      return;
    }
    this.checkLine(bytes);
  }

  private fail(code: FailureCode, message: string, where: { line?: number; trace_id?: string; seq?: number }): void {
    this.failures.add({ code, message, path: EVENTS_FILE, ...where });
  }

  private checkLine(bytes: Buffer): void {
    const line = this.line;
    let text: string;
    let obj: Record<string, unknown>;
    try {
      text = this.decoder.decode(bytes);
      obj = JSON.parse(text);
    } catch {
      this.fail("event_malformed", `line ${line} is not UTF-8 JSON`, { line });
      this.acc.push(leafHashOf32(crypto.createHash("sha256").update(bytes).digest()));
      return;
    }
    const shape = lineShapeProblem(obj);
    const hashOk = obj && typeof obj === "object" && typeof obj.hash === "string" && /^[0-9a-f]{64}$/.test(obj.hash);
    this.acc.push(leafHashOf32(hashOk ? Buffer.from(obj.hash as string, "hex") : crypto.createHash("sha256").update(bytes).digest()));
    if (shape) {
      const where = obj && typeof obj === "object" ? { trace_id: typeof obj.trace_id === "string" ? obj.trace_id : undefined, seq: typeof obj.seq === "number" ? obj.seq : undefined } : {};
      this.fail("event_malformed", `line ${line}: ${shape}`, { line, ...where });
      return;
    }
    const e = obj as { trace_id: string; seq: number; prev_hash: string; hash: string; raw: string; raw_sha256: string; event: unknown };
    const at = { line, trace_id: e.trace_id, seq: e.seq };
    const label = `trace ${JSON.stringify(e.trace_id)} seq ${e.seq} (line ${line})`;

    let canonicalEvent: string;
    try {
      canonicalEvent = canonicalJson(e.event);
    } catch (err) {
      if (!(err instanceof CanonicalJsonError)) throw err;
      this.fail("event_malformed", `${label}: the event cannot be canonicalised: ${err.path ? `event.${err.path}` : "event"}: ${err.reason}`, at);
      return;
    }
    if (eventLine(e, canonicalEvent) !== text) this.fail("event_malformed", `${label} is not in canonical JSON form (RFC 8785)`, at);
    if (sha256Hex(e.raw) !== e.raw_sha256) this.fail("raw_hash_mismatch", `${label}: the raw bytes received do not hash to raw_sha256: the raw event was changed`, at);
    if (linkHashFromCanonical(e.seq, e.prev_hash, canonicalEvent, e.raw_sha256) !== e.hash) {
      this.fail("event_hash_mismatch", `${label}: the event's content does not hash to its recorded hash: the event was changed`, at);
    }

    const ms = eventTimeMs(e.event);
    if (ms !== null) {
      if (ms < this.minMs) this.minMs = ms;
      if (ms > this.maxMs) this.maxMs = ms;
    }
    const ref = policyRefOf(e.event);
    if (ref) this.policyRefs.set(policyRefKey(ref), ref);

    let t = this.traces.get(e.trace_id);
    if (e.trace_id !== this.current) {
      if (t) this.fail("events_out_of_order", `${label}: trace ${JSON.stringify(e.trace_id)} continues after another trace's events: a trace's events must be contiguous`, at);
      this.current = e.trace_id;
    }
    if (!t) {
      t = { id: e.trace_id, event_count: 0, first_seq: e.seq, last_seq: 0, head_hash: GENESIS_HASH, lastLineSeq: 0, gaps: [] };
      this.traces.set(e.trace_id, t);
    }
    if (e.seq === t.last_seq + 1) {
      // The chain is checked wherever two consecutive seqs sit on consecutive lines of the trace.
      if (t.lastLineSeq === e.seq - 1 && e.prev_hash !== t.head_hash) {
        this.fail("chain_broken", `${label}: prev_hash does not equal the hash of seq ${e.seq - 1}${e.seq === 1 ? " (the genesis hash)" : ""}`, at);
      }
      t.last_seq = e.seq;
    } else if (e.seq > t.last_seq + 1) {
      if (t.gaps.length < 100_000) t.gaps.push({ from: t.last_seq + 1, to: e.seq - 1, line });
      t.last_seq = e.seq;
    } else {
      const gi = t.gaps.findIndex((g) => g.from <= e.seq && e.seq <= g.to);
      if (gi >= 0) {
        const g = t.gaps[gi];
        const rest = [...(g.from < e.seq ? [{ from: g.from, to: e.seq - 1, line: g.line }] : []), ...(e.seq < g.to ? [{ from: e.seq + 1, to: g.to, line: g.line }] : [])];
        t.gaps.splice(gi, 1, ...rest);
        this.fail("events_out_of_order", `${label} comes after seq ${t.last_seq}: events were reordered (swapped)`, at);
      } else {
        this.fail("event_duplicated", `${label}: seq ${e.seq} of this trace already appeared: an event was duplicated`, at);
      }
    }
    t.first_seq = Math.min(t.first_seq, e.seq);
    t.event_count++;
    t.lastLineSeq = e.seq;
    t.head_hash = e.hash;
  }
}

const LINE_KEYS = ["event", "hash", "prev_hash", "raw", "raw_sha256", "seq", "trace_id"];

function lineShapeProblem(obj: unknown): string | null {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return "not a JSON object";
  const o = obj as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.join() !== LINE_KEYS.join()) return `fields must be exactly ${LINE_KEYS.join(", ")} (found ${keys.join(", ")})`;
  if (typeof o.trace_id !== "string" || !o.trace_id) return "trace_id must be a non-empty string";
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) return "seq must be a positive integer";
  for (const k of ["hash", "prev_hash", "raw_sha256"]) if (typeof o[k] !== "string" || !/^[0-9a-f]{64}$/.test(o[k] as string)) return `${k} must be 64 lowercase hex digits`;
  if (typeof o.raw !== "string") return "raw must be a string";
  if (!o.event || typeof o.event !== "object" || Array.isArray(o.event)) return "event must be an object";
  return null;
}

/** Everything after reading: signature, checkpoint, manifest and files, the events' totals, history. */
async function checkPackage(contents: Map<string, ReadMember>, events: EventsChecker, keys: TrustedKey[], opts: VerifyOptions, failures: FailureList): Promise<VerifySummary> {
  const summary: VerifySummary = {
    package_id: null,
    issued_at: null,
    signer_kid: null,
    signature: "missing",
    tree_size: null,
    root_hash: null,
    events: events.acc.size,
    traces: [...events.traces.values()].map(({ id, event_count, first_seq, last_seq, head_hash }) => ({ id, event_count, first_seq, last_seq, head_hash })),
    time_range: events.minMs <= events.maxMs ? { from: new Date(events.minMs).toISOString(), to: new Date(events.maxMs).toISOString() } : null,
    policy_versions: [],
    files: [...contents.keys()].length,
    consistency: { status: "none" },
    previous: null,
    suppressed_failures: 0,
  };

  // Signature, then checkpoint.json against the signed bytes.
  const jwsMember = contents.get(CHECKPOINT_JWS_FILE);
  const jsonMember = contents.get(CHECKPOINT_JSON_FILE);
  let checkpoint: Checkpoint | null = null;
  let signedBytes: Uint8Array | null = null;
  if (!jwsMember) {
    failures.add({ code: "signature_missing", message: "checkpoint.jws is absent: the package is not signed", path: CHECKPOINT_JWS_FILE });
  } else if (jwsMember.data) {
    const v = await verifyCheckpoint(jwsMember.data.toString("utf8"), keys);
    summary.signer_kid = v.kid ?? null;
    if (v.ok) {
      summary.signature = "valid";
      checkpoint = v.payload;
      signedBytes = v.bytes;
    } else {
      summary.signature = v.code === "signature_missing" ? "missing" : "invalid";
      failures.add({ code: v.code, message: `checkpoint.jws: ${v.message}`, path: CHECKPOINT_JWS_FILE });
      checkpoint = v.payload ?? null; // unproven, but still used to report everything else
      signedBytes = v.bytes ?? null;
    }
  }
  if (!jsonMember) {
    failures.add({ code: "missing_file", message: "checkpoint.json is absent", path: CHECKPOINT_JSON_FILE });
  } else if (jsonMember.data) {
    if (signedBytes) {
      if (!jsonMember.data.equals(Buffer.from(signedBytes))) failures.add({ code: "checkpoint_mismatch", message: "checkpoint.json differs from the payload signed in checkpoint.jws", path: CHECKPOINT_JSON_FILE });
    } else {
      const d = decodeCheckpoint(jsonMember.data);
      if (d.ok) checkpoint ??= d.payload;
      else failures.add({ code: "format_unsupported", message: `checkpoint.json: ${d.message}`, path: CHECKPOINT_JSON_FILE });
    }
  }
  if (checkpoint) {
    summary.package_id = checkpoint.package_id;
    summary.issued_at = checkpoint.issued_at;
    summary.tree_size = checkpoint.tree_size;
    summary.root_hash = checkpoint.root_hash;
    summary.policy_versions = checkpoint.policy_versions;
  } else if (jwsMember?.data) {
    failures.add({ code: "format_unsupported", message: "the checkpoint cannot be read as a replay-audit-evidence/1 checkpoint", path: CHECKPOINT_JWS_FILE });
  }

  checkFiles(contents, checkpoint, failures);
  if (checkpoint && contents.get(EVENTS_FILE)?.readable) checkEventTotals(events, checkpoint, failures);
  if (checkpoint) await checkHistory(contents, checkpoint, keys, opts.previous, summary, failures);
  return summary;
}

/** manifest.json against the checkpoint, then every member against the manifest. */
function checkFiles(contents: Map<string, ReadMember>, checkpoint: Checkpoint | null, failures: FailureList): void {
  const manifestMember = contents.get(MANIFEST_FILE);
  if (!manifestMember) {
    failures.add({ code: "missing_file", message: "manifest.json is absent", path: MANIFEST_FILE });
  }
  let manifest: Manifest | null = null;
  if (manifestMember?.data) {
    if (checkpoint && manifestMember.sha256 !== checkpoint.manifest_sha256) {
      failures.add({ code: "manifest_tampered", message: `manifest.json's SHA-256 ${manifestMember.sha256.slice(0, 16)}… is not the one the checkpoint signs (${checkpoint.manifest_sha256.slice(0, 16)}…): the manifest was rewritten`, path: MANIFEST_FILE });
    }
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(manifestMember.data);
      const value = JSON.parse(text);
      manifest = Manifest.parse(value);
      const paths = manifest.files.map((f) => f.path);
      const sorted = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (canonicalJson(value) !== text || paths.some((p, i) => p !== sorted[i] || (i > 0 && p === sorted[i - 1]))) throw new Error("not canonical, unsorted or with repeated paths");
      for (const p of paths) {
        if (memberNameProblem(p) || UNLISTED_FILES.includes(p)) throw new Error(`lists an invalid path ${JSON.stringify(p)}`);
      }
    } catch (e) {
      failures.add({ code: "format_unsupported", message: `manifest.json is not a valid replay-audit-evidence/1 manifest: ${(e as Error).message.split("\n")[0]}`, path: MANIFEST_FILE });
      manifest = null;
    }
  }
  if (!contents.has(EVENTS_FILE)) failures.add({ code: "missing_file", message: "events.jsonl is absent", path: EVENTS_FILE });
  if (!manifest) return;

  const listed = new Set(manifest.files.map((f) => f.path));
  if (!listed.has(EVENTS_FILE)) failures.add({ code: "missing_file", message: "the manifest does not list events.jsonl", path: EVENTS_FILE });
  for (const f of manifest.files) {
    const got = contents.get(f.path);
    if (!got) {
      if (f.path !== EVENTS_FILE) failures.add({ code: "missing_file", message: `${f.path} is listed in the manifest but absent from the package`, path: f.path });
      continue;
    }
    if (!got.readable) continue;
    if (got.size !== f.size || got.sha256 !== f.sha256) {
      failures.add({ code: "file_hash_mismatch", message: `${f.path} is ${got.size} bytes with SHA-256 ${got.sha256.slice(0, 16)}…; the manifest says ${f.size} bytes, ${f.sha256.slice(0, 16)}…: the file was changed`, path: f.path });
    }
  }
  for (const path of contents.keys()) {
    if (!listed.has(path) && !UNLISTED_FILES.includes(path)) failures.add({ code: "extra_file", message: `${path} is in the package but not in the manifest: it was added`, path });
  }
}

/** The totals of events.jsonl against what the checkpoint signs. */
function checkEventTotals(events: EventsChecker, cp: Checkpoint, failures: FailureList): void {
  const at = { path: EVENTS_FILE };
  if (events.acc.size !== cp.tree_size) {
    failures.add({ code: "tree_size_mismatch", message: `events.jsonl holds ${events.acc.size} events; the checkpoint signs ${cp.tree_size}`, ...at });
  }
  const root = Buffer.from(events.acc.root()).toString("hex");
  if (root !== cp.root_hash) {
    failures.add({ code: "root_mismatch", message: `the Merkle root over events.jsonl is ${root.slice(0, 16)}…; the checkpoint signs ${cp.root_hash.slice(0, 16)}…`, ...at });
  }
  const inFile = [...events.traces.values()];
  const signed = new Map(cp.traces.map((t) => [t.id, t]));
  for (const t of cp.traces) {
    const f = events.traces.get(t.id);
    if (!f) {
      failures.add({ code: "trace_head_mismatch", message: `trace ${JSON.stringify(t.id)} is in the checkpoint but has no events in events.jsonl`, trace_id: t.id, ...at });
      continue;
    }
    const diffs: string[] = [];
    if (f.event_count !== t.event_count) diffs.push(`${f.event_count} events (signed ${t.event_count})`);
    if (f.first_seq !== t.first_seq) diffs.push(`first seq ${f.first_seq} (signed ${t.first_seq})`);
    if (f.last_seq !== t.last_seq) diffs.push(`last seq ${f.last_seq} (signed ${t.last_seq})`);
    if (f.head_hash !== t.head_hash) diffs.push(`head ${f.head_hash.slice(0, 12)}… (signed ${t.head_hash.slice(0, 12)}…)`);
    if (diffs.length) failures.add({ code: "trace_head_mismatch", message: `trace ${JSON.stringify(t.id)} in events.jsonl: ${diffs.join(", ")}`, trace_id: t.id, ...at });
  }
  for (const f of inFile) {
    if (!signed.has(f.id)) failures.add({ code: "trace_head_mismatch", message: `events.jsonl holds events of trace ${JSON.stringify(f.id)}, which the checkpoint does not list`, trace_id: f.id, ...at });
  }
  const sameSet = inFile.length === cp.traces.length && inFile.every((f) => signed.has(f.id));
  if (sameSet && inFile.some((f, i) => f.id !== cp.traces[i].id)) {
    failures.add({ code: "events_out_of_order", message: "the traces in events.jsonl are not in the checkpoint's order", ...at });
  }
  const range = events.minMs <= events.maxMs ? { from: new Date(events.minMs).toISOString(), to: new Date(events.maxMs).toISOString() } : null;
  const signedRange = cp.time_range ? { from: new Date(cp.time_range.from).toISOString(), to: new Date(cp.time_range.to).toISOString() } : null;
  if (JSON.stringify(range) !== JSON.stringify(signedRange)) {
    failures.add({ code: "time_range_mismatch", message: `the events span ${range ? `${range.from} – ${range.to}` : "no time"}; the checkpoint signs ${signedRange ? `${signedRange.from} – ${signedRange.to}` : "none"}`, ...at });
  }
  const described = new Set(cp.policy_versions.map(policyRefKey));
  for (const r of events.policyRefs.values()) {
    if (!described.has(policyRefKey(r))) {
      failures.add({ code: "policy_versions_mismatch", message: `events name policy ${r.bundle_id} version ${r.version ?? "(none)"}, which the checkpoint's policy_versions do not list`, ...at });
    }
  }
}

function later(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

/** consistency.json (the earlier export this one continues) and the auditor's `previous` checkpoint. */
async function checkHistory(contents: Map<string, ReadMember>, cp: Checkpoint, keys: TrustedKey[], previousJws: string | undefined, summary: VerifySummary, failures: FailureList): Promise<void> {
  const member = contents.get(CONSISTENCY_FILE);
  let earlier: Checkpoint | null = null;
  let proved = false;
  if (member?.data) {
    let parsed: Consistency | null = null;
    try {
      parsed = Consistency.parse(JSON.parse(member.data.toString("utf8")));
    } catch {
      failures.add({ code: "consistency_invalid", message: "consistency.json is not {previous_checkpoint, proof[]}", path: CONSISTENCY_FILE });
    }
    if (parsed) {
      const v = await verifyCheckpoint(parsed.previous_checkpoint, keys);
      earlier = v.payload ?? null;
      if (!v.ok) failures.add({ code: "previous_untrusted", message: `the earlier checkpoint in consistency.json does not verify with a trusted key (${v.code}: ${v.message})`, path: CONSISTENCY_FILE });
      if (earlier) {
        summary.consistency = { status: "invalid", previous_package_id: earlier.package_id, previous_tree_size: earlier.tree_size, previous_issued_at: earlier.issued_at };
        if (earlier.tree_size > cp.tree_size || later(earlier.issued_at, cp.issued_at)) {
          failures.add({ code: "checkpoint_rollback", message: `consistency.json's earlier checkpoint (${earlier.package_id}: ${earlier.tree_size} events, issued ${earlier.issued_at}) is newer than this one (${cp.tree_size} events, issued ${cp.issued_at})`, path: CONSISTENCY_FILE });
        } else {
          const r = verifyConsistency(earlier.tree_size, cp.tree_size, Buffer.from(earlier.root_hash, "hex"), Buffer.from(cp.root_hash, "hex"), parsed.proof.map((h) => Buffer.from(h, "hex")));
          if (!r.ok) failures.add({ code: "consistency_invalid", message: `the consistency proof from ${earlier.package_id} (${earlier.tree_size} events) does not verify: ${r.error}; the earlier events were not kept unchanged`, path: CONSISTENCY_FILE });
          else if (v.ok) {
            proved = true;
            summary.consistency.status = "proved";
          }
        }
        const ref = cp.previous;
        if (!ref || ref.package_id !== earlier.package_id || ref.tree_size !== earlier.tree_size || ref.root_hash !== earlier.root_hash || ref.issued_at !== earlier.issued_at) {
          failures.add({ code: "consistency_invalid", message: "the checkpoint's `previous` does not name the earlier checkpoint in consistency.json", path: CONSISTENCY_FILE });
        }
      } else if (v.ok === false && !v.payload) {
        failures.add({ code: "consistency_invalid", message: "the earlier checkpoint in consistency.json cannot be read", path: CONSISTENCY_FILE });
      }
    }
  } else if (cp.previous && !member) {
    failures.add({ code: "missing_file", message: `the checkpoint continues ${cp.previous.package_id} but consistency.json is absent`, path: CONSISTENCY_FILE });
  }

  if (previousJws === undefined) return;
  const v = await verifyCheckpoint(previousJws, keys);
  if (!v.ok) {
    summary.previous = { status: "untrusted" };
    failures.add({ code: "previous_untrusted", message: `the previous checkpoint given to the verifier does not verify with a trusted key (${v.code}: ${v.message})` });
    return;
  }
  const p = v.payload;
  summary.previous = { status: "not_proven", package_id: p.package_id, tree_size: p.tree_size, issued_at: p.issued_at };
  if (p.tree_size > cp.tree_size || later(p.issued_at, cp.issued_at)) {
    summary.previous.status = "rollback";
    failures.add({ code: "checkpoint_rollback", message: `this checkpoint (${cp.tree_size} events, issued ${cp.issued_at}) is older than the trusted previous one (${p.package_id}: ${p.tree_size} events, issued ${p.issued_at}): a rollback` });
  } else if (p.tree_size === cp.tree_size && p.root_hash === cp.root_hash) {
    summary.previous.status = "same";
  } else if (p.tree_size === cp.tree_size) {
    summary.previous.status = "invalid";
    failures.add({ code: "consistency_invalid", message: `the trusted previous checkpoint ${p.package_id} has the same size (${p.tree_size}) but a different root: the history was rewritten` });
  } else if (earlier && earlier.tree_size === p.tree_size) {
    if (earlier.root_hash !== p.root_hash) {
      summary.previous.status = "invalid";
      failures.add({ code: "consistency_invalid", message: `the package's consistency proof starts from a different tree than the trusted previous checkpoint ${p.package_id}: the history was rewritten` });
    } else if (proved) summary.previous.status = "proved";
  }
}
