/**
 * Hashed features for the guard's learned model: character 3-, 4- and 5-grams (they carry across languages,
 * scripts without spaces, misspellings and obfuscations), word unigrams and bigrams (they carry phrasing), and
 * concepts (concepts.ts): each concept, each concept opening a sentence, and each pair of concepts near each other
 * (they carry what an instruction *means*, in every language the lexicon covers). Each feature is hashed into
 * 2^HASH_BITS buckets; no vocabulary is stored. Words are words.ts's (letters, combining marks, digits). Pure and deterministic; training and inference call the same
 * function, so they cannot drift apart.
 */
import { conceptHits } from "./concepts";
import { wordSpans } from "./words";

export const HASH_BITS = 18;
/**
 * Concept features live in the top CONCEPT_BUCKETS buckets and n-grams in the rest, so the trainer can treat the
 * two kinds apart (the source-diversity filter applies to n-grams only: a concept is language-independent by design).
 */
export const CONCEPT_BUCKETS = 4096;
export const CONCEPT_BASE = (1 << HASH_BITS) - CONCEPT_BUCKETS;
const MASK = (1 << HASH_BITS) - 1;
/** An n-gram's bucket, folded out of the concepts' region. */
const gram = (h: number) => {
  const b = fmix(h) & MASK;
  return b >= CONCEPT_BASE ? b - CONCEPT_BUCKETS : b;
};
const concept = (h: number) => CONCEPT_BASE + ((fmix(h) >>> 0) % CONCEPT_BUCKETS);
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

/** A concept is paired with at most this many concepts before it, within this many characters. */
const PAIR_SPAN = 8;
const PAIR_CHARS = 120;

/**
 * Every n-gram occurrence of `text` (already normalised by prepare.ts), in order of where it starts. Character
 * n-grams are read over the text padded with one space on each side, so word starts and ends are features too.
 */
export function extractFeatures(text: string): Features {
  const L = text.length;
  const spans = wordSpans(text);
  const concepts = conceptHits(text, spans);
  const conceptRoom = concepts.length * (2 + PAIR_SPAN);
  const cap = 3 * (L + 2) + 2 * Math.ceil(L / 2) + 8 + conceptRoom;
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
        idx[n] = gram(h + k);
        start[n] = Math.max(0, i);
        end[n] = Math.min(L, i + k + 1);
        n++;
      }
    }
  }
  let prev = 0;
  let prevStart = -1;
  for (let x = 0; x < spans.length; x += 2) {
    const s = spans[x];
    const e = spans[x + 1];
    let h = 0x9747b28c;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
    idx[n] = gram(h ^ 0x5bd1e995);
    start[n] = s;
    end[n] = e;
    n++;
    if (prevStart >= 0) {
      idx[n] = gram(Math.imul(prev, 31) ^ h ^ 0x27d4eb2d);
      start[n] = prevStart;
      end[n] = e;
      n++;
    }
    prev = h;
    prevStart = s;
    if (n + 2 >= cap - conceptRoom) break;
  }
  // concepts: unordered pairs, so that word order (SVO or SOV, "ignore the rules above" or "以前の指示を無視") does not matter
  for (let i = 0; i < concepts.length; i++) {
    const c = concepts[i];
    idx[n] = concept(Math.imul(c.id + 1, 0x2545f491) ^ 0x68e31da4);
    start[n] = c.start;
    end[n] = c.end;
    n++;
    if (c.initial) {
      idx[n] = concept(Math.imul(c.id + 1, 0x2545f491) ^ 0x1b873593);
      start[n] = c.start;
      end[n] = c.end;
      n++;
    }
    for (let j = i - 1, k = 0; j >= 0 && k < PAIR_SPAN; j--) {
      const d = concepts[j];
      if (c.start - d.start > PAIR_CHARS) break;
      if (d.id === c.id) continue;
      k++;
      const lo = Math.min(c.id, d.id);
      const hi = Math.max(c.id, d.id);
      idx[n] = concept(Math.imul(lo + 1, 0x9e3779b1) ^ Math.imul(hi + 1, 0x85ebca77) ^ 0x3c6ef372);
      start[n] = d.start;
      end[n] = c.end;
      n++;
    }
  }
  return { idx: idx.subarray(0, n), start: start.subarray(0, n), end: end.subarray(0, n), count: n };
}
