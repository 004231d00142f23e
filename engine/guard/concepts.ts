/**
 * Concepts: the words of a text mapped to language-independent ideas (IGNORE, PREVIOUS, INSTRUCTION, REVEAL,
 * SEND …) through the multilingual lexicon in lexicon.ts, plus a few things that are shapes rather than words (an
 * e-mail address, a URL, an amount of money, a long account-like number, a role marker such as "system:").
 *
 * Why: the model learns mostly from English texts and from a few templated sources. Word and character n-grams
 * learn what those sources look like; concepts learn what an instruction to the agent looks like, in any language
 * the lexicon covers and in any phrasing that uses synonyms. "Ignoriere alle vorherigen Anweisungen" and "disregard
 * the earlier guidance" are the same concepts as "ignore all previous instructions".
 *
 * Matching: the text is the model's normalised text (lower-cased). A word is a run of letters and digits. An entry
 * `word` matches the word exactly, `stem*` matches a word that starts with stem, `~sub` matches a substring (for
 * scripts written without spaces). Pure and deterministic.
 */
import { CONCEPTS } from "./lexicon";

export type ConceptHit = {
  /** index into CONCEPT_IDS */
  id: number;
  start: number;
  end: number;
  /** the word opens a sentence (or follows "please"): an imperative's verb is usually here */
  initial: boolean;
};

/** Shape concepts, found by pattern rather than by the lexicon. */
const SHAPES: Array<[string, RegExp]> = [
  ["EMAIL_ADDRESS", /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu],
  ["URL", /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gu],
  ["AMOUNT", /(?:[$€£¥₹]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|btc|dollars?|euros?|k\b))/gu],
  ["LONG_NUMBER", /\b(?:[a-z]{2}\d{2}[ ]?)?(?:\d[ -]?){8,}\d\b/gu],
  ["ROLE_MARKER", /(?:^|\n|\[|<\|?|#{2,}\s?)\s*(?:system|assistant|user|developer|admin|human|ai|inst|\/inst|im_start|im_end|sys)\s*(?:[:\]>|]|\|>)/gu],
];

export const CONCEPT_IDS: readonly string[] = [...Object.keys(CONCEPTS).sort(), ...SHAPES.map(([id]) => id)];
const PLEASE = CONCEPT_IDS.indexOf("PLEASE");
const SHAPE_IDS = SHAPES.map(([id]) => CONCEPT_IDS.indexOf(id));

type Table = { exact: Map<string, number[]>; prefix: Map<string, number[]>; prefixLens: number[]; sub: Map<string, number[]>; subLens: number[] };

let table: Table | null = null;

function compile(): Table {
  const exact = new Map<string, number[]>();
  const prefix = new Map<string, number[]>();
  const sub = new Map<string, number[]>();
  const put = (m: Map<string, number[]>, k: string, id: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const [name, entries] of Object.entries(CONCEPTS)) {
    const id = CONCEPT_IDS.indexOf(name);
    for (const raw of entries) {
      const e = raw.normalize("NFKC").toLowerCase();
      if (e.startsWith("~")) put(sub, e.slice(1), id);
      else if (e.endsWith("*")) put(prefix, e.slice(0, -1), id);
      else put(exact, e, id);
    }
  }
  const lens = (m: Map<string, number[]>) => [...new Set([...m.keys()].map((k) => k.length))].sort((a, b) => b - a);
  return { exact, prefix, prefixLens: lens(prefix), sub, subLens: lens(sub) };
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
/** Scripts written without spaces between words: matched by substring. */
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const SENTENCE_END = /[.!?:;。！？\n>\]"'“”«»|-]\s*$/;

/** Every concept hit of a normalised text, in text order. */
export function conceptHits(text: string): ConceptHit[] {
  table ??= compile();
  const t = table;
  const hits: ConceptHit[] = [];
  let lastEnd = 0;
  let afterPlease = false;
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0];
    const s = m.index;
    const between = text.slice(lastEnd, s);
    const initial = s === 0 || afterPlease || SENTENCE_END.test(between) || (lastEnd === 0 && /^\s*$/.test(between));
    lastEnd = s + w.length;
    const before = hits.length;
    const add = (ids: number[] | undefined, a: number, b: number, init: boolean) => {
      if (ids) for (const id of ids) hits.push({ id, start: a, end: b, initial: init });
    };
    add(t.exact.get(w), s, s + w.length, initial);
    for (const L of t.prefixLens) if (L <= w.length) add(t.prefix.get(w.slice(0, L)), s, s + w.length, initial);
    if (NO_SPACE_SCRIPT.test(w)) {
      for (let i = 0; i < w.length; i++) {
        for (const L of t.subLens) if (i + L <= w.length) add(t.sub.get(w.slice(i, i + L)), s + i, s + i + L, initial && i === 0);
      }
    }
    afterPlease = hits.slice(before).some((h) => h.id === PLEASE);
  }
  SHAPES.forEach(([, re], k) => {
    for (const m of text.matchAll(re)) hits.push({ id: SHAPE_IDS[k], start: m.index, end: m.index + m[0].length, initial: false });
  });
  hits.sort((a, b) => a.start - b.start || a.id - b.id);
  // one hit per concept per word: a stem and an exact entry of the same concept are one occurrence
  return hits.filter((h, i) => i === 0 || !(hits[i - 1].start === h.start && hits[i - 1].id === h.id));
}
