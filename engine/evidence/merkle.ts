import * as crypto from "node:crypto";

/**
 * RFC 6962 / RFC 9162 Merkle tree over SHA-256, for evidence exports: the checkpoint's root over a trace's
 * event hashes, inclusion proofs for single events and consistency proofs between two exports of one trace.
 *
 * Leaf and interior hashes are domain-separated (0x00 / 0x01 prefix) so a leaf can never be passed off as an
 * interior node (second-preimage attack on unprefixed Merkle trees).
 */

export const HASH_SIZE = 32;

export type VerifyResult = { ok: true } | { ok: false; error: string };

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

function digest(parts: Uint8Array[]): Uint8Array {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p);
  const buf = h.digest();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** SHA-256(0x00 || data): the hash of one leaf (RFC 6962 §2.1). */
export function leafHash(data: Uint8Array): Uint8Array {
  return digest([LEAF_PREFIX, data]);
}

/** SHA-256(0x01 || left || right): the hash of an interior node (RFC 6962 §2.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return digest([NODE_PREFIX, left, right]);
}

/** MTH({}) = SHA-256 of the empty string. */
export function emptyRootHash(): Uint8Array {
  return digest([]);
}

/** Largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 6962 §2.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leafHashes[lo, hi), hi > lo. Every node is hashed once, so the whole tree costs O(n). */
function subtreeRoot(hashes: Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo;
  if (n === 1) return hashes[lo];
  const k = splitPoint(n);
  return nodeHashFast(subtreeRoot(hashes, lo, lo + k), subtreeRoot(hashes, lo + k, hi));
}

/** MTH(D[n]) of RFC 6962 §2.1 over leaf data; the empty tree's root is SHA-256(""). */
export function rootHash(leaves: Uint8Array[]): Uint8Array {
  return rootHashFromLeafHashes(leaves.map(leafHash));
}

/** MTH when the leaf hashes are already computed (exports hash each event once while streaming). O(n). */
export function rootHashFromLeafHashes(leafHashes: Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRootHash();
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** Audit path PATH(m, D[n]) of RFC 6962 §2.1.1 for leaf `index`, over leaf data. */
export function inclusionProof(leaves: Uint8Array[], index: number): Uint8Array[] {
  return inclusionProofFromLeafHashes(leaves.map(leafHash), index);
}

/**
 * PATH(m, D[n]) over precomputed leaf hashes, ordered from the leaf's sibling up to the root's child.
 * Linear in n: the sibling subtrees along the path are disjoint.
 */
export function inclusionProofFromLeafHashes(leafHashes: Uint8Array[], index: number): Uint8Array[] {
  return inclusionPath(leafHashes.length, index, (lo, hi) => subtreeRoot(leafHashes, lo, hi));
}

/** A subtree's root MTH(D[lo:hi]), however the tree keeps its hashes. */
type SubtreeRoot = (lo: number, hi: number) => Uint8Array;

/** PATH(index, D[n]) with subtree roots from `subtree`: walk down from the root, keep each sibling, list bottom-up. */
function inclusionPath(n: number, index: number, subtree: SubtreeRoot): Uint8Array[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`leaf index ${index} out of range for tree size ${n}`);
  }
  const path: Uint8Array[] = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push(subtree(lo + k, hi));
      hi = lo + k;
    } else {
      path.push(subtree(lo, lo + k));
      lo = lo + k;
    }
  }
  return path.reverse();
}

/** Consistency proof PROOF(m, D[n]) of RFC 6962 §2.1.2 between the first m leaves and all of them, over leaf data. */
export function consistencyProof(leaves: Uint8Array[], m: number): Uint8Array[] {
  return consistencyProofFromLeafHashes(leaves.map(leafHash), m);
}

/**
 * PROOF(m, D[n]) over precomputed leaf hashes. Requires 0 < m ≤ n; m = n gives the empty proof.
 * Linear in n (SUBPROOF visits disjoint subtrees).
 */
export function consistencyProofFromLeafHashes(leafHashes: Uint8Array[], m: number): Uint8Array[] {
  return consistencyPath(leafHashes.length, m, (lo, hi) => subtreeRoot(leafHashes, lo, hi));
}

