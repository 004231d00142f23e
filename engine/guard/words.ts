/**
 * The words of a normalised text: runs of letters, combining marks (Indic vowel signs, Thai vowels, Arabic harakat)
 * and digits, as [start, end) offsets in UTF-16 units — what `/[\p{L}\p{M}\p{N}]+/gu` matches, found without a
 * regex match object per word (the guard reads every word of every window; features.ts and concepts.ts share this).
 */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** 0 unknown, 1 word character, 2 not: filled lazily for the Basic Multilingual Plane. */
const bmp = new Uint8Array(0x10000);

function isWordUnit(code: number): boolean {
  let k = bmp[code];
  if (k === 0) bmp[code] = k = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
  return k === 1;
}

/** Word spans as a flat array: start0, end0, start1, end1, … */
export function wordSpans(text: string): Int32Array {
  const out: number[] = [];
  const L = text.length;
  let start = -1;
  for (let i = 0; i < L; i++) {
    const c = text.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 0x80) word = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < L) {
      const d = text.charCodeAt(i + 1);
      width = d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
      word = width === 2 && WORD_CHAR.test(text.slice(i, i + 2));
    } else word = isWordUnit(c);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(start, i);
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) out.push(start, L);
  return Int32Array.from(out);
}
