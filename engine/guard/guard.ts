/**
 * The guard: a local, deterministic check of untrusted provenance content for prompt injection and exfiltration
 * attempts. `scanText` scores one text with the rules and the learned model together; `scanRules` is the rules
 * alone; `scanProvenance` scans the external/unverified entries of a plan step and gives the verdict the engine uses
 * (signal for policy, or block; scan-provenance.ts). How the two combine is in README.md. Nothing here imports
 * outside engine/guard, so edge.ts can ship the same detector to an agent.
 */
import { defaultModel, scoreWindows, sentenceStarts, type Model, type ModelWindow } from "./model";
import { prepareSegments, type Segment } from "./prepare";
import {
  BASE64_RE,
  decodePrintableBase64,
  discussionFactor,
  excerpt,
  findDestinations,
  findHiddenRegions,
  hasLongBase64Run,
  HIDDEN_AI_RE,
  HIDDEN_IMPERATIVE_RE,
  PATTERN_DETECTORS,
  asciiLower,
  needlePositions,
  searchSpans,
  prepareText,
  type GuardCategory,
  type GuardFinding,
} from "./detectors";

export type { GuardCategory, GuardFinding } from "./detectors";

export const DEFAULT_SIGNAL_SCORE = 0.5;
export const DEFAULT_BLOCK_SCORE = 0.9;
const MAX_FINDINGS = 30;
const MAX_MATCHES_PER_DETECTOR = 25;

type Hit = {
  detector: string;
  category: GuardCategory;
  score: number;
  /** weight before the discussion discount */
  weight: number;
  discounted: boolean;
  start: number;
  end: number;
};

export type RulesResult = {
  score: number;
  findings: GuardFinding[];
  /** spans of substantial pattern matches (weight ≥ 0.3), and whether each was discounted as quoted or discussed */
  spans: Array<{ start: number; end: number; discounted: boolean }>;
  /** the strongest pattern match, with offsets in the raw text (null when none, or when preparation moved offsets) */
  top: { detector: string; score: number; start: number; end: number } | null;
};

/**
 * The window of a text that scored worst, with offsets into the raw text, for the UI to highlight: the model's worst
 * sentence window, or, when the rules scored the text higher, the sentence of their strongest match (`detector`).
 */
export type GuardWindow = Omit<ModelWindow, "z"> & { detector?: string };

export type ScanResult = RulesResult & {
  /** the rules' score alone and the learned model's score alone; `score` is the larger */
  rules_score: number;
  model_score: number;
  /** the model's worst sentence window (offsets in the raw text) and the words that weighed most in it */
  window: GuardWindow;
};

/** The pattern rules alone: 0 (nothing found) .. 1 (certain). Deterministic, no I/O. */
export function scanRules(text: string, evidencePrefix = ""): RulesResult {
  return scan(text, 0, evidencePrefix);
}

/**
 * Scores one untrusted text, 0 .. 1, as the stronger of the rules and the learned model: the rules are precise
 * on what they know and name the detector; the model adds recall on what they do not, and names the window and
 * the words. Both kinds of evidence are kept in `findings`. Deterministic, no I/O.
 */
export function scanText(text: string, opts: { evidencePrefix?: string; model?: Model } = {}): ScanResult {
  const prefix = opts.evidencePrefix ?? "";
  const segments = prepareSegments(text);
  const rules = scan(text, 0, prefix, segments);
  const { window: mw, discussed } = modelWindow(text, opts.model ?? defaultModel(), rules, segments);
  if (discussed) mw.score *= DISCUSSED_WINDOW_FACTOR;
  const modelW: GuardWindow = { score: round(mw.score), start: mw.start, end: mw.end, segment: mw.segment, top_features: mw.top_features };
  const findings = [...rules.findings];
  if (mw.score >= MODEL_FINDING_MIN) findings.push(modelFinding(text, modelW, prefix));
  // the highlight follows whichever detector decided the score, so the reviewer sees the sentence that counted
  const window = rules.top && rules.score > modelW.score ? ruleWindow(text, rules.top, rules.score) : modelW;
  findings.sort((a, b) => b.score - a.score || a.detector.localeCompare(b.detector) || a.evidence.localeCompare(b.evidence));
  return { score: round(Math.max(rules.score, mw.score)), findings, rules_score: rules.score, model_score: modelW.score, window, spans: rules.spans, top: rules.top };
}

