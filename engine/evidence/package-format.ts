import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json";
import { EVIDENCE_FORMAT } from "./checkpoint";

/** Rules of the evidence ZIP shared by the writer and the verifier (EVIDENCE-FORMAT.md). */

export const EVENTS_FILE = "events.jsonl";
export const MANIFEST_FILE = "manifest.json";
export const CHECKPOINT_JSON_FILE = "checkpoint.json";
export const CHECKPOINT_JWS_FILE = "checkpoint.jws";
export const CONSISTENCY_FILE = "consistency.json";
/** Members not listed in the manifest (the manifest and the two forms of the checkpoint that commits to it). */
export const UNLISTED_FILES: readonly string[] = [MANIFEST_FILE, CHECKPOINT_JSON_FILE, CHECKPOINT_JWS_FILE];
/** Names the writer produces itself; a caller's extra files may not use them. */
export const WRITER_FILES: readonly string[] = [EVENTS_FILE, CONSISTENCY_FILE, ...UNLISTED_FILES];
export const MAX_MEMBER_NAME_LENGTH = 255;

export type NameProblem = { code: "path_traversal" | "zip_invalid"; reason: string };

/**
 * Why a member name is unsafe, or null. Member names are plain relative "/"-separated paths: nothing absolute, no
 * "..", "." or empty segments, no backslashes (Windows separators), no drive letters, no control characters.
 * `allowDirectory` accepts one trailing "/" (a directory entry some zip tools add).
 */
export function memberNameProblem(name: string, allowDirectory = false): NameProblem | null {
  if (name === "") return { code: "zip_invalid", reason: "empty member name" };
  if (name.length > MAX_MEMBER_NAME_LENGTH) return { code: "zip_invalid", reason: `member name longer than ${MAX_MEMBER_NAME_LENGTH} characters` };
  if (/[\u0000-\u001f\u007f]/.test(name)) return { code: "zip_invalid", reason: "control character in member name" };
  if (name.includes("\\")) return { code: "path_traversal", reason: "backslash in member name" };
  if (name.startsWith("/")) return { code: "path_traversal", reason: "absolute member name" };
  if (/^[A-Za-z]:/.test(name)) return { code: "path_traversal", reason: "drive letter in member name" };
  const body = allowDirectory && name.endsWith("/") ? name.slice(0, -1) : name;
  for (const seg of body.split("/")) {
    if (seg === "..") return { code: "path_traversal", reason: '".." segment in member name' };
    if (seg === "." || seg === "") return { code: "path_traversal", reason: 'empty or "." segment in member name' };
  }
  return null;
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestEntry = z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256: Hex64 }).strict();
export type ManifestEntry = z.infer<typeof ManifestEntry>;
export const Manifest = z.object({ format: z.literal(EVIDENCE_FORMAT), files: z.array(ManifestEntry) }).strict();
export type Manifest = z.infer<typeof Manifest>;

/** Code-unit order, the order of RFC 8785 keys: independent of locale and of database collation. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** manifest.json's canonical bytes: every listed member sorted by path. */
export function manifestBytes(files: ManifestEntry[]): Uint8Array {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  return new TextEncoder().encode(canonicalJson({ format: EVIDENCE_FORMAT, files: sorted }));
}

export const Consistency = z.object({ previous_checkpoint: z.string().min(1), proof: z.array(Hex64) }).strict();
export type Consistency = z.infer<typeof Consistency>;

/**
 * One events.jsonl line (without the newline): RFC 8785 JSON of {event, hash, prev_hash, raw, raw_sha256, seq,
 * trace_id}, assembled directly in key order from the event's canonical JSON so each event is canonicalised once.
 */
export function eventLine(e: { trace_id: string; seq: number; prev_hash: string; hash: string; raw: string; raw_sha256: string }, canonicalEvent: string): string {
  return (
    `{"event":${canonicalEvent},"hash":${JSON.stringify(e.hash)},"prev_hash":${JSON.stringify(e.prev_hash)},"raw":${JSON.stringify(e.raw)},` +
    `"raw_sha256":${JSON.stringify(e.raw_sha256)},"seq":${e.seq},"trace_id":${JSON.stringify(e.trace_id)}}`
  );
}

/** Policy references found in an event (`policy.bundle_id` + `policy.version`), or null. */
export function policyRefOf(event: unknown): { bundle_id: string; version: string | number | null } | null {
  const policy = (event as { policy?: { bundle_id?: unknown; version?: unknown } | null } | null)?.policy;
  if (!policy || typeof policy.bundle_id !== "string" || !policy.bundle_id) return null;
  const v = policy.version;
  return { bundle_id: policy.bundle_id, version: typeof v === "string" || typeof v === "number" ? v : null };
}

export function policyRefKey(r: { bundle_id: string; version: string | number | null }): string {
  return `${r.bundle_id}\u0000${r.version === null ? "" : String(r.version)}`;
}

/** Milliseconds of an event's `timestamp`, or null when absent or unparseable. */
export function eventTimeMs(event: unknown): number | null {
  const ts = (event as { timestamp?: unknown } | null)?.timestamp;
  if (typeof ts !== "string") return null;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : null;
}
