import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  consistencyProofFromLeafHashes,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  nodeHash,
  rootHash,
  rootHashFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type VerifyResult,
} from "./merkle";
import { buildMerkleVectors, formatMerkleVectors, type MerkleVectors } from "./fixtures/build-merkle-vectors";
import { mth } from "./fixtures/rfc6962-reference";

/**
 * Two sets of vectors. The committed ones (fixtures/merkle-vectors.json) are computed by an independent reference
 * written straight from RFC 6962 and always run. The transparency-dev/merkle testdata (Apache-2.0,
 * github.com/transparency-dev/merkle/testdata) is an extra third-party check that exists only where a copy sits at
 * ../shared/data/merkle-vectors beside the repository (the development workspace); without it those tests skip.
 */
const TESTDATA = path.resolve(import.meta.dirname, "../../../shared/data/merkle-vectors/testdata");
const HAVE_TESTDATA = fs.existsSync(TESTDATA);
const SKIP_NOTE =
  `transparency-dev/merkle vectors not found at ${TESTDATA} (they come from github.com/transparency-dev/merkle, ` +
  "testdata/, copied to ../shared/data/merkle-vectors in the development workspace); skipping them — the committed " +
  "RFC 6962 vectors in engine/evidence/fixtures still cover merkle.ts";
if (!HAVE_TESTDATA) console.warn(SKIP_NOTE);
const FIXTURE = path.resolve(import.meta.dirname, "fixtures/merkle-vectors.json");

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fromHex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

/** Strict base64: Node's decoder silently skips junk, so check the alphabet and padding first. */
function b64(s: string, where: string): Uint8Array {
  if (typeof s !== "string" || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    throw new Error(`${where}: not base64: ${JSON.stringify(s)}`);
  }
  return new Uint8Array(Buffer.from(s, "base64"));
}

type Vector = { file: string; folder: string; json: Record<string, unknown> };

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

function loadVectors(): Vector[] {
  return walk(TESTDATA).map((file) => {
    const rel = path.relative(TESTDATA, file);
    if (!file.endsWith(".json")) throw new Error(`unexpected non-JSON file in testdata: ${rel}`);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    if (typeof json.wantErr !== "boolean") throw new Error(`${rel}: wantErr missing`);
    return { file: rel, folder: rel.split(path.sep)[0], json };
  });
}

const proofOf = (v: Vector) => ((v.json.proof as string[] | null) ?? []).map((p, i) => b64(p, `${v.file} proof[${i}]`));

type Tally = { passed: number; rejected: number; slipped: string[] };
const tally = (): Tally => ({ passed: 0, rejected: 0, slipped: [] });

function record(t: Tally, v: Vector, res: VerifyResult) {
  const wantErr = v.json.wantErr as boolean;
  if (!wantErr && res.ok) t.passed++;
  else if (wantErr && !res.ok) t.rejected++;
  else t.slipped.push(`${v.file} (${v.json.desc}): wantErr=${wantErr} got ${res.ok ? "ok" : res.error}`);
}

function runInclusion(v: Vector): VerifyResult {
  const j = v.json;
  return verifyInclusion(j.leafIdx as number, j.treeSize as number, b64(j.leafHash as string, v.file), proofOf(v), b64(j.root as string, v.file));
}

function runConsistency(v: Vector): VerifyResult {
  const j = v.json;
  return verifyConsistency(j.size1 as number, j.size2 as number, b64(j.root1 as string, v.file), b64(j.root2 as string, v.file), proofOf(v));
}

/** Smallest power of two ≥ n. */
const bitCeil = (n: number) => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)));

const vectors = HAVE_TESTDATA ? loadVectors() : [];
const byFolder = (name: string) => vectors.filter((v) => v.folder === name);