/** The sentence around a rule's match (the match itself when it spans sentences), as the text's window. */
function ruleWindow(text: string, top: NonNullable<RulesResult["top"]>, score: number): GuardWindow {
  const starts = sentenceStarts(text);
  let start = 0;
  let end = text.length;
  for (const s of starts) {
    if (s <= top.start) start = s;
    else if (s >= top.end) {
      end = s;
      break;
    }
  }
  while (end > top.end && /\s/.test(text[end - 1])) end--;
  return { score, start, end, segment: "text", top_features: [], detector: top.detector };
}

/**
 * The model's worst window, and whether the rules judged every attack phrase in it as discussed rather than issued
 * ("attackers write phrases such as 'ignore previous instructions'"): such a window is left to the rules, which know
 * quoting from issuing, while the model sees the same words either way.
 */
export function modelWindow(text: string, model: Model, rules: RulesResult, segments?: Segment[]) {
  const window = scoreWindows(model, text, segments);
  const inWindow = rules.spans.filter((h) => h.start < window.end && h.end > window.start);
  const discussed = window.segment === "text" && inWindow.length > 0 && inWindow.every((h) => h.discounted);
  return { window, discussed };
}

/** A discussed window's model score is scaled below the signal threshold. */
const DISCUSSED_WINDOW_FACTOR = 0.45;

/** Below this the model's window is not worth a finding (it is still reported as `window`). */
const MODEL_FINDING_MIN = 0.3;

function modelFinding(text: string, w: GuardWindow, prefix: string): GuardFinding {
  const where = w.segment === "text" ? "" : `${w.segment} → `;
  const words = w.top_features.slice(0, 3).map((f) => f.text).join(", ");
  const tail = words ? ` [${words}]` : "";
  return {
    detector: "learned_model",
    category: "learned_injection",
    score: w.score,
    evidence: prefix + where + excerpt(text, w.start, w.end, 200 - prefix.length - where.length - tail.length) + tail,
    start: w.start,
    end: w.end,
  };
}

function scan(raw: string, depth: number, evidencePrefix: string, segments?: Segment[]): RulesResult {
  if (!raw) return { score: 0, findings: [], spans: [], top: null };
  const prepared = prepareText(raw);
  const text = prepared.text;
  const room = 200 - evidencePrefix.length;
  const ev = (start: number, end: number) => evidencePrefix + excerpt(text, start, end, room);

  const hits: Hit[] = [];
  const positions = needlePositions(asciiLower(text));
  // A text insisting it is "not a prompt injection" does not get the benefit of sounding like a discussion.
  const allowMeta = !/\bthis\s+is\s+not\s+an?\s+(?:prompt\s+)?(?:injection|attack|jailbreak)\b/i.test(text);
  for (const d of PATTERN_DETECTORS) {
    for (const m of matchesIn(text, d, positions)) {
      const weight = d.weigh ? d.weigh(m, text) : d.weight;
      if (weight > 0) {
        const start = m.index;
        const end = m.index + m[0].length;
        const codeIsQuote = d.category !== "dangerous_command" && d.category !== "tool_coercion";
        let factor = d.discussable ? discussionFactor(text, start, end, allowMeta, codeIsQuote) : 1;
        if (d.category === "dangerous_command" && negated(text, start)) factor = Math.min(factor, 0.3);
        hits.push({ detector: d.id, category: d.category, score: weight * factor, weight, discounted: factor < 1, start, end });
      }
    }
  }

  const findings: GuardFinding[] = [];
  // best match per detector
  const best = new Map<string, Hit>();
  for (const h of hits) {
    const b = best.get(h.detector);
    if (!b || h.score > b.score) best.set(h.detector, h);
  }
  for (const h of best.values()) findings.push({ detector: h.detector, category: h.category, score: h.score, evidence: ev(h.start, h.end) });

  findings.push(...combinations(text, hits, ev));
  findings.push(...invisibleCharacters(prepared, ev, depth));
  findings.push(...hiddenRegions(text, hits, ev));
  if (depth === 0) findings.push(...encodedBlobs(text, ev), ...decodedSegments(segments ?? prepareSegments(raw), raw));

  const score = combine(findings, hits);
  findings.sort((a, b) => b.score - a.score || a.detector.localeCompare(b.detector) || a.evidence.localeCompare(b.evidence));
  const spans = hits.filter((h) => h.weight >= 0.3).map((h) => ({ start: h.start, end: h.end, discounted: h.discounted }));
  // offsets are the raw text's only when preparation changed nothing
  const strongest = text === raw ? hits.reduce<Hit | null>((b, h) => (!b || h.score > b.score ? h : b), null) : null;
  const top = strongest ? { detector: strongest.detector, score: round(strongest.score), start: strongest.start, end: strongest.end } : null;
  return { score: round(score), findings: findings.slice(0, MAX_FINDINGS).map((f) => ({ ...f, score: round(f.score) })), spans, top };
}