/** PROOF(m, D[n]) with subtree roots from `subtree`. */
function consistencyPath(n: number, m: number, subtree: SubtreeRoot): Uint8Array[] {
  if (!Number.isSafeInteger(m) || m <= 0 || m > n) {
    throw new RangeError(`old tree size ${m} out of range for tree size ${n} (need 0 < m ≤ n)`);
  }
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[lo:hi], b), unrolled: the hashes are emitted deepest first, so collect top-down and reverse.
  let lo = 0;
  let hi = n;
  let mm = m;
  let complete = true; // b in the RFC: whether D[lo:lo+mm] is a subtree whose root the verifier already knows
  for (;;) {
    const size = hi - lo;
    if (mm === size) {
      if (!complete) proof.push(subtree(lo, hi));
      break;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      proof.push(subtree(lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(subtree(lo, lo + k));
      lo = lo + k;
      mm -= k;
      complete = false;
    }
  }
  return proof.reverse();
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function checkHashes(what: string, hashes: Uint8Array[]): string | null {
  for (let i = 0; i < hashes.length; i++) {
    if (!(hashes[i] instanceof Uint8Array) || hashes[i].length !== HASH_SIZE) {
      return `${what}[${i}] is ${hashes[i]?.length ?? "not"} bytes, expected ${HASH_SIZE}`;
    }
  }
  return null;
}

const fail = (error: string): VerifyResult => ({ ok: false, error });

/**
 * Verifies an inclusion proof with the algorithm of RFC 9162 §2.1.3.2, step by step. Every hash must be
 * exactly 32 bytes; a proof one hash too long or too short fails (steps 4a and 5).
 */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHashValue: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): VerifyResult {
  if (!isSize(leafIndex) || !isSize(treeSize)) return fail("leaf index and tree size must be non-negative safe integers");
  if (!Array.isArray(proof)) return fail("proof must be an array of hashes");
  const bad = checkHashes("leaf hash", [leafHashValue]) ?? checkHashes("root", [root]) ?? checkHashes("proof", proof);
  if (bad) return fail(bad);
  // 1. leaf_index ≥ tree_size fails.
  if (leafIndex >= treeSize) return fail(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  // 2. fn = leaf_index, sn = tree_size - 1. BigInt keeps the shifts exact beyond 2^31.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  // 3. r = hash.
  let r = leafHashValue;
  // 4. Walk the path.
  for (let i = 0; i < proof.length; i++) {
    const p = proof[i];
    if (sn === 0n) return fail(`proof too long: ${proof.length} hashes, only ${i} used`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. sn must be 0 and r must equal the root.
  if (sn !== 0n) return fail(`proof too short: ${proof.length} hashes do not reach the root of a tree of ${treeSize}`);
  if (!bytesEqual(r, root)) return fail("computed root does not match the expected root");
  return { ok: true };
}

/**
 * Verifies a consistency proof between tree sizes size1 ≤ size2 with the algorithm of RFC 9162 §2.1.4.2.
 * That algorithm covers 0 < size1 < size2; around it: size1 > size2 fails, size1 = 0 fails (nothing can be
 * proven about an empty tree, and RFC 9162 defines proofs only for 0 < m), and size1 = size2 holds only with
 * an empty proof and root1 byte-equal to root2.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: Uint8Array[],
): VerifyResult {
  if (!isSize(size1) || !isSize(size2)) return fail("tree sizes must be non-negative safe integers");
  if (!Array.isArray(proof)) return fail("proof must be an array of hashes");
  if (size1 > size2) return fail(`size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === 0) return fail("consistency with an empty tree cannot be proven (size1 must be > 0)");
  if (size1 === size2) {
    if (proof.length !== 0) return fail(`sizes are equal but the proof has ${proof.length} hashes`);
    if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array) || !bytesEqual(root1, root2)) {
      return fail("sizes are equal but the roots differ");
    }
    return { ok: true };
  }
  const bad = checkHashes("root1", [root1]) ?? checkHashes("root2", [root2]) ?? checkHashes("proof", proof);
  if (bad) return fail(bad);

  // 1. An empty path fails.
  if (proof.length === 0) return fail("empty proof for different tree sizes");
  // 2. If first is an exact power of 2, prepend first_hash.
  const first = BigInt(size1);
  const path = (first & (first - 1n)) === 0n ? [root1, ...proof] : proof;
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1n;
  let sn = BigInt(size2) - 1n;
  // 4. While LSB(fn) is set, shift both right.
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. fr = sr = first value of the path.
  let fr = path[0];
  let sr = path[0];
  // 6. For each subsequent value c.
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0n) return fail(`proof too long: ${proof.length} hashes`);
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7. fr = first_hash, sr = second_hash, sn = 0.
  if (sn !== 0n) return fail(`proof too short: ${proof.length} hashes do not reach the root of a tree of ${size2}`);
  if (!bytesEqual(fr, root1)) return fail("computed root for size1 does not match root1");
  if (!bytesEqual(sr, root2)) return fail("computed root for size2 does not match root2");
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Large trees: evidence exports hold up to millions of events. The functions above allocate a Uint8Array per node
// and rehash subtrees on every proof; the two classes below keep leaf hashes in one flat buffer, hash each node
// once, and reuse a scratch buffer so ~1M leaves cost two hashes per leaf and no per-node objects.
// ---------------------------------------------------------------------------------------------------------------

const oneShot = (crypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: "buffer") => Buffer }).hash;
const sha256Buffer: (data: Uint8Array) => Buffer =
  typeof oneShot === "function" ? (data) => oneShot("sha256", data, "buffer") : (data) => crypto.createHash("sha256").update(data).digest();

const leafScratch = Buffer.alloc(1 + HASH_SIZE);
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;

/** leafHash() of a 32-byte value (an event hash) without allocating the prefixed input. */
export function leafHashOf32(value: Uint8Array): Buffer {
  if (value.length !== HASH_SIZE) throw new RangeError(`leaf value is ${value.length} bytes, expected ${HASH_SIZE}`);
  leafScratch.set(value, 1);
  return sha256Buffer(leafScratch);
}

function nodeHashFast(left: Uint8Array, right: Uint8Array): Buffer {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256Buffer(nodeScratch);
}

/**
 * Streaming MTH: append leaf hashes one at a time, read the root at any point. Keeps only the roots of the
 * perfect subtrees of the binary decomposition of the size (≤ 53 hashes), so a verifier can compute the root
 * of a package of any size in constant memory.
 */
export class MerkleAccumulator {
  private readonly stack: Uint8Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash (already `leafHash`ed, 32 bytes). */
  push(leafHashValue: Uint8Array): void {
    if (leafHashValue.length !== HASH_SIZE) throw new RangeError(`leaf hash is ${leafHashValue.length} bytes, expected ${HASH_SIZE}`);
    let node: Uint8Array = Buffer.from(leafHashValue);
    for (let s = this.count; s % 2 === 1; s = Math.floor(s / 2)) node = nodeHashFast(this.stack.pop()!, node);
    this.stack.push(node);
    this.count++;
  }

  /** MTH of the leaves pushed so far (RFC 6962 §2.1): the perfect subtrees folded right to left. */
  root(): Uint8Array {
    if (this.count === 0) return emptyRootHash();
    let r = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHashFast(this.stack[i], r);
    return new Uint8Array(r);
  }
}

/**
 * A whole tree whose levels are built once: level k holds the roots of the aligned perfect subtrees of 2^k
 * leaves, flat, 32 bytes each. Memory is about twice the leaf hashes (64 bytes per leaf); the root, the root
 * of any prefix, and each inclusion or consistency proof then cost O(log n) hashes instead of O(n).
 */
export class MerkleTree {
  readonly size: number;
  private readonly levels: Buffer[];

  /** `flatLeafHashes`: the leaf hashes (already `leafHash`ed) back to back, 32 bytes each. */
  constructor(flatLeafHashes: Uint8Array) {
    if (flatLeafHashes.length % HASH_SIZE !== 0) throw new RangeError(`flat leaf hashes are ${flatLeafHashes.length} bytes, not a multiple of ${HASH_SIZE}`);
    this.size = flatLeafHashes.length / HASH_SIZE;
    const level0 = Buffer.from(flatLeafHashes.buffer, flatLeafHashes.byteOffset, flatLeafHashes.byteLength);
    this.levels = [level0];
    for (let below = level0, n = this.size; n >= 2; n = Math.floor(n / 2)) {
      const half = Math.floor(n / 2);
      const next = Buffer.allocUnsafe(half * HASH_SIZE);
      for (let j = 0; j < half; j++) {
        const o = 2 * j * HASH_SIZE;
        nodeHashFast(below.subarray(o, o + HASH_SIZE), below.subarray(o + HASH_SIZE, o + 2 * HASH_SIZE)).copy(next, j * HASH_SIZE);
      }
      this.levels.push(next);
      below = next;
    }
  }

  /** Builds the tree from leaf data (each item is hashed with `leafHash`). */
  static fromLeaves(leaves: Uint8Array[]): MerkleTree {
    const flat = Buffer.allocUnsafe(leaves.length * HASH_SIZE);
    leaves.forEach((l, i) => flat.set(leafHash(l), i * HASH_SIZE));
    return new MerkleTree(flat);
  }

  /** MTH over leaves [lo, hi): aligned perfect subtrees come from the levels, the ragged right edge is split as in RFC 6962. */
  private subtree(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if ((n & (n - 1)) === 0 && lo % n === 0) {
      const k = Math.log2(n);
      const o = (lo / n) * HASH_SIZE;
      return this.levels[k].subarray(o, o + HASH_SIZE);
    }
    const k = splitPoint(n);
    return nodeHashFast(this.subtree(lo, lo + k), this.subtree(lo + k, hi));
  }

  /** MTH(D[n]) of the whole tree. */
  root(): Uint8Array {
    return this.rootAt(this.size);
  }

  /** MTH of the first m leaves (0 ≤ m ≤ size): lets an exporter check that an earlier export is a prefix of this one. */
  rootAt(m: number): Uint8Array {
    if (!Number.isSafeInteger(m) || m < 0 || m > this.size) throw new RangeError(`prefix size ${m} out of range for tree size ${this.size}`);
    if (m === 0) return emptyRootHash();
    return new Uint8Array(this.subtree(0, m));
  }

  /** PATH(index, D[n]), bottom-up, like inclusionProofFromLeafHashes. */
  inclusionProof(index: number): Uint8Array[] {
    return inclusionPath(this.size, index, (lo, hi) => new Uint8Array(this.subtree(lo, hi)));
  }

  /** PROOF(m, D[n]) for 0 < m ≤ n, like consistencyProofFromLeafHashes. */
  consistencyProof(m: number): Uint8Array[] {
    return consistencyPath(this.size, m, (lo, hi) => new Uint8Array(this.subtree(lo, hi)));
  }
}
