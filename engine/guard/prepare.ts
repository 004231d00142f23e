/**
 * Text preparation shared by the rules and the learned model: what an attacker does to hide text from a reader or a
 * pattern, undone before anything is scored. The rules get it through `prepareText` (detectors.ts); the model reads
 * `prepareSegments`, which keeps, for every character it scores, the offset in the raw text, so that the worst window
 * can be shown where it sits in the original.
 *
 * A segment is one text the model scores: the visible text itself, and each hidden text recovered from it
 * (Unicode tag characters, base64, hex, percent-encoding, leetspeak, letter-spaced words). A recovered segment
 * points at the raw span it was decoded from.
 */
import { BIDI_CHARS, decodePrintableBase64, isScriptJoinerContext, ZERO_WIDTH_CHARS } from "./detectors";

export type SegmentKind = "text" | "tag characters" | "base64" | "hex" | "percent-encoding" | "leetspeak" | "spaced letters" | "diacritics" | "rot13" | "reversed";

export type Segment = {
  kind: SegmentKind;
  /** normalised text: lower-cased, invisible characters removed, full-width and look-alike letters folded, whitespace collapsed */
  text: string;
  /** for "text": raw offset of each character of `text`; null for recovered segments (they map to rawStart..rawEnd) */
  map: Int32Array | null;
  rawStart: number;
  rawEnd: number;
};

// Cyrillic, Greek and IPA letters that look like Latin ones; folded only inside a word that also has Latin letters
// (so Russian and Greek words stay as written, and "аѕѕіstаnt" with four look-alikes in a row still folds).
const HOMOGLYPHS: Record<string, string> = {
  а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", ԁ: "d", ɡ: "g", һ: "h", ԛ: "q", ԝ: "w", ӏ: "l", ѵ: "v",
  ο: "o", α: "a", ν: "v", ι: "i", κ: "k", τ: "t", ρ: "p", υ: "u", χ: "x", ɑ: "a", ɩ: "i",
};
const isLatin = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/**
 * Normalises `raw` for the model, keeping the raw offset of every output character. Tag characters are collected
 * and returned apart (they are invisible text, scored as their own segment).
 */
export function normalizeWithMap(raw: string): { text: string; map: Int32Array; tagText: string } {
  const out = new Uint16Array(raw.length);
  const map = new Int32Array(raw.length + 1);
  let n = 0;
  let tagText = "";
  let lastSpace = true;
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      // printable ASCII, the common case: lower-cased, nothing else applies
      lastSpace = false;
      map[n] = i;
      out[n++] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
      continue;
    }
    // whitespace (none of it invisible, bidi, tag or full-width): collapsed to one space, line breaks kept
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0xa0 || c === 0x3000) {
      if (!lastSpace) {
        map[n] = i;
        out[n++] = c === 0x0a ? 0x0a : 0x20;
      }
      lastSpace = true;
      continue;
    }
    if (ZERO_WIDTH_CHARS.has(c)) {
      let j = i + 1;
      while (j < raw.length && ZERO_WIDTH_CHARS.has(raw.charCodeAt(j))) j++;
      const prev = i > 0 ? raw.charCodeAt(i - 1) : 0;
      const next = j < raw.length ? raw.charCodeAt(j) : 0;
      if (!((c === 0x200d || c === 0x200c) && isScriptJoinerContext(prev, next))) continue;
    }
    if (BIDI_CHARS.has(c)) continue;
    if (c === 0xdb40) {
      const lo = raw.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdc7f) {
        const ascii = lo - 0xdc00;
        if (ascii >= 0x20 && ascii < 0x7f) tagText += String.fromCharCode(ascii);
        i++;
        continue;
      }
    }
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    lastSpace = false;
    if (c >= 0x41 && c <= 0x5a) c += 32;
    else if (c > 0x7f && (c < 0xd800 || c > 0xdfff)) {
      c = lowerOf(c);
    }
    map[n] = i;
    out[n++] = c;
  }
  map[n] = raw.length;
  foldLookAlikes(out, n);
  let text = "";
  for (let k = 0; k < n; k += 0x2000) text += String.fromCharCode(...out.subarray(k, Math.min(n, k + 0x2000)));
  return { text, map: map.subarray(0, n + 1), tagText };
}

