/**
 * Hashed n-gram features for the guard's learned model: character 3-, 4- and 5-grams (they carry across languages,
 * scripts without spaces, misspellings and obfuscations) and word unigrams and bigrams (they carry phrasing). Each
 * n-gram is hashed into 2^HASH_BITS buckets; no vocabulary is stored. Pure and deterministic; training and inference
 * call the same function, so they cannot drift apart.
 */

export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The n-gram occurrences of a text: bucket, and the span in the text it was read from. */
export type Features = { idx: Int32Array; start: Int32Array; end: Int32Array; count: number };

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

/**
 * Every n-gram occurrence of `text` (already normalised by prepare.ts), in order of where it starts. Character
 * n-grams are read over the text padded with one space on each side, so word starts and ends are features too.
 */
export function extractFeatures(text: string): Features {
  const L = text.length;
  const cap = 3 * (L + 2) + 2 * Math.ceil(L / 2) + 8;
  const idx = new Int32Array(cap);
  const start = new Int32Array(cap);
  const end = new Int32Array(cap);
  let n = 0;
  const at = (i: number) => (i < 0 || i >= L ? 0x20 : text.charCodeAt(i));
  for (let i = -1; i < L - 1; i++) {
    let h = FNV_OFFSET;
    for (let k = 0; k < 5 && i + k <= L; k++) {
      h = Math.imul(h ^ at(i + k), FNV_PRIME);
      if (k >= 2) {
        idx[n] = fmix(h + k) & MASK;
        start[n] = Math.max(0, i);
        end[n] = Math.min(L, i + k + 1);
        n++;
      }
    }
  }
  let prev = 0;
  let prevStart = -1;
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0];
    let h = 0x9747b28c;
    for (let k = 0; k < w.length; k++) h = Math.imul(h ^ w.charCodeAt(k), FNV_PRIME);
    const s = m.index;
    idx[n] = fmix(h ^ 0x5bd1e995) & MASK;
    start[n] = s;
    end[n] = s + w.length;
    n++;
    if (prevStart >= 0) {
      idx[n] = fmix(Math.imul(prev, 31) ^ h ^ 0x27d4eb2d) & MASK;
      start[n] = prevStart;
      end[n] = s + w.length;
      n++;
    }
    prev = h;
    prevStart = s;
    if (n + 2 >= cap) break;
  }
  return { idx: idx.subarray(0, n), start: start.subarray(0, n), end: end.subarray(0, n), count: n };
}