/** The detector's matches (at most MAX_MATCHES_PER_DETECTOR), searching only the spans around its needles. */
function matchesIn(text: string, d: (typeof PATTERN_DETECTORS)[number], positions: Map<string, number[]>): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (const [a, b] of searchSpans(text, d, positions)) {
    const part = a === 0 && b === text.length ? text : text.slice(a, b);
    d.re.lastIndex = 0;
    for (let m = d.re.exec(part); m; m = d.re.exec(part)) {
      if (m[0].length === 0) {
        d.re.lastIndex++;
        continue;
      }
      // weigh() and evidence read the match against the whole text
      m.index += a;
      (m as { input: string }).input = text;
      out.push(m);
      if (out.length >= MAX_MATCHES_PER_DETECTOR) return out;
    }
  }
  return out;
}

function negated(text: string, index: number): boolean {
  return /\b(?:never|not|don'?t|avoid|refuse[sd]?|instead of)\b[^.!?\n]{0,25}$/i.test(text.slice(Math.max(0, index - 40), index));
}

/**
 * Noisy-OR over categories (each category counts once, at its strongest finding): independent kinds of evidence
 * reinforce each other, many matches of one kind do not. When every substantial finding sits in quotes or in a
 * discussion of attacks, the text is treated as talking about attacks and scores its strongest finding only.
 */
function combine(findings: GuardFinding[], hits: Hit[]): number {
  if (findings.length === 0) return 0;
  const byCategory = new Map<GuardCategory, number[]>();
  for (const f of findings) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f.score]);
  // a category counts at its strongest finding, plus half of its second-strongest (a second, different detector
  // of the same kind is some corroboration, but not independent evidence)
  const perCategory = new Map<GuardCategory, number>();
  for (const [category, scores] of byCategory) {
    const [s1, s2 = 0] = scores.sort((a, b) => b - a);
    perCategory.set(category, 1 - (1 - s1) * (1 - s2 / 2));
  }
  const substantial = hits.filter((h) => h.weight >= 0.3);
  const nonPattern = findings.filter((f) => !hits.some((h) => h.detector === f.detector));
  const discussion = substantial.length > 0 && substantial.every((h) => h.discounted) && nonPattern.every((f) => f.score < 0.3);
  if (discussion) return Math.max(...findings.map((f) => f.score));
  let keep = 1;
  for (const s of perCategory.values()) keep *= 1 - Math.min(s, 0.999);
  return 1 - keep;
}

type Ev = (start: number, end: number) => string;

/** Boosts when independent signals point at the same act: an instruction aimed at the agent next to a destination. */
function combinations(text: string, hits: Hit[], ev: Ev): GuardFinding[] {
  const out: GuardFinding[] = [];
  const live = hits.filter((h) => !h.discounted);
  const destinations = live.length > 0 ? findDestinations(text) : [];
  const near = (a: { start: number; end: number }, b: { start: number; end: number }, gap: number) =>
    a.start - gap <= b.end && b.start - gap <= a.end;

  const override = live.filter((h) => h.category === "instruction_override" && h.score >= 0.5);
  if (override.length > 0 && destinations.length > 0) {
    const o = override[0];
    const d = destinations.reduce((x, y) => (Math.abs(y.start - o.end) < Math.abs(x.start - o.end) ? y : x));
    out.push({ detector: "override_with_destination", category: "exfiltration_request", score: 0.6, evidence: ev(d.start, d.end) });
  }

  // the destination must follow the request in the same sentence: "send the password to x@y", not "x@y shares that password"
  const cred = live.find(
    (h) =>
      h.category === "credential_request" &&
      h.score >= 0.3 &&
      destinations.some((d) => d.start >= h.start && d.start - h.end <= 200 && !/[.!?]\s|\n/.test(text.slice(h.end, d.start))),
  );
  if (cred) out.push({ detector: "credential_with_destination", category: "credential_request", score: 0.65, evidence: ev(cred.start, cred.end) });

  const coercion = live.filter((h) => h.category === "tool_coercion" && h.score >= 0.4);
  const command = live.find((h) => h.category === "dangerous_command" && h.score >= 0.3 && coercion.some((c) => near(c, h, 500)));
  if (command) out.push({ detector: "coercion_with_command", category: "dangerous_command", score: 0.6, evidence: ev(command.start, command.end) });
  return out;
}

