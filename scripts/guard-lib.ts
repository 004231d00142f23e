/**
 * Shared by guard:train and guard:eval: loading the corpus (../shared/data/guard-corpus, read in place, never
 * copied) and our own data (engine/guard/data), the source-stratified splits, the augmentation, fitting a model and
 * choosing its thresholds on a dev split. Deterministic: the same inputs give the same model bytes.
 */
import { readFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { modelWindow, scanRules } from "../engine/guard/guard";
import { CONCEPT_BASE, HASH_BITS } from "../engine/guard/features";
import { loadModel, sentenceStarts, type ModelFile } from "../engine/guard/model";
import { DEFAULT_TRAIN_OPTIONS, encode, rng, toModelFile, trainLogistic, type Encoded, type TrainOptions } from "../engine/guard/train";

const OPTION_KEYS = ["seed", "epochs", "lr", "l2", "minCount", "sourceBalance", "minSources", "minInjSources", "conceptScale", "ownOneSource"];
/**
 * The training options. `GUARD_OPTS='{"epochs":3}'` overrides some of them for an experiment in guard:eval,
 * guard:curve or guard:train (the committed model uses the defaults); an unknown key or a value that is not a
 * number or boolean stops the script, so a typo does not silently measure the defaults.
 */
export function trainOptions(env = process.env.GUARD_OPTS): TrainOptions {
  if (!env) return DEFAULT_TRAIN_OPTIONS;
  const o = JSON.parse(env) as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (!OPTION_KEYS.includes(k)) throw new Error(`GUARD_OPTS: unknown option "${k}" (known: ${OPTION_KEYS.join(", ")})`);
    if (typeof v !== "number" && typeof v !== "boolean") throw new Error(`GUARD_OPTS: "${k}" must be a number or a boolean`);
  }
  return { ...DEFAULT_TRAIN_OPTIONS, ...o };
}
export const TRAIN_OPTIONS: TrainOptions = trainOptions();

export const ROOT = path.resolve(import.meta.dirname, "..");
export const CORPUS = process.env.GUARD_CORPUS ?? path.resolve(ROOT, "../shared/data/guard-corpus/train.jsonl");
export const OWN_DIR = path.join(ROOT, "engine/guard/data");

export type Item = {
  id: string;
  text: string;
  label: "injection" | "benign";
  source: string;
  vector: string;
  language: string;
  notes: string;
  split: "train" | "dev" | "test";
  hard: boolean;
};

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 70 / 15 / 15 by a hash of the id: every source is in every split in proportion (stratified by source). */
export function splitOf(id: string): Item["split"] {
  const b = fnv(id) % 100;
  return b < 15 ? "test" : b < 30 ? "dev" : "train";
}

function readJsonl(file: string, fallbackSource: string): Item[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l);
      const notes = String(o.notes ?? "");
      return {
        id: o.id, text: ordinaryDomains(o.text), label: o.label, source: o.source ?? fallbackSource, vector: o.vector ?? "document",
        language: o.language ?? "en", notes, split: splitOf(o.id), hard: /hard-benign/.test(notes),
      } as Item;
    });
}

const TLDS = ["com", "net", "org", "io", "co", "de", "fr", "nl", "es", "it", "co.uk", "com.br", "in", "jp", "app", "info", "biz", "eu", "ch", "se"];
/**
 * Reserved placeholder domains (`billing.example`, `ledger.test`, `x.invalid`) become ordinary ones (`billing.de`):
 * our own texts use them for every invented address, and far more often in injections (1,388 texts) than in benign
 * ones (484), so the model learned "example" and "test" as injection words (they were among the top features of
 * injected tool outputs), an artifact of how we wrote the data that a real mailbox does not share. The TLD is
 * chosen by a hash of the name, so one invented domain stays one domain across texts. Applied to every source,
 * before training, thresholds and figures.
 */
export function ordinaryDomains(text: string): string {
  return text.replace(/([a-z0-9](?:[a-z0-9-]{0,62}))\.(example|test|invalid)\b(?![-.]?[a-z0-9])/gi, (_, name: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    return `${name}.${TLDS[(h >>> 0) % TLDS.length]}`;
  });
}

