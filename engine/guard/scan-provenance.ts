/**
 * The guard over a plan step's provenance: scans the entries whose effective trust is external or unverified and
 * gives the verdict the engine uses. Kept apart from guard.ts because it reads the event model (zod), which the
 * edge module must not pull in.
 */
import { effectiveTrust, type Provenance } from "../events/schema";
import { DEFAULT_BLOCK_SCORE, DEFAULT_SIGNAL_SCORE, round, scanText, type GuardFinding, type GuardWindow } from "./guard";

export type ProvenanceFinding = GuardFinding & {
  provenance_index: number;
  source_type: string;
  source_name: string | null;
  trust_level: string;
};

export type ProvenanceScan = {
  scanned: number;
  findings: ProvenanceFinding[];
  max_score: number;
  verdict: "clean" | "signal" | "block";
  /** the worst window over all scanned texts: which entry and field, its offsets there, its score and top words */
  window: (GuardWindow & { provenance_index: number; field: string; context: WindowContext }) | null;
};

/**
 * Scans the provenance entries of a step whose effective trust is external or unverified: their `content` and
 * every string inside `metadata` (an attacker controls the title of a page as much as its body). Trusted and
 * internal entries are not scanned. The verdict compares the highest text score with the bundle's thresholds.
 */
export function scanProvenance(
  entries: Provenance[],
  opts: { signalScore?: number; blockScore?: number } = {},
): ProvenanceScan {
  const signal = opts.signalScore ?? DEFAULT_SIGNAL_SCORE;
  const block = opts.blockScore ?? DEFAULT_BLOCK_SCORE;
  let scanned = 0;
  let max = 0;
  let window: ProvenanceScan["window"] = null;
  const findings: ProvenanceFinding[] = [];
  entries.forEach((entry, index) => {
    const trust = effectiveTrust(entry.trust_level);
    if (trust !== "external" && trust !== "unverified") return;
    const texts: Array<{ prefix: string; text: string }> = [];
    if (typeof entry.content === "string" && entry.content.length > 0) texts.push({ prefix: "", text: entry.content });
    if (entry.metadata) collectStrings(entry.metadata, "metadata", texts, 0);
    if (texts.length === 0) return;
    scanned++;
    const where = {
      provenance_index: index,
      source_type: entry.source_type,
      source_name: entry.source_name ?? null,
      trust_level: entry.trust_level,
    };
    for (const { prefix, text } of texts) {
      const r = scanText(text, { evidencePrefix: prefix ? `${prefix}: ` : "" });
      max = Math.max(max, r.score);
      if (!window || r.window.score > window.score) {
        window = { ...r.window, provenance_index: index, field: prefix || "content", context: windowContext(text, r.window.start, r.window.end) };
      }
      for (const f of r.findings) findings.push({ ...f, ...where });
    }
  });
  const verdict = max >= block ? "block" : max >= signal ? "signal" : "clean";
  return { scanned, findings, max_score: round(max), verdict, window };
}

/** The window's text with a little of what surrounds it, so a reviewer sees it highlighted in place. */
export type WindowContext = { before: string; text: string; after: string };
const CONTEXT_CHARS = 160;
const MAX_WINDOW_TEXT = 800;

function windowContext(text: string, start: number, end: number): WindowContext {
  const cut = Math.min(end, start + MAX_WINDOW_TEXT);
  return {
    before: (start > CONTEXT_CHARS ? "…" : "") + text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    text: text.slice(start, cut) + (cut < end ? "…" : ""),
    after: text.slice(end, end + CONTEXT_CHARS) + (end + CONTEXT_CHARS < text.length ? "…" : ""),
  };
}

const MAX_METADATA_STRINGS = 50;

function collectStrings(value: unknown, path: string, out: Array<{ prefix: string; text: string }>, depth: number): void {
  if (out.length >= MAX_METADATA_STRINGS || depth > 5) return;
  if (typeof value === "string") {
    if (value.length > 0) out.push({ prefix: path.length > 60 ? `${path.slice(0, 59)}…` : path, text: value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collectStrings(v, `${path}[${i}]`, out, depth + 1));
  } else if (value && typeof value === "object") {
    for (const key of Object.keys(value).sort()) collectStrings((value as Record<string, unknown>)[key], `${path}.${key}`, out, depth + 1);
  }
}
