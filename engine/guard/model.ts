/**
 * The guard's learned detector: a logistic model over hashed character and word n-grams (features.ts), trained by
 * `npm run guard:train` (scripts/guard-train.ts) and committed as int8 weights in model-weights.ts. It scores every
 * sentence window of every prepared segment (prepare.ts) and reports the worst one, with its offsets in the raw
 * text and the words that pushed it up most, so a reviewer sees where and why. Pure, offline, deterministic.
 */
import { extractFeatures, HASH_BITS } from "./features";
import { GUARD_MODEL } from "./model-weights";
import { prepareSegments, type Segment, type SegmentKind } from "./prepare";

/** The serialised model (model-weights.ts is generated in this shape). */
export type ModelFile = {
  version: string;
  hashBits: number;
  /** windows shorter than this many n-grams are scaled as if they had this many (short texts are noisy) */
  minCount: number;
  bias: number;
  scale: number;
  /** logits at which the score reaches the signal (0.5) and block (0.9) thresholds, chosen on the dev split */
  zSignal: number;
  zBlock: number;
  /** base64 of the int8 weights, 2^hashBits of them */
  weights: string;
  trainedOn: Record<string, number | string>;
};

/**
 * A decoded model: the int8 weights as stored and their scale. Scoring sums the int8 values and multiplies by the
 * scale once: the 256 KB table stays in the CPU cache where float weights (1 MB) did not, which halves the cost of
 * a 4 KB text's ~14,000 random lookups.
 */
export type Model = { file: ModelFile; weights: Int8Array; scale: number };

export type ModelWindow = {
  /** model score 0..1 on the bundle's scale (0.5 = signal, 0.9 = block) */
  score: number;
  /** raw logit */
  z: number;
  /** offsets in the raw text (for a decoded segment: the span it was decoded from) */
  start: number;
  end: number;
  segment: SegmentKind;
  /** the words of the window that pushed its score up most, with their weight and raw offsets */
  top_features: Array<{ text: string; weight: number; start: number; end: number }>;
};

/** Decodes a model file into float weights; used for the committed model and by the trainer for candidates. */
export function loadModel(file: ModelFile): Model {
  if (file.hashBits !== HASH_BITS) throw new Error(`guard model has ${file.hashBits} hash bits, features use ${HASH_BITS}`);
  const bin = atob(file.weights);
  const size = 1 << file.hashBits;
  if (bin.length !== size) throw new Error(`guard model has ${bin.length} weights, expected ${size}`);
  const weights = new Int8Array(size);
  for (let i = 0; i < size; i++) weights[i] = bin.charCodeAt(i);
  return { file, weights, scale: file.scale };
}

let committed: Model | null = null;
/** The committed model, decoded once per process. */
export function defaultModel(): Model {
  committed ??= loadModel(GUARD_MODEL);
  return committed;
}

/**
 * Maps a logit to the bundle's score scale, monotone and continuous: below zSignal it stays under 0.5, between
 * zSignal and zBlock it runs 0.5 → 0.9, above zBlock it approaches 1. So `guard.signal_score: 0.5` and
 * `guard.block_score: 0.9` mean the operating points chosen on the dev split.
 */
export function calibrate(z: number, zSignal: number, zBlock: number): number {
  if (z < zSignal) return 1 / (1 + Math.exp(zSignal - z));
  if (z < zBlock) return 0.5 + (0.4 * (z - zSignal)) / (zBlock - zSignal);
  return 0.9 + 0.1 * (1 - Math.exp(zBlock - z));
}

const MAX_WINDOW_SENTENCES = 3;
/** `,` `:` `}` `]` after a closing quote: the end of a JSON string */
const JSON_AFTER_STRING = new Set([0x2c, 0x3a, 0x7d, 0x5d]);
const BLOCK_TAG_END_RE = /(?:<\/(?:p|div|li|h[1-6]|td|tr|title|section|article|blockquote)|<br ?\/?)>$/;
const MAX_WINDOW_CHARS = 700;
const MAX_SENTENCE_CHARS = 400;

/**
 * Sentence starts in a normalised text: after . ! ? ; and their CJK forms followed by a space, and at line breaks;
 * in structured text also where a JSON string ends (`", ` `": ` `"}` `"]`) and after an HTML block's closing tag
 * (`</p>`, `</div>`, `<br>` …), so that one field of a tool result or one paragraph of a page is a window of its own
 * and not diluted by the record around it.
 */
export function sentenceStarts(text: string): number[] {
  const starts = [0];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cut = -1;
    if (c === 0x0a) cut = i + 1;
    else if ((c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b) && text.charCodeAt(i + 1) === 0x20) cut = i + 2;
    else if (c === 0x22 && JSON_AFTER_STRING.has(text.charCodeAt(i + 1))) cut = i + 2;
    else if (c === 0x3e && BLOCK_TAG_END_RE.test(text.slice(Math.max(0, i - 7), i + 1))) cut = i + 1;
    else if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0964) cut = i + 1;
    else if (i - last >= MAX_SENTENCE_CHARS && c === 0x20) cut = i + 1;
    if (cut > last && cut < text.length) {
      starts.push(cut);
      last = cut;
    }
  }
  return starts;
}

/** The logit of a whole text, as the trainer sees it: all its segments' n-grams together. */
export function textLogit(model: Model, raw: string): number {
  let sum = 0;
  let count = 0;
  for (const seg of prepareSegments(raw)) {
    const f = extractFeatures(seg.text);
    for (let i = 0; i < f.count; i++) sum += model.weights[f.idx[i]];
    count += f.count;
  }
  return model.file.bias + (sum * model.scale) / Math.sqrt(Math.max(count, model.file.minCount));
}