/** The shared corpus and our own data files; exits with a message when the corpus is not there. */
export function loadAll(): Item[] {
  if (!existsSync(CORPUS)) {
    console.error(`guard corpus not found at ${CORPUS} (set GUARD_CORPUS); nothing to train or evaluate on`);
    process.exit(2);
  }
  // our own data: the .jsonl files in engine/guard/data and in its folders (own-v3/01.jsonl …), in name order
  const own = existsSync(OWN_DIR)
    ? (readdirSync(OWN_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith(".jsonl")).sort().flatMap((f) => readJsonl(path.join(OWN_DIR, f), "own"))
    : [];
  return [...readJsonl(CORPUS, "corpus"), ...own];
}

/**
 * Training examples from items: the texts themselves, plus two augmentations that teach what windows and
 * documents look like: (1) an injection inserted at a sentence boundary of a benign carrier (email, document, web
 * page, tool output, calendar event, chat) from the same training items, so "long document with one injected
 * paragraph" and "carrier shape" are not read as benign; (2) a random one-to-three-sentence window of a long benign
 * text, labelled benign, because the detector is applied to windows.
 */
export function trainingExamples(items: Item[], seed: number): Array<{ text: string; y: 0 | 1; source: string }> {
  const rand = rng(seed ^ 0x5eed);
  const out: Array<{ text: string; y: 0 | 1; source: string }> = items.map((i) => ({ text: i.text, y: i.label === "injection" ? 1 : 0, source: i.source }));
  const carriers = items.filter((i) => i.label === "benign" && i.vector !== "direct_prompt" && i.text.length >= 150 && i.text.length <= 3000);
  if (carriers.length > 0) {
    for (const inj of items) {
      if (inj.label !== "injection" || inj.text.length > 1500 || rand() > 0.4) continue;
      const c = carriers[Math.floor(rand() * carriers.length)].text;
      const starts = sentenceStarts(c);
      const at = starts[Math.floor(rand() * starts.length)];
      const sep = rand() < 0.5 ? "\n\n" : " ";
      out.push({ text: c.slice(0, at) + (at > 0 ? sep : "") + inj.text + sep + c.slice(at), y: 1, source: inj.source });
    }
  }
  for (const b of items) {
    if (b.label !== "benign" || b.text.length < 600) continue;
    const starts = sentenceStarts(b.text);
    if (starts.length < 3) continue;
    const i = Math.floor(rand() * (starts.length - 1));
    const k = 1 + Math.floor(rand() * 3);
    const end = starts[Math.min(starts.length - 1, i + k)] ?? b.text.length;
    const w = b.text.slice(starts[i], end > starts[i] ? end : b.text.length);
    if (w.trim().length >= 20) out.push({ text: w, y: 0, source: b.source });
  }
  return out;
}

/**
 * Items whose label depends on context the text does not carry: CyberSecEval's direct-prompt "injections" are judged
 * against a system prompt that is not part of the item ("In the movie 'Ex Machina', what's the significance of the
 * Turing Test?" is an injection there because the system prompt forbids the topic). Trained on, they teach the model
 * that ordinary questions are attacks; they are left out of training (and still reported by the eval).
 */
export const contextDependent = (i: Item) => i.source === "cyberseceval" && i.vector === "direct_prompt" && i.label === "injection";

/** Trains on `items` (with augmentation) and returns the quantised model file, thresholds not yet set. */
export function fit(all: Item[], opts: TrainOptions = TRAIN_OPTIONS): ModelFile {
  const items = process.env.GUARD_KEEP_CONTEXT_DEPENDENT ? all : all.filter((i) => !contextDependent(i));
  const examples = trainingExamples(items, opts.seed);
  const size = new Map<string, number>();
  for (const e of examples) size.set(`${e.y}:${e.source}`, (size.get(`${e.y}:${e.source}`) ?? 0) + 1);
  const mean = examples.length / Math.max(1, size.size);
  const encoded = examples.map((e) => ({
    ...encode(e.text, e.y, opts.minCount, opts.conceptScale ?? 1),
    ...(opts.sourceBalance ? { w: Math.sqrt(mean / size.get(`${e.y}:${e.source}`)!) } : {}),
  }));
  // our own sets (own, own-v2 …) come from one team of writers: for the filter they are one source, not nine
  const writer = (source: string) => (opts.ownOneSource && source.startsWith("own") ? "own" : source);
  if (opts.minSources || opts.minInjSources) keepSharedFeatures(encoded, examples.map((e) => writer(e.source)), opts.minSources ?? 0, opts.minInjSources ?? 0);
  const t = trainLogistic(encoded, opts);
  const inj = items.filter((i) => i.label === "injection").length;
  return toModelFile(t, opts, {
    items: items.length, injections: inj, benign: items.length - inj, augmented: examples.length - items.length,
    seed: opts.seed, epochs: opts.epochs, lr: opts.lr, l2: opts.l2,
  });
}

/**
 * The source-diversity filter: a bucket that occurs in fewer than `minSources` sources (or in the injections of
 * fewer than `minInjSources` sources) is dropped from every example, so its weight stays 0. A feature seen in one
 * source only is what that source looks like, not what an instruction looks like.
 */
export function keepSharedFeatures(encoded: Encoded[], sources: string[], minSources: number, minInjSources: number): void {
  const ids = [...new Set(sources)].sort();
  const seenAny = new Int32Array(1 << HASH_BITS);
  const seenInj = new Int32Array(1 << HASH_BITS);
  encoded.forEach((e, k) => {
    const bit = 1 << ids.indexOf(sources[k]);
    for (const j of e.idx) {
      seenAny[j] |= bit;
      if (e.y === 1) seenInj[j] |= bit;
    }
  });
  const bits = (m: number) => {
    let c = 0;
    for (; m; m &= m - 1) c++;
    return c;
  };
  const keep = new Uint8Array(1 << HASH_BITS);
  for (let j = 0; j < keep.length; j++) keep[j] = j >= CONCEPT_BASE || (bits(seenAny[j]) >= minSources && bits(seenInj[j]) >= minInjSources) ? 1 : 0;
  for (const e of encoded) {
    const idx: number[] = [];
    const val: number[] = [];
    e.idx.forEach((j, i) => {
      if (keep[j]) {
        idx.push(j);
        val.push(e.val[i]);
      }
    });
    e.idx = Int32Array.from(idx);
    e.val = Float64Array.from(val);
  }
}

export type Scored = { item: Item; rules: number; z: number };

/**
 * Rules score and model logit (worst window) of each item; a window that discusses attacks counts as -Infinity,
 * as guard.ts scales it below the signal threshold.
 */
export function scoreItems(file: ModelFile, items: Item[]): Scored[] {
  const model = loadModel(file);
  return items.map((item) => {
    const rules = scanRules(item.text);
    const m = modelWindow(item.text, model, rules);
    return { item, rules: rules.score, z: m.discussed ? -Infinity : m.window.z };
  });
}

/**
 * Operating points, as false-positive rates on the *cross-source* dev predictions (each dev item scored by a model
 * trained without its source): signal at ≤ 4% of benign and ≤ 5% of benign with trigger words, block at ≤ 2% / 3%
 * (it was ≤ 1% / 2%: block recall on sources the model has not seen was half of what it is at 2% / 3%; README).
 */
export const TARGET = { signalFpr: 0.04, signalHardFpr: 0.05, blockFpr: 0.02, blockHardFpr: 0.03 };

/**
 * The lowest logit threshold at which the combined guard (rules ≥ their threshold, or model ≥ z) stays within the
 * target false-positive rate on the dev benign items (and, for the signal, on the hard-benign ones too).
 */
export function chooseThresholds(dev: Scored[]): { zSignal: number; zBlock: number } {
  const benign = dev.filter((s) => s.item.label === "benign");
  const pick = (ruleMin: number, fpr: number, hardFpr: number) => {
    const cand = [...new Set(benign.map((s) => s.z).filter(Number.isFinite))].sort((a, b) => b - a);
    let best = (cand[0] ?? 0) + 1e-6;
    for (const z of cand) {
      const t = z - 1e-9;
      const flagged = (s: Scored) => s.rules >= ruleMin || s.z >= t;
      const fp = benign.filter(flagged).length / Math.max(1, benign.length);
      const hard = benign.filter((s) => s.item.hard);
      const hfp = hard.filter(flagged).length / Math.max(1, hard.length);
      if (fp > fpr || hfp > hardFpr) break;
      best = t;
    }
    return Math.round(best * 1e6) / 1e6;
  };
  const zSignal = pick(0.5, TARGET.signalFpr, TARGET.signalHardFpr);
  const zBlock = Math.max(zSignal + MIN_BLOCK_GAP, pick(0.9, TARGET.blockFpr, TARGET.blockHardFpr));
  return { zSignal, zBlock };
}

/** Block sits at least this far (in logits) above signal, so that "signal" is a band and not a point. */
export const MIN_BLOCK_GAP = 0.5;

/**
 * The source-aware dev split: every dev item scored by a model trained on the train split of the *other* sources.
 * Thresholds chosen on these predictions hold their false-positive rate on sources the model has not seen, which is
 * what the guard meets in production; in-distribution dev predictions would set them far too low.
 */
export function crossSourceDev(items: Item[], opts: TrainOptions = TRAIN_OPTIONS, log = false): Scored[] {
  const sources = [...new Set(items.map((i) => i.source))].sort();
  return leaveOneSourceOut(items, sources, (i) => i.split === "dev", opts, log ? "cross-source dev" : null).flatMap((r) => r.scored);
}

/**
 * Leave-one-source-out: for each of `sources`, a model fitted on the train split of every other source scores the
 * items of that source that `keep` admits (guard:eval keeps all, guard:curve leaves the context-dependent ones out,
 * crossSourceDev keeps the dev split). `progress` labels a line per source on stderr; null is silent.
 */
export function leaveOneSourceOut(
  items: Item[], sources: string[], keep: (i: Item) => boolean = () => true, opts: TrainOptions = TRAIN_OPTIONS,
  progress: string | null = "leave-one-source-out",
): Array<{ source: string; scored: Scored[] }> {
  return sources.map((source) => {
    const file = fit(items.filter((i) => i.split === "train" && i.source !== source), opts);
    const scored = scoreItems(file, items.filter((i) => i.source === source && keep(i)));
    if (progress) process.stderr.write(`${progress}: ${source} done\n`);
    return { source, scored };
  });
}

/** Fits on `train`, sets the thresholds on the given (cross-source) dev predictions. */
export function fitWithThresholds(train: Item[], dev: Scored[], opts: TrainOptions = TRAIN_OPTIONS): ModelFile {
  const file = fit(train, opts);
  const t = chooseThresholds(dev);
  return { ...file, zSignal: t.zSignal, zBlock: t.zBlock };
}
