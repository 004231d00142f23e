/**
 * Splitting an ingest request into events while keeping each event's bytes exactly as sent:
 * a JSON envelope `{ "events": [ ... ] }` (the array elements' source text is cut out of the body),
 * or NDJSON (one event a line).
 */

export const MAX_DEPTH = 64;

export type RawItem = { index: number; line?: number; raw: string; value?: unknown; error?: string };

/**
 * Source text of each element of the top-level `events` array. `text` must already be valid JSON
 * (JSON.parse succeeded), so the scanner only tracks strings and nesting.
 */
export function eventsArraySlices(text: string): string[] | null {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  let found: string[] | null = null; // JSON.parse keeps the last of duplicate keys; so do we
  for (;;) {
    i = skipWs(text, i);
    if (i >= text.length || text.charCodeAt(i) === CLOSE_BRACE) return found;
    if (text.charCodeAt(i) === COMMA) { i++; continue; }
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWs(text, keyEnd);
    i = skipWs(text, i + 1); // ':'
    if (key === "events" && text.charCodeAt(i) === OPEN_BRACKET) {
      const slices: string[] = [];
      i++;
      for (;;) {
        i = skipWs(text, i);
        if (i >= text.length) return found;
        if (text.charCodeAt(i) === CLOSE_BRACKET) { found = slices; i++; break; }
        if (text.charCodeAt(i) === COMMA) { i++; continue; }
        const end = endOfValue(text, i);
        slices.push(text.slice(i, end));
        i = end;
      }
      continue;
    }
    i = endOfValue(text, i);
  }
}

// The scanner works on char codes and jumps through strings with indexOf: it runs over every byte ingested.
const QUOTE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
const SPACE = 32, LF = 10, CR = 13, TAB = 9, COMMA = 44;

function skipWs(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return i;
    i++;
  }
}

/** t[i] is the opening quote; returns the index just past the closing quote. */
function endOfString(t: string, i: number): number {
  for (;;) {
    const q = t.indexOf('"', i + 1);
    if (q < 0) return t.length;
    let b = q - 1;
    while (t.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1; // an even run of backslashes: the quote is not escaped
    i = q;
  }
}

function endOfValue(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return endOfString(t, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === QUOTE) { i = endOfString(t, i); continue; }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < t.length) {
    const d = t.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === SPACE || d === LF || d === CR || d === TAB) break;
    i++;
  }
  return i;
}

/** One problem `jsonInputProblem` found: the JSON path of the value (empty for the root) and why it is refused. */
export type JsonInputProblem = { path: string; reason: string };

/**
 * Checks what JSON.parse accepts but storage must not: nesting deeper than MAX_DEPTH, numbers JSON.parse turned
 * into Infinity (`1e400`), U+0000 and lone surrogates in strings or keys (Postgres jsonb and text refuse both).
 * The one rule for every input a client sends: ingest applies it to each event, withApi to every JSON body, query
 * value and path segment (lib/api/input-rules.ts). Returns the first problem, or null when the value is fine.
 */
export function jsonInputProblem(value: unknown, depth = 0, path = ""): JsonInputProblem | null {
  if (depth > MAX_DEPTH) return { path, reason: `nested deeper than ${MAX_DEPTH} levels` };
  if (typeof value === "number") return Number.isFinite(value) ? null : { path, reason: "number out of range (JSON.parse gives Infinity)" };
  if (typeof value === "string") {
    const reason = stringProblem(value);
    return reason ? { path, reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonInputProblem(value[i], depth + 1, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (stringProblem(k)) return { path, reason: "a key contains U+0000 or an unpaired surrogate" };
      const p = jsonInputProblem(v, depth + 1, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}

/** Why a string cannot be stored (U+0000, or an unpaired UTF-16 surrogate), or null. */
export function stringProblem(s: string): string | null {
  if (s.includes("\u0000")) return "strings must not contain U+0000";
  if (!s.isWellFormed()) return "string contains an unpaired UTF-16 surrogate";
  return null;
}

/** jsonInputProblem as one line for an ingest result: `payload.n: number out of range …` (the root is called `event`). */
export function jsonStorageProblem(value: unknown): string | null {
  const p = jsonInputProblem(value);
  if (!p) return null;
  return `${p.path || "event"}: ${p.reason}`;
}

/** NDJSON: one item per non-blank line, with its 1-based line number; unparseable lines carry an error. */
export function splitNdjson(text: string): RawItem[] {
  const items: RawItem[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n].endsWith("\r") ? lines[n].slice(0, -1) : lines[n];
    if (!raw.trim()) continue;
    const item: RawItem = { index: items.length, line: n + 1, raw };
    try {
      item.value = JSON.parse(raw);
    } catch (e) {
      item.error = `line ${n + 1}: not valid JSON: ${(e as Error).message}`;
    }
    items.push(item);
  }
  return items;
}