function invisibleCharacters(p: ReturnType<typeof prepareText>, ev: Ev, depth: number): GuardFinding[] {
  const out: GuardFinding[] = [];
  const at = Math.max(0, p.firstInvisibleAt);
  if (p.zeroWidth > 0) {
    const score = p.zeroWidthInWords >= 3 ? 0.6 : p.zeroWidth >= 10 ? 0.5 : p.zeroWidth >= 3 ? 0.35 : 0.15;
    const label = `${p.zeroWidth} zero-width character${p.zeroWidth === 1 ? "" : "s"}${p.zeroWidthInWords >= 3 ? ` (${p.zeroWidthInWords} inside words)` : ""} near: `;
    out.push({ detector: "zero_width_characters", category: "hidden_content", score, evidence: label + ev(at, at).slice(0, 200 - label.length) });
  }
  if (p.bidi > 0) {
    const label = `${p.bidi} bidirectional override character${p.bidi === 1 ? "" : "s"} near: `;
    out.push({ detector: "bidi_override", category: "hidden_content", score: 0.35, evidence: label + ev(at, at).slice(0, 200 - label.length) });
  }
  if (p.tagText && depth === 0) {
    const inner = scan(p.tagText, depth + 1, "tag characters: ");
    out.push({ detector: "unicode_tag_characters", category: "hidden_content", score: 0.85, evidence: excerpt(`invisible tag text: ${p.tagText}`, 0, 0, 200) });
    out.push(...inner.findings);
  }
  return out;
}

function hiddenRegions(text: string, hits: Hit[], ev: Ev): GuardFinding[] {
  const out: GuardFinding[] = [];
  for (const r of findHiddenRegions(text)) {
    const inside = hits.filter((h) => h.start >= r.start && h.end <= r.end && h.weight >= 0.25);
    if (inside.length > 0) {
      out.push({ detector: "hidden_instructions", category: "hidden_content", score: 0.7, evidence: ev(r.start, r.end) });
    } else if (HIDDEN_IMPERATIVE_RE.test(text.slice(r.start, r.end))) {
      const toAi = HIDDEN_AI_RE.test(text.slice(r.start, r.end));
      out.push({ detector: "hidden_imperative", category: "hidden_content", score: toAi ? 0.6 : 0.3, evidence: ev(r.start, r.end) });
    }
  }
  // one finding per detector keeps the list readable; the strongest region wins
  const byDetector = new Map<string, GuardFinding>();
  for (const f of out) if (!byDetector.has(f.detector)) byDetector.set(f.detector, f);
  return [...byDetector.values()];
}

function encodedBlobs(text: string, ev: Ev): GuardFinding[] {
  const out: GuardFinding[] = [];
  if (!hasLongBase64Run(text)) return out;
  BASE64_RE.lastIndex = 0;
  let n = 0;
  for (let m = BASE64_RE.exec(text); m && n < 10; m = BASE64_RE.exec(text), n++) {
    if (/base64,\s*$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) continue; // data: URI
    const decoded = decodePrintableBase64(m[0]);
    if (decoded === null) {
      out.push({ detector: "long_base64_blob", category: "hidden_content", score: 0.15, evidence: ev(m.index, m.index + m[0].length) });
      continue;
    }
    const inner = scan(decoded, 1, "base64 → ");
    if (inner.score >= 0.3) {
      out.push({ detector: "encoded_instructions", category: "hidden_content", score: 0.75, evidence: ev(m.index, m.index + m[0].length) });
      out.push(...inner.findings);
    } else {
      out.push({ detector: "encoded_text", category: "hidden_content", score: 0.35, evidence: ev(m.index, m.index + m[0].length) });
    }
  }
  return out;
}

/**
 * The rules over what preparation recovered besides base64 (which encodedBlobs reads with its own offsets): hex,
 * percent-encoding, tag characters, leetspeak, spaced letters, sprinkled accents, ROT13 and reversed text. An
 * instruction found in one is hidden on purpose, so the finding weighs like decoded base64's; its evidence is the
 * raw span the segment came from, and the inner findings follow with the decoding named ("rot13 → …").
 */
function decodedSegments(segments: Segment[], raw: string): GuardFinding[] {
  const out: GuardFinding[] = [];
  for (const seg of segments) {
    if (seg.kind === "text" || seg.kind === "base64") continue;
    const inner = scan(seg.text, 1, `${seg.kind} → `);
    if (inner.score < 0.3) continue;
    out.push({ detector: "obfuscated_instructions", category: "hidden_content", score: 0.75, evidence: `${seg.kind}: ${excerpt(raw, seg.rawStart, seg.rawEnd, 180)}` });
    out.push(...inner.findings);
  }
  return out;
}

export const round = (x: number) => Math.round(x * 1000) / 1000;

