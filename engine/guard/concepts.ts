/**
 * Concepts: the words of a text mapped to language-independent ideas (IGNORE, PREVIOUS, INSTRUCTION, REVEAL,
 * SEND …) through the lexicon (English in lexicon.ts, 31 other languages in lexicon/), plus a few things that are shapes rather than words (an
 * e-mail address, a URL, an amount of money, a long account-like number, a role marker such as "system:").
 *
 * Why: the model learns mostly from English texts and from a few templated sources. Word and character n-grams
 * learn what those sources look like; concepts learn what an instruction to the agent looks like, in any language
 * the lexicon covers and in any phrasing that uses synonyms. "Ignoriere alle vorherigen Anweisungen" and "disregard
 * the earlier guidance" are the same concepts as "ignore all previous instructions".
 *
 * Matching: the text is the model's normalised text (lower-cased). A word is a run of letters, combining marks and
 * digits. An entry `word` matches the word exactly, `stem*` matches a word that starts with stem, `~sub` matches a
 * substring anywhere in a word (written for scripts without spaces). All languages share one table: a word that
 * means an idea in one language is that concept in every text (the lexicon files leave out the worst collisions).
 * Pure and deterministic.
 */
import { CONCEPTS } from "./lexicon";
import { LEXICONS } from "./lexicon/index";
import { wordSpans } from "./words";

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
  ["EMAIL_ADDRESS", /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu],
  ["URL", /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gu],
  ["AMOUNT", /(?:[$€£¥₹]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|btc|dollars?|euros?|k\b))/gu],
  ["LONG_NUMBER", /\b(?:[a-z]{2}\d{2}[ ]?)?(?:\d[ -]?){8,}\d\b/gu],
  ["ROLE_MARKER", /(?:^|\n|\[|<\|?|#{2,}\s?)\s*(?:system|assistant|user|developer|admin|human|ai|inst|\/inst|im_start|im_end|sys)\s*(?:[:\]>|]|\|>)/gu],
];

export const CONCEPT_IDS: readonly string[] = [...Object.keys(CONCEPTS).sort(), ...SHAPES.map(([id]) => id)];
const PLEASE = CONCEPT_IDS.indexOf("PLEASE");
const SHAPE_IDS = SHAPES.map(([id]) => CONCEPT_IDS.indexOf(id));

/** A trie over the lexicon's entries (UTF-16 code units), each node saying which concepts end there, and how. */
type Node = { next: Map<number, Node>; exact: number[] | null; prefix: number[] | null; sub: number[] | null };
const node = (): Node => ({ next: new Map(), exact: null, prefix: null, sub: null });

/** Whole-word entries (`word`, `stem*`) in one trie, substring entries (`~sub`) in another. */
type Tries = { words: Node; subs: Node; /** whether any substring entry starts with an ASCII character */ subAscii: boolean };
let tries: Tries | null = null;

function compile(): Tries {
  const words = node();
  const subs = node();
  const put = (key: string, kind: "exact" | "prefix" | "sub", id: number) => {
    let n = kind === "sub" ? subs : words;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let m = n.next.get(c);
      if (!m) n.next.set(c, (m = node()));
      n = m;
    }
    const list = (n[kind] ??= []);
    if (!list.includes(id)) list.push(id);
  };
  const add = (name: string, entries: readonly string[]) => {
    const id = CONCEPT_IDS.indexOf(name);
    if (id < 0) throw new Error(`guard lexicon: unknown concept ${name}`);
    for (const raw of entries) {
      // the text is lower-cased character by character, not normalised: an entry goes in as written and in its
      // NFC and NFKC forms, so text typed with composed or decomposed letters (Thai sara am, nukta letters) matches
      for (const e of new Set([raw, raw.normalize("NFC"), raw.normalize("NFKC")].map((x) => x.toLowerCase()))) {
        if (e.startsWith("~")) put(e.slice(1), "sub", id);
        else if (e.endsWith("*")) put(e.slice(0, -1), "prefix", id);
        else put(e, "exact", id);
      }
    }
  };
  for (const [name, entries] of Object.entries(CONCEPTS)) add(name, entries);
  for (const lexicon of Object.values(LEXICONS)) for (const [name, entries] of Object.entries(lexicon)) if (entries) add(name, entries);
  return { words, subs, subAscii: [...subs.next.keys()].some((c) => c < 0x80) };
}

/** Characters after which a word opens a sentence (with only whitespace between). */
const SENTENCE_END = new Set([...".!?:;。！？\n>]\"'“”«»|-"].map((c) => c.charCodeAt(0)));
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x1680 || c === 0xfeff;

/** Whether text[from, to) ends in a sentence end followed only by whitespace; `blank` when it is all whitespace. */
function endsSentence(text: string, from: number, to: number): "yes" | "no" | "blank" {
  for (let k = to - 1; k >= from; k--) {
    const c = text.charCodeAt(k);
    if (c === 0x0a) return "yes";
    if (!isSpace(c)) return SENTENCE_END.has(c) ? "yes" : "no";
  }
  return "blank";
}

/**
 * The lexicon hits inside one word, as triples (concept id, start, end) relative to the word: its exact entry, the
 * stems it starts with (longest first), then substring entries anywhere in it (scripts written without spaces),
 * longest first at each position. They depend on the word alone, so they are computed once per distinct word.
 */
function hitsInWord(word: string): Int32Array {
  const { words: root, subs, subAscii } = (tries ??= compile());
  const out: number[] = [];
  const L = word.length;
  const found: number[][] = [];
  let n: Node | undefined = root;
  for (let i = 0; i < L && n; i++) {
    n = n.next.get(word.charCodeAt(i));
    if (n?.prefix) found.push(n.prefix);
    if (n?.exact && i === L - 1) for (const id of n.exact) out.push(id, 0, L);
  }
  for (let k = found.length - 1; k >= 0; k--) for (const id of found[k]) out.push(id, 0, L);
  if (subs.next.size) {
    const lens: number[] = [];
    for (let i = 0; i < L; i++) {
      const c = word.charCodeAt(i);
      if (c < 0x80 && !subAscii) continue;
      let q = subs.next.get(c);
      if (!q) continue;
      found.length = 0;
      lens.length = 0;
      for (let j = i + 1; q; j++) {
        if (q.sub) { found.push(q.sub); lens.push(j - i); }
        if (j >= L) break;
        q = q.next.get(word.charCodeAt(j));
      }
      for (let k = found.length - 1; k >= 0; k--) for (const id of found[k]) out.push(id, i, i + lens[k]);
    }
  }
  return Int32Array.from(out);
}

/** hitsInWord per distinct word; emptied when it grows past WORD_CACHE_MAX (the result never depends on it). */
const wordCache = new Map<string, Int32Array>();
const WORD_CACHE_MAX = 50_000; // a few MB at most in a long-running server

/** Every concept hit of a normalised text, in text order. */
export function conceptHits(text: string, spans: Int32Array = wordSpans(text)): ConceptHit[] {
  const hits: ConceptHit[] = [];
  let lastEnd = 0;
  let afterPlease = false;
  for (let x = 0; x < spans.length; x += 2) {
    const s = spans[x];
    const e = spans[x + 1];
    const before = endsSentence(text, lastEnd, s);
    const initial = s === 0 || afterPlease || before === "yes" || (lastEnd === 0 && before === "blank");
    lastEnd = e;
    const word = text.slice(s, e);
    let inWord = wordCache.get(word);
    if (!inWord) {
      if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
      wordCache.set(word, (inWord = hitsInWord(word)));
    }
    let please = false;
    for (let k = 0; k < inWord.length; k += 3) {
      const id = inWord[k];
      hits.push({ id, start: s + inWord[k + 1], end: s + inWord[k + 2], initial: initial && inWord[k + 1] === 0 });
      if (id === PLEASE) please = true;
    }
    afterPlease = please;
  }
  const hasAt = text.includes("@");
  SHAPES.forEach(([name, re], k) => {
    if (name === "EMAIL_ADDRESS" && !hasAt) return; // the costliest pattern, and no address without an @
    for (const m of text.matchAll(re)) hits.push({ id: SHAPE_IDS[k], start: m.index, end: m.index + m[0].length, initial: false });
  });
  hits.sort((a, b) => a.start - b.start || a.id - b.id);
  // one hit per concept per word: a stem and an exact entry of the same concept are one occurrence
  return hits.filter((h, i) => i === 0 || !(hits[i - 1].start === h.start && hits[i - 1].id === h.id));
}
