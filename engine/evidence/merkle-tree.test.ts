import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
  leafHash,
  leafHashOf32,
  MerkleAccumulator,
  MerkleTree,
  rootHashFromLeafHashes,
  verifyConsistency,
} from "./merkle";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function leaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(crypto.createHash("sha256").update(String(i)).digest()));
}

describe("MerkleTree and MerkleAccumulator (flat, levels built once)", () => {
  it("give the same roots and proofs as the reference functions for every size 1..70", () => {
    const all = leaves(70);
    for (let n = 1; n <= 70; n++) {
      const hs = all.slice(0, n);
      const tree = new MerkleTree(Buffer.concat(hs));
      const acc = new MerkleAccumulator();
      hs.forEach((h) => acc.push(h));
      const want = hex(rootHashFromLeafHashes(hs));
      expect(hex(tree.root())).toBe(want);
      expect(hex(acc.root())).toBe(want);
      for (let m = 1; m <= n; m++) {
        expect(hex(tree.rootAt(m))).toBe(hex(rootHashFromLeafHashes(hs.slice(0, m))));
        expect(tree.consistencyProof(m).map(hex)).toEqual(consistencyProofFromLeafHashes(hs, m).map(hex));
      }
      for (let i = 0; i < n; i++) expect(tree.inclusionProof(i).map(hex)).toEqual(inclusionProofFromLeafHashes(hs, i).map(hex));
    }
  });

  it("handles a 131k-leaf tree: root, prefix root and consistency proof in about a second", () => {
    const n = 1 << 17;
    const flat = Buffer.allocUnsafe(n * 32);
    const seed = crypto.createHash("sha256").update("seed").digest();
    for (let i = 0; i < n; i++) {
      seed.writeUInt32BE(i, 0);
      leafHashOf32(seed).copy(flat, i * 32);
    }
    const t0 = performance.now();
    const tree = new MerkleTree(flat);
    const root = tree.root();
    const m = 77_777;
    const proof = tree.consistencyProof(m);
    expect(verifyConsistency(m, n, tree.rootAt(m), root, proof)).toEqual({ ok: true });
    expect(performance.now() - t0).toBeLessThan(5000);
  }, 20_000);
});