/**
 * Text that was encoded to hide it (base64, hex, tag characters, ROT13, reversed) and decodes to words starts its
 * windows this many logits higher: ordinary content does not spell sentences in base64, so hiding is evidence of its
 * own. Leetspeak, spaced letters and accents are left at 0 (gamer chat and banners write that way too).
 */
const HIDDEN_TEXT_PRIOR = 3;
const HIDDEN_KINDS = new Set<SegmentKind>(["base64", "hex", "tag characters", "rot13", "reversed"]);

/** Longest segment that is also scored whole (besides its windows). */
export const WHOLE_SEGMENT_CHARS = 1_400;

/**
 * Scores every window of one to three sentences (and the whole segment) of every segment, and returns the worst.
 * Features are extracted once per segment; a window's sum comes from prefix sums, so a 4 KB text costs one pass.
 * `prepared`: the segments, when the caller has them already (scanText prepares once for rules and model).
 */
export function scoreWindows(model: Model, raw: string, prepared?: Segment[]): ModelWindow & { z_text: number } {
  const { bias, minCount, zSignal, zBlock } = model.file;
  const w = model.weights;
  const scale = model.scale;
  let best: { z: number; seg: Segment; a: number; b: number } | null = null;
  let totalSum = 0;
  let totalCount = 0;
  const segments = prepared ?? prepareSegments(raw);
  const feats = segments.map((seg) => extractFeatures(seg.text));
  segments.forEach((seg, si) => {
    const f = feats[si];
    const L = seg.text.length;
    // integer sums of int8 weights (at most 127 × the n-grams of a segment: far inside int32)
    const S = new Int32Array(L + 2);
    const C = new Int32Array(L + 2);
    for (let i = 0; i < f.count; i++) {
      S[f.start[i] + 1] += w[f.idx[i]];
      C[f.start[i] + 1]++;
    }
    for (let p = 1; p <= L + 1; p++) {
      S[p] += S[p - 1];
      C[p] += C[p - 1];
    }
    totalSum += S[L + 1];
    totalCount += C[L + 1];
    const prior = bias + (HIDDEN_KINDS.has(seg.kind) ? HIDDEN_TEXT_PRIOR : 0);
    const consider = (a: number, b: number) => {
      const cnt = C[b] - C[a];
      if (cnt === 0) return;
      const z = prior + ((S[b] - S[a]) * scale) / Math.sqrt(Math.max(cnt, minCount));
      if (!best || z > best.z) best = { z, seg, a, b };
    };
    // the whole segment is a window only while it is short: a long document is judged by its sentence windows, so
    // that many mildly positive sentences (√n scaling lets their sum grow) do not add up to an injection
    const starts = sentenceStarts(seg.text);
    if (L <= WHOLE_SEGMENT_CHARS || starts.length <= 1) consider(0, L + 1);
    if (starts.length > 1) {
      starts.push(L);
      for (let i = 0; i + 1 < starts.length; i++) {
        for (let k = 1; k <= MAX_WINDOW_SENTENCES && i + k < starts.length; k++) {
          if (k > 1 && starts[i + k] - starts[i] > MAX_WINDOW_CHARS) break;
          consider(starts[i], starts[i + k]);
        }
      }
    }
  });
  const zText = bias + (totalSum * scale) / Math.sqrt(Math.max(totalCount, minCount));
  if (!best) return { score: calibrate(bias, zSignal, zBlock), z: bias, z_text: zText, start: 0, end: 0, segment: "text", top_features: [] };
  const { z, seg, a, b } = best as { z: number; seg: Segment; a: number; b: number };
  const end = Math.min(b, seg.text.length);
  const rawStart = seg.map ? seg.map[a] : seg.rawStart;
  const rawEnd = seg.map ? seg.map[Math.max(a, end - 1)] + 1 : seg.rawEnd;
  return {
    score: calibrate(z, zSignal, zBlock),
    z,
    z_text: zText,
    start: rawStart,
    end: Math.max(rawStart, rawEnd),
    segment: seg.kind,
    top_features: topWords(model, seg, feats[segments.indexOf(seg)], a, end, raw),
  };
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

/** Spreads each n-gram's weight over the characters it covers and sums it per word: the words that weigh most. */
function topWords(model: Model, seg: Segment, f: ReturnType<typeof extractFeatures>, a: number, b: number, raw: string) {
  const per = new Float64Array(b - a);
  for (let i = 0; i < f.count; i++) {
    if (f.start[i] < a || f.start[i] >= b) continue;
    const wt = (model.weights[f.idx[i]] * model.scale) / (f.end[i] - f.start[i]);
    for (let p = f.start[i]; p < Math.min(f.end[i], b); p++) per[p - a] += wt;
  }
  const words: Array<{ text: string; weight: number; start: number; end: number }> = [];
  for (const m of seg.text.slice(a, b).matchAll(WORD_RE)) {
    let sum = 0;
    for (let p = m.index; p < m.index + m[0].length; p++) sum += per[p];
    if (sum <= 0) continue;
    const s = a + m.index;
    const e = s + m[0].length;
    const rs = seg.map ? seg.map[s] : seg.rawStart;
    const re = seg.map ? seg.map[e - 1] + 1 : seg.rawEnd;
    words.push({ text: seg.map ? raw.slice(rs, re) : m[0], weight: Math.round(sum * 1000) / 1000, start: rs, end: re });
  }
  words.sort((x, y) => y.weight - x.weight || x.start - y.start);
  // one entry per word: its strongest occurrence
  const seen = new Set<string>();
  return words.filter((w) => !seen.has(w.text.toLowerCase()) && seen.add(w.text.toLowerCase())).slice(0, 5);
}