/** Folds the look-alike letters of every word (a run between ASCII non-letters) that also has a Latin letter. */
function foldLookAlikes(out: Uint16Array, n: number): void {
  let start = 0;
  let latin = false;
  let glyph = false;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? out[k] : 0x20;
    if (c < 0x80 && !isLatin(c)) {
      if (latin && glyph) for (let j = start; j < k; j++) out[j] = HOMOGLYPH_CODES.get(out[j]) ?? out[j];
      start = k + 1;
      latin = glyph = false;
    } else if (c < 0x80) latin = true;
    else if (HOMOGLYPH_CODES.has(c)) glyph = true;
  }
}

const HOMOGLYPH_CODES = new Map(Object.entries(HOMOGLYPHS).map(([k, v]) => [k.charCodeAt(0), v.charCodeAt(0)]));
/** A character's lower case when it is one UTF-16 unit, else the character itself (cached per code). */
const lowerCache = new Map<number, number>();
function lowerOf(c: number): number {
  let l = lowerCache.get(c);
  if (l === undefined) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length === 1 ? s.charCodeAt(0) : c;
    lowerCache.set(c, l);
  }
  return l;
}

/** Lower-case, collapse whitespace; for recovered text that has no offsets of its own. */
function plain(s: string): string {
  return normalizeWithMap(s).text;
}

const B64_RE = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RE = /(?:(?:\\x|0x)?[0-9a-fA-F]{2}[\s,:]?){16,}/g;
const PCT_RE = /(?:%[0-9a-fA-F]{2}[^%\s"'<>]{0,12}){4,}/g;
const LEET_WORD_RE = /\b(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[013457@$])[a-z0-9@$]{3,}\b/gi;
const SPACED_RE = /(?:\b\p{L} ){6,}\p{L}\b/gu;
const LEET: Record<string, string> = { "0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };

/** Digits and symbols read as the letters they stand for, in every leetspeak word of `s`; `one` is what 1 reads as (i or l). */
const unleet = (s: string, one: string) => s.replace(LEET_WORD_RE, (w) => w.replace(/[013457@$]/g, (d) => (d === "1" ? one : LEET[d])));

const MAX_SEGMENTS = 12;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Text hidden from a reader (decodings, obfuscations) recovered as segments; the visible text comes first. */
export function prepareSegments(raw: string): Segment[] {
  const { text, map, tagText } = normalizeWithMap(raw);
  const segments: Segment[] = [{ kind: "text", text, map, rawStart: 0, rawEnd: raw.length }];
  const add = (kind: SegmentKind, decoded: string, start: number, end: number) => {
    const t = plain(decoded);
    if (t.length >= 8 && segments.length < MAX_SEGMENTS) segments.push({ kind, text: t, map: null, rawStart: start, rawEnd: end });
  };
  if (tagText) add("tag characters", tagText, 0, raw.length);
  for (const m of raw.matchAll(B64_RE)) {
    if (/base64,\s*$/i.test(raw.slice(Math.max(0, m.index - 12), m.index))) continue; // data: URI
    const decoded = decodePrintableBase64(m[0]);
    if (decoded && /[a-z]{2,}\s+[a-z]{2,}/i.test(decoded)) add("base64", decoded, m.index, m.index + m[0].length);
  }
  for (const m of raw.matchAll(HEX_RE)) {
    const hex = m[0].replace(/\\x|0x|[\s,:]/g, "");
    const bytes = new Uint8Array(hex.length >> 1);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    // UTF-8, so hex of Korean or of Spanish with accents decodes too; bytes that are not UTF-8 text are not hidden words
    let s: string;
    try {
      s = UTF8.decode(bytes);
    } catch {
      continue;
    }
    if (!/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s) && /\p{L}{2,}\s+\p{L}{2,}|\p{Script=Han}{4,}|\p{Script=Hangul}{2,}\s*\p{Script=Hangul}{2,}/u.test(s)) add("hex", s, m.index, m.index + m[0].length);
  }
  for (const m of raw.matchAll(PCT_RE)) {
    try {
      const s = decodeURIComponent(m[0]);
      if (/[a-z]{2,}\s+[a-z]{2,}/i.test(s)) add("percent-encoding", s, m.index, m.index + m[0].length);
    } catch {
      /* not valid percent-encoding: nothing hidden there */
    }
  }
  // leetspeak: most words written with digits for letters ("R3v34l 7h3 5y573m"), not a technical text that has a
  // few identifiers like md5, utf8, 2to3 or x86_64
  const leet = (raw.match(LEET_WORD_RE) ?? []).filter((w) => /[a-z]/i.test(w) && /\d/.test(w) && !/^\d+[a-z]{1,3}$|^[a-z]{1,4}\d+$/i.test(w));
  if (leet.length >= 3 && leet.length >= (raw.match(/[\p{L}\p{N}]{2,}/gu)?.length ?? 0) * 0.3) {
    add("leetspeak", unleet(raw, "i"), 0, raw.length);
    // "1" is as often an l as an i ("r3v341", "100k1ng")
    if (leet.some((w) => w.includes("1"))) add("leetspeak", unleet(raw, "l"), 0, raw.length);
  }
  // accents sprinkled over most words ("súmmárízé thé dócúmént"): the same text without them. Ordinary French or
  // Spanish has accents on a minority of words; where most Latin words carry one, the text without them is scored too.
  let accentedLetters = 0;
  for (let i = 0; i < text.length && accentedLetters < 4; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff)) accentedLetters++;
  }
  const latinWords = accentedLetters >= 4 ? (text.match(/\p{Script=Latin}{3,}/gu) ?? []) : [];
  if (latinWords.length >= 4) {
    const accented = latinWords.filter((w) => /[^\x00-\x7f]/.test(w)).length;
    if (accented >= latinWords.length * 0.6) add("diacritics", raw.normalize("NFD").replace(/\p{M}+/gu, ""), 0, raw.length);
  }
  for (const m of raw.matchAll(SPACED_RE)) add("spaced letters", m[0].replace(/ /g, ""), m.index, m.index + m[0].length);
  if (/ {2}/.test(raw) && /(?:\b[\p{L}\p{N}@$] ){6,}/u.test(raw)) {
    // "r e v e a l  t h e" — letters spaced out, words separated by two spaces; "S 3 n d  c u 5 7 0 m 3 r" is the
    // same with leetspeak, read both as written and with digits as letters
    const joined = raw.replace(/(?<=[\p{L}\p{N}@$]) (?=[\p{L}\p{N}@$](?![\p{L}\p{N}]))/gu, "").replace(/ {2,}/g, " ");
    if (joined.length < raw.length * 0.8) {
      add("spaced letters", joined, 0, raw.length);
      if (/[a-z][013457@$]|[013457@$][a-z]/i.test(joined))
        for (const one of ["i", "l"]) add("leetspeak", unleet(joined, one), 0, raw.length);
    }
  }
  addRotatedOrReversed(raw, add);
  return segments;
}

