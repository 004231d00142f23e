/**
 * Training the guard's logistic model, in plain loops so that a rebuild gives the same bytes: a seeded shuffle,
 * AdaGrad in a fixed order, float64 arithmetic, int8 quantisation. Used by scripts/guard-train.ts and
 * scripts/guard-eval.ts; nothing at inference time imports it.
 */
import { CONCEPT_BASE, extractFeatures, HASH_BITS } from "./features";
import type { ModelFile } from "./model";
import { prepareSegments } from "./prepare";

export type TrainExample = { text: string; y: 0 | 1 };
/** An example as the optimiser sees it: unique buckets with their count, and the length scale 1/√n. */
export type Encoded = { idx: Int32Array; val: Float64Array; y: 0 | 1; /** example weight (default 1) */ w?: number };

export type TrainOptions = {
  seed: number; epochs: number; lr: number; l2: number; minCount: number;
  /** weigh each example by 1/√(its source's size within its class), so no templated source dominates */
  sourceBalance?: boolean;
  /** drop buckets seen in fewer sources than this (scripts/guard-lib.ts keepSharedFeatures) */
  minSources?: number;
  /** drop buckets seen in the injections of fewer sources than this */
  minInjSources?: number;
  /**
   * concept features (the top CONCEPT_BUCKETS buckets) enter training with this value instead of 1 and their weights
   * are multiplied by it in the model file, so inference is unchanged: a larger value gives the language-independent
   * concepts more say next to the thousands of n-grams of a text
   */
  conceptScale?: number;
  /** the source-diversity filter counts all our own sets (sources starting with "own") as one source */
  ownOneSource?: boolean;
};
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { seed: 20261202, epochs: 6, lr: 0.15, l2: 2e-6, minCount: 32, minSources: 5, ownOneSource: true };

/** mulberry32: a small seeded PRNG, so shuffles are the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The features of a text exactly as `textLogit` reads them: every segment, counts per bucket, scaled by 1/√n. */
export function encode(text: string, y: 0 | 1, minCount: number, conceptScale = 1): Encoded {
  const all: number[] = [];
  for (const seg of prepareSegments(text)) {
    const f = extractFeatures(seg.text);
    for (let i = 0; i < f.count; i++) all.push(f.idx[i]);
  }
  const sorted = Int32Array.from(all).sort();
  const idx: number[] = [];
  const cnt: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (idx.length > 0 && idx[idx.length - 1] === sorted[i]) cnt[cnt.length - 1]++;
    else {
      idx.push(sorted[i]);
      cnt.push(1);
    }
  }
  const s = 1 / Math.sqrt(Math.max(sorted.length, minCount));
  return { idx: Int32Array.from(idx), val: Float64Array.from(cnt, (c, k) => c * s * (idx[k] >= CONCEPT_BASE ? conceptScale : 1)), y };
}

/** Logistic regression with class-balanced weights, AdaGrad and L2 on the touched weights. */
export function trainLogistic(data: Encoded[], opts: TrainOptions): { weights: Float64Array; bias: number } {
  const size = 1 << HASH_BITS;
  const w = new Float64Array(size);
  const g2 = new Float64Array(size);
  let bias = 0;
  let gb = 0;
  const pos = data.filter((d) => d.y === 1).length;
  const cw = [data.length / (2 * Math.max(1, data.length - pos)), data.length / (2 * Math.max(1, pos))];
  const order = Array.from(data.keys());
  const rand = rng(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const d = data[k];
      let z = bias;
      for (let i = 0; i < d.idx.length; i++) z += w[d.idx[i]] * d.val[i];
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - d.y) * cw[d.y] * (d.w ?? 1);
      for (let i = 0; i < d.idx.length; i++) {
        const j = d.idx[i];
        const grad = g * d.val[i] + opts.l2 * w[j];
        g2[j] += grad * grad;
        w[j] -= (opts.lr * grad) / (Math.sqrt(g2[j]) + 1e-8);
      }
      gb += g * g;
      bias -= (opts.lr * g) / (Math.sqrt(gb) + 1e-8);
    }
  }
  return { weights: w, bias };
}

/**
 * int8 weights with one scale: the 99.99th percentile of |w| maps to 127 and the rare larger weights are clipped,
 * so a handful of outliers do not flatten every other weight to zero.
 */
export function quantize(weights: Float64Array): { scale: number; bytes: Uint8Array } {
  const abs = Array.from(weights, Math.abs).sort((a, b) => a - b);
  const top = abs[Math.floor(abs.length * 0.9999)] || 1e-6;
  const scale = top / 127;
  const bytes = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const q = Math.max(-127, Math.min(127, Math.round(weights[i] / scale)));
    bytes[i] = q & 0xff;
  }
  return { scale, bytes };
}

/** base64 without Buffer, so this file stays free of Node APIs. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A model file from trained weights; thresholds are filled in by the caller after it measured the dev split. */
export function toModelFile(t: { weights: Float64Array; bias: number }, opts: TrainOptions, trainedOn: ModelFile["trainedOn"]): ModelFile {
  const cs = opts.conceptScale ?? 1;
  const weights = cs === 1 ? t.weights : t.weights.map((w, j) => (j >= CONCEPT_BASE ? w * cs : w));
  const { scale, bytes } = quantize(weights);
  return { version: "", hashBits: HASH_BITS, minCount: opts.minCount, bias: t.bias, scale, zSignal: 0, zBlock: 1, weights: toBase64(bytes), trainedOn };
}
