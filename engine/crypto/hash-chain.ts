import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

/** The first link of every trace's chain points at this value. */
export const GENESIS_HASH = "0".repeat(64);

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * One link of a trace's hash chain. The hash covers the position (seq), the previous link, the event
 * in Replay Audit's model and the SHA-256 of the bytes received, so neither the mapped nor the raw form
 * can change without breaking every later link.
 */
export interface ChainLink {
  seq: number;
  prev_hash: string;
  event: unknown;
  raw_sha256: string;
}

export function linkHash(link: ChainLink): string {
  const { seq, prev_hash, event, raw_sha256 } = link; // only these fields, whatever else the object carries
  return sha256Hex(canonicalJson({ seq, prev_hash, event, raw_sha256 }));
}

/** Checks a trace's links in seq order; returns the seq of the first broken link, or null when intact. */
export function firstBrokenLink(links: Array<ChainLink & { hash: string }>): number | null {
  let prev = GENESIS_HASH;
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    if (l.seq !== i + 1 || l.prev_hash !== prev || linkHash(l) !== l.hash) return l.seq;
    prev = l.hash;
  }
  return null;
}