describe.skipIf(!HAVE_TESTDATA)(HAVE_TESTDATA ? "transparency-dev/merkle test vectors" : `transparency-dev/merkle test vectors (skipped: ${SKIP_NOTE})`, () => {
  it("finds exactly the four known vector folders, all values base64", () => {
    expect([...new Set(vectors.map((v) => v.folder))].sort()).toEqual(["consistency", "inclusion", "subtreeconsistency", "subtreeinclusion"]);
    for (const v of vectors) {
      for (const [k, val] of Object.entries(v.json)) {
        if (typeof val === "string" && k !== "desc") b64(val, `${v.file} ${k}`);
      }
      proofOf(v);
    }
  });

  it("inclusion/: every happy path verifies, every wantErr case is rejected", () => {
    const t = tally();
    for (const v of byFolder("inclusion")) record(t, v, runInclusion(v));
    console.log(`inclusion: ${t.passed} happy paths verified, ${t.rejected} wantErr cases rejected, ${t.slipped.length} slipped`);
    expect(t.slipped).toEqual([]);
    expect(t.passed + t.rejected).toBe(byFolder("inclusion").length);
    expect(t.passed).toBeGreaterThan(0);
  });

  it("consistency/: every happy path verifies, every wantErr case is rejected", () => {
    const t = tally();
    for (const v of byFolder("consistency")) record(t, v, runConsistency(v));
    console.log(`consistency: ${t.passed} happy paths verified, ${t.rejected} wantErr cases rejected, ${t.slipped.length} slipped`);
    expect(t.slipped).toEqual([]);
    expect(t.passed + t.rejected).toBe(byFolder("consistency").length);
    expect(t.passed).toBeGreaterThan(0);
  });

  // subtreeinclusion/ is the Merkle Tree Certificates draft's proof of a leaf inside a subtree [start, end)
  // against that subtree's hash. For a valid subtree (start a multiple of bitCeil(end - start)) it is exactly
  // an RFC 9162 inclusion proof of leaf (leafIdx - start) in a tree of (end - start) leaves, so it runs through
  // verifyInclusion; the subtree-bounds check below is the draft's, not ours, and its rejections are counted apart.
  it("subtreeinclusion/: mapped onto RFC 9162 inclusion, nothing slips", () => {
    const t = tally();
    let boundsRejected = 0;
    for (const v of byFolder("subtreeinclusion")) {
      const { leafIdx, start, end } = v.json as { leafIdx: number; start: number; end: number };
      const validSubtree =
        [leafIdx, start, end].every(Number.isSafeInteger) && start < end && start % bitCeil(end - start) === 0 && start <= leafIdx;
      if (!validSubtree) {
        boundsRejected++;
        record(t, v, { ok: false, error: "invalid subtree bounds" });
        continue;
      }
      const j = v.json;
      record(t, v, verifyInclusion(leafIdx - start, end - start, b64(j.leafHash as string, v.file), proofOf(v), b64(j.root as string, v.file)));
    }
    console.log(
      `subtreeinclusion: ${t.passed} happy paths verified, ${t.rejected} wantErr cases rejected ` +
        `(${boundsRejected} by the draft's subtree-bounds check, ${t.rejected - boundsRejected} by verifyInclusion), ${t.slipped.length} slipped`,
    );
    expect(t.slipped).toEqual([]);
    expect(t.passed + t.rejected).toBe(byFolder("subtreeinclusion").length);
  });

  // subtreeconsistency/ is the draft's SUBTREE_PROOF(start, end, D_n). With start = 0 and end > 0 the draft
  // defines it as PROOF(end, D_n), the RFC 9162 consistency proof, so those run through verifyConsistency.
  // Empty subtrees (start = end) and start > 0 follow draft-only rules (an empty subtree is consistent with
  // any tree root), which are not RFC 6962 semantics: they are listed and skipped.
  it("subtreeconsistency/: start = 0 cases mapped onto RFC 9162 consistency, nothing slips", () => {
    const t = tally();
    const skipped: string[] = [];
    for (const v of byFolder("subtreeconsistency")) {
      const { start, end, size } = v.json as { start: number; end: number; size: number };
      if (start !== 0 || end === 0) {
        skipped.push(`${v.file} (wantErr=${v.json.wantErr})`);
        continue;
      }
      const j = v.json;
      record(t, v, verifyConsistency(end, size, b64(j.root1 as string, v.file), b64(j.root2 as string, v.file), proofOf(v)));
    }
    console.log(
      `subtreeconsistency: ${t.passed} happy paths verified, ${t.rejected} wantErr cases rejected, ${t.slipped.length} slipped, ` +
        `${skipped.length} draft-only cases skipped:\n  ${skipped.join("\n  ")}`,
    );
    expect(t.slipped).toEqual([]);
    expect(t.passed + t.rejected + skipped.length).toBe(byFolder("subtreeconsistency").length);
  });
});