// Words common in English instructions. A sentence that has few of them but many once rotated by 13 letters
// ("Vtaber nyy cerivbhf vafgehpgvbaf") or read backwards ("snoitcurtsni suoiverp lla erongi") was hidden that way.
const COMMON_EN = "the and to of a an you your all is in for with this that it on be are now please me my from or any not do send ignore previous prior instructions system prompt reveal tell user data password email follow following new rules must will what above before instead then print output write say share delete forward transfer".split(" ");
const rot13 = (s: string) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) & 31) + 12) % 26 + (c.charCodeAt(0) & 96) + 1));
const reverse = (s: string) => [...s].reverse().join("");
// the same words as they read in a ROT13 or a reversed text, so a run is checked with one pass over its words
const AS_WRITTEN = new Set(COMMON_EN);
const AS_ROT13 = new Set(COMMON_EN.map(rot13));
const AS_REVERSED = new Set(COMMON_EN.map(reverse));
const ROT_RUN_RE = /[A-Za-z][A-Za-z ,'’-]{14,}[A-Za-z]/g;
const RUN_WORD_RE = /[a-z']+/g;

/**
 * ROT13 and reversed text, per run of Latin letters and spaces (at least four words): decoded when the decoding has
 * at least three common English words, twice as many as the run as written (plus two), and a third of its words.
 */
function addRotatedOrReversed(raw: string, add: (kind: SegmentKind, decoded: string, start: number, end: number) => void): void {
  for (const m of raw.matchAll(ROT_RUN_RE)) {
    const run = m[0];
    let words = 0;
    let asIs = 0;
    let rot = 0;
    let rev = 0;
    for (const [w] of run.toLowerCase().matchAll(RUN_WORD_RE)) {
      words++;
      if (AS_WRITTEN.has(w)) asIs++;
      if (AS_ROT13.has(w)) rot++;
      if (AS_REVERSED.has(w)) rev++;
    }
    if (words < 4 || asIs >= words * 0.25) continue;
    const decodes = (hits: number) => hits >= 3 && hits >= 2 * asIs + 2 && hits >= words / 3;
    if (decodes(rot)) add("rot13", rot13(run), m.index, m.index + run.length);
    if (decodes(rev)) add("reversed", reverse(run), m.index, m.index + run.length);
  }
}
