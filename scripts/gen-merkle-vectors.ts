// Writes engine/evidence/fixtures/merkle-vectors.json from the RFC 6962 reference in engine/evidence/fixtures/
// rfc6962-reference.ts (never from engine/evidence/merkle.ts). Run: npx tsx scripts/gen-merkle-vectors.ts
// The output is deterministic; merkle.test.ts regenerates it in memory and fails if the committed file differs.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildMerkleVectors, formatMerkleVectors } from "../engine/evidence/fixtures/build-merkle-vectors";

const out = path.resolve(import.meta.dirname, "../engine/evidence/fixtures/merkle-vectors.json");
const vectors = buildMerkleVectors();
writeFileSync(out, formatMerkleVectors(vectors));
const count = (xs: Array<{ wantErr: boolean }>) => `${xs.filter((x) => !x.wantErr).length} valid + ${xs.filter((x) => x.wantErr).length} invalid`;
console.log(`wrote ${path.relative(process.cwd(), out)}: ${vectors.leaves.length} leaves, inclusion ${count(vectors.inclusion)}, consistency ${count(vectors.consistency)}`);