// The leaves and roots the vectors were generated from (transparency-dev/merkle testonly/constants.go).
const REF_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(fromHex);
const REF_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

describe("tree hashing and proof generation against the reference tree", () => {
  it("the independent RFC 6962 reference gives the same published roots (so the committed vectors rest on the RFC, not on merkle.ts)", () => {
    expect(hex(mth([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (let n = 1; n <= 8; n++) expect(hex(mth(REF_LEAVES.slice(0, n)))).toBe(REF_ROOTS[n - 1]);
  });

  it("hashes with domain separation and gives SHA-256('') for the empty tree", () => {
    expect(hex(rootHash([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(leafHash(new Uint8Array()))).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    const a = leafHash(fromHex("00"));
    expect(hex(nodeHash(a, a))).not.toBe(hex(leafHash(new Uint8Array([...a, ...a]))));
  });

  it("computes the published roots for sizes 1..8", () => {
    for (let n = 1; n <= 8; n++) expect(hex(rootHash(REF_LEAVES.slice(0, n)))).toBe(REF_ROOTS[n - 1]);
  });

});

describe.skipIf(!HAVE_TESTDATA)(HAVE_TESTDATA ? "transparency-dev/merkle proofs regenerated" : "transparency-dev/merkle proofs regenerated (skipped: vectors absent, see above)", () => {
  it("generates byte-for-byte the proofs of every happy-path vector", () => {
    let compared = 0;
    for (const v of byFolder("inclusion").filter((x) => !x.json.wantErr && (x.json.treeSize as number) <= 8)) {
      const leaves = v.file.includes("single-entry") ? [new TextEncoder().encode("data")] : REF_LEAVES.slice(0, v.json.treeSize as number);
      expect(hex(rootHash(leaves)), v.file).toBe(hex(b64(v.json.root as string, v.file)));
      expect(inclusionProof(leaves, v.json.leafIdx as number).map(hex), v.file).toEqual(proofOf(v).map(hex));
      compared++;
    }
    for (const v of byFolder("consistency").filter((x) => !x.json.wantErr && !x.file.includes("additional"))) {
      const leaves = REF_LEAVES.slice(0, v.json.size2 as number);
      expect(consistencyProof(leaves, v.json.size1 as number).map(hex), v.file).toEqual(proofOf(v).map(hex));
      compared++;
    }
    expect(compared).toBe(11);
  });
});

describe("committed RFC 6962 vectors (engine/evidence/fixtures/merkle-vectors.json)", () => {
  const committed = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as MerkleVectors;
  const leaves = committed.leaves.map(fromHex);

  it("the committed file is exactly what the RFC 6962 reference computes (npx tsx scripts/gen-merkle-vectors.ts)", () => {
    expect(fs.readFileSync(FIXTURE, "utf8")).toBe(formatMerkleVectors(buildMerkleVectors()));
    expect(committed.inclusion.filter((v) => !v.wantErr)).toHaveLength(93);
    expect(committed.consistency.filter((v) => !v.wantErr)).toHaveLength(93);
  });

  it("merkle.ts computes every root, audit path and consistency proof byte for byte", () => {
    for (let n = 0; n < committed.roots.length; n++) expect(hex(rootHash(leaves.slice(0, n))), `MTH(D[${n}])`).toBe(committed.roots[n]);
    let compared = 0;
    for (const v of committed.inclusion.filter((x) => !x.wantErr)) {
      expect(hex(leafHash(leaves[v.leafIdx])), v.desc).toBe(v.leafHash);
      expect(inclusionProof(leaves.slice(0, v.treeSize), v.leafIdx).map(hex), v.desc).toEqual(v.proof);
      compared++;
    }
    for (const v of committed.consistency.filter((x) => !x.wantErr)) {
      expect(consistencyProof(leaves.slice(0, v.size2), v.size1).map(hex), v.desc).toEqual(v.proof);
      compared++;
    }
    expect(compared).toBe(186);
  });

  it("verifyInclusion accepts every valid vector and rejects every tampered one", () => {
    const slipped: string[] = [];
    for (const v of committed.inclusion) {
      const res = verifyInclusion(v.leafIdx, v.treeSize, fromHex(v.leafHash), v.proof.map(fromHex), fromHex(v.root));
      if (res.ok === v.wantErr) slipped.push(`${v.desc}: wantErr=${v.wantErr} got ${res.ok ? "ok" : res.error}`);
    }
    expect(slipped).toEqual([]);
    expect(committed.inclusion.filter((v) => v.wantErr).length).toBeGreaterThanOrEqual(96);
  });

  it("verifyConsistency accepts every valid vector and rejects every tampered one", () => {
    const slipped: string[] = [];
    for (const v of committed.consistency) {
      const res = verifyConsistency(v.size1, v.size2, fromHex(v.root1), fromHex(v.root2), v.proof.map(fromHex));
      if (res.ok === v.wantErr) slipped.push(`${v.desc}: wantErr=${v.wantErr} got ${res.ok ? "ok" : res.error}`);
    }
    expect(slipped).toEqual([]);
    expect(committed.consistency.filter((v) => v.wantErr).length).toBeGreaterThanOrEqual(96);
  });
});

function flipped(proof: Uint8Array[], i: number, bit: number): Uint8Array[] {
  return proof.map((p, j) => {
    if (j !== i) return p;
    const c = new Uint8Array(p);
    c[bit >> 3] ^= 1 << (bit & 7);
    return c;
  });
}

describe("generation round-trips, tree sizes 1..70", () => {
  const all = Array.from({ length: 70 }, (_, i) => leafHash(new TextEncoder().encode(`event-${i}`)));
  const roots = [rootHashFromLeafHashes([]), ...all.map((_, i) => rootHashFromLeafHashes(all.slice(0, i + 1)))];

  it("every inclusion proof verifies; a flipped bit in any proof hash, the leaf or the root fails", () => {
    let proofs = 0;
    let tampered = 0;
    for (let n = 1; n <= 70; n++) {
      const hashes = all.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProofFromLeafHashes(hashes, i);
        expect(verifyInclusion(i, n, hashes[i], proof, roots[n])).toEqual({ ok: true });
        proofs++;
        for (let j = 0; j < proof.length; j++) {
          expect(verifyInclusion(i, n, hashes[i], flipped(proof, j, (i * 7 + j) % 256), roots[n]).ok).toBe(false);
          tampered++;
        }
        expect(verifyInclusion(i, n, flipped([hashes[i]], 0, i % 256)[0], proof, roots[n]).ok).toBe(false);
        expect(verifyInclusion(i, n, hashes[i], proof, flipped([roots[n]], 0, n % 256)[0]).ok).toBe(false);
        // The sibling's index swaps the order of the first hash. (A wrong tree size is not always caught here:
        // (i, n) and (i, n + 1) can share the path's shape, which is why the size must come from the signed checkpoint.)
        tampered += 2;
        if ((i ^ 1) < n) {
          expect(verifyInclusion(i ^ 1, n, hashes[i], proof, roots[n]).ok).toBe(false);
          tampered++;
        }
        if (proof.length > 0) {
          expect(verifyInclusion(i, n, hashes[i], proof.slice(1), roots[n]).ok).toBe(false);
          tampered++;
        }
      }
    }
    console.log(`round-trip inclusion: ${proofs} proofs verified, ${tampered} tampered variants rejected`);
  });

  it("every consistency proof verifies; a flipped bit in any proof hash or either root fails", () => {
    let proofs = 0;
    let tampered = 0;
    for (let n = 1; n <= 70; n++) {
      const hashes = all.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProofFromLeafHashes(hashes, m);
        expect(verifyConsistency(m, n, roots[m], roots[n], proof)).toEqual({ ok: true });
        proofs++;
        for (let j = 0; j < proof.length; j++) {
          expect(verifyConsistency(m, n, roots[m], roots[n], flipped(proof, j, (m * 5 + j) % 256)).ok).toBe(false);
          tampered++;
        }
        if (m < n) {
          expect(verifyConsistency(m, n, flipped([roots[m]], 0, m % 256)[0], roots[n], proof).ok).toBe(false);
          expect(verifyConsistency(m, n, roots[m], flipped([roots[n]], 0, n % 256)[0], proof).ok).toBe(false);
          expect(verifyConsistency(m, n, roots[m], roots[n], proof.slice(0, -1)).ok).toBe(false);
          expect(verifyConsistency(m, n, roots[m], roots[n], [...proof, roots[m]]).ok).toBe(false);
          tampered += 4;
        }
      }
    }
    console.log(`round-trip consistency: ${proofs} proofs verified, ${tampered} tampered variants rejected`);
  });

  it("data and leaf-hash entry points agree", () => {
    const data = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`d${i}`));
    const hashes = data.map(leafHash);
    expect(hex(rootHash(data))).toBe(hex(rootHashFromLeafHashes(hashes)));
    expect(inclusionProof(data, 11).map(hex)).toEqual(inclusionProofFromLeafHashes(hashes, 11).map(hex));
    expect(consistencyProof(data, 6).map(hex)).toEqual(consistencyProofFromLeafHashes(hashes, 6).map(hex));
  });
});

describe("strictness and scale", () => {
  const h = leafHash(new Uint8Array([1]));

  it("rejects bad sizes, indexes and hash lengths", () => {
    expect(verifyInclusion(0, 0, h, [], h).ok).toBe(false);
    expect(verifyInclusion(1, 1, h, [], h).ok).toBe(false);
    expect(verifyInclusion(-1, 1, h, [], h).ok).toBe(false);
    expect(verifyInclusion(0.5, 1, h, [], h).ok).toBe(false);
    expect(verifyInclusion(0, 1, h, [], h)).toEqual({ ok: true });
    expect(verifyInclusion(0, 1, h.slice(1), [], h.slice(1)).ok).toBe(false);
    expect(verifyInclusion(0, 2, h, [new Uint8Array(33)], h).ok).toBe(false);
    expect(verifyConsistency(2, 1, h, h, []).ok).toBe(false);
    expect(verifyConsistency(0, 0, h, h, []).ok).toBe(false);
    expect(verifyConsistency(0, 3, h, h, []).ok).toBe(false);
    expect(verifyConsistency(3, 3, h, h, [h]).ok).toBe(false);
    expect(verifyConsistency(3, 3, h, h, [])).toEqual({ ok: true });
    expect(verifyConsistency(Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER + 2, h, h, [h]).ok).toBe(false);
    expect(() => inclusionProofFromLeafHashes([h], 1)).toThrow(RangeError);
    expect(() => consistencyProofFromLeafHashes([h], 0)).toThrow(RangeError);
  });

  // No clock here: npm run bench:replay prints how long this takes.
  it("proves and verifies inclusion and consistency in a 100k-leaf tree", () => {
    const n = 100_000;
    const hashes = Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`e${i}`)));
    const root = rootHashFromLeafHashes(hashes);
    const incl = inclusionProofFromLeafHashes(hashes, 77_777);
    const cons = consistencyProofFromLeafHashes(hashes, 65_537);
    expect(incl).toHaveLength(17);
    expect(verifyInclusion(77_777, n, hashes[77_777], incl, root)).toEqual({ ok: true });
    expect(verifyInclusion(77_778, n, hashes[77_777], incl, root).ok).toBe(false);
    expect(verifyConsistency(65_537, n, rootHashFromLeafHashes(hashes.slice(0, 65_537)), root, cons)).toEqual({ ok: true });
  });
});
