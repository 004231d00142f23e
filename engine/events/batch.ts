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
  if (text[i] !== "{") return null;
  i++;
  let found: string[] | null = null; // JSON.parse keeps the last of duplicate keys; so do we
  for (;;) {
    i = skipWs(text, i);
    if (text[i] === "}" || i >= text.length) return found;
    if (text[i] === ",") { i++; continue; }
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWs(text, keyEnd);
    i = skipWs(text, i + 1); // ':'
    if (key === "events" && text[i] === "[") {
      const slices: string[] = [];
      i++;
      for (;;) {
        i = skipWs(text, i);
        if (text[i] === "]") { found = slices; i++; break; }
        if (text[i] === ",") { i++; continue; }
        const end = endOfValue(text, i);
        slices.push(text.slice(i, end));
        i = end;
      }
      continue;
    }
    i = endOfValue(text, i);
  }
}

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === " " || t[i] === "\n" || t[i] === "\r" || t[i] === "\t")) i++;
  return i;
}

function endOfString(t: string, i: number): number {
  // t[i] === '"'
  i++;
  while (i < t.length) {
    const c = t[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return i;
}

function endOfValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return endOfString(t, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    while (i < t.length) {
      const d = t[i];
      if (d === '"') { i = endOfString(t, i); continue; }
      if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < t.length && !",}] \n\r\t".includes(t[i])) i++;
  return i;
}

/**
 * Checks what JSON.parse accepts but storage must not: nesting deeper than MAX_DEPTH, U+0000 and lone
 * surrogates in strings (Postgres jsonb refuses both). Returns a reason, or null when the value is fine.
 */
export function jsonStorageProblem(value: unknown, depth = 0, path = ""): string | null {
  if (depth > MAX_DEPTH) return `${path || "event"}: nested deeper than ${MAX_DEPTH} levels`;
  if (typeof value === "string") {
    if (value.includes("\u0000")) return `${path || "value"}: strings must not contain U+0000`;
    if (!value.isWellFormed()) return `${path || "value"}: string contains an unpaired UTF-16 surrogate`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonStorageProblem(value[i], depth + 1, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000") || !k.isWellFormed()) return `${path || "event"}: a key contains U+0000 or an unpaired surrogate`;
      const p = jsonStorageProblem(v, depth + 1, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
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
