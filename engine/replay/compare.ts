import { canonicalJson } from "../crypto/canonical-json";
import type { RecordedEvent } from "../events/recorded";
import { replayDiff } from "./diff";
import { COMPARE_FIELDS, type CompareField } from "./constants";
import type {
  AlignedPair, CompareSide, CompareStep, KeyDiff, ProvenanceDiff, ReplayProvenance, StepDiff, TraceComparison, TraceReplayDiff,
} from "./schemas";

/**
 * Trace vs trace: the steps of two traces (every plan's steps, in plan order) aligned side by side by a longest
 * common subsequence of tool names, then each pair compared field by field — tool, arguments per key, provenance
 * (sources and trust), decision, risk and outcome. Deterministic: ties in the alignment always resolve the same way
 * (README.md "Compare").
 */

// The answer's types are z.infer of the schemas in schemas.ts (one home per schema); they and COMPARE_FIELDS
// (constants.ts) are re-exported here, where the code that builds them lives.
export { COMPARE_FIELDS, type CompareField } from "./constants";
export type { AlignedPair, CompareSide, CompareStep, KeyDiff, ProvenanceDiff, TraceComparison } from "./schemas";

/** Above this many DP cells (after trimming a common prefix and suffix) alignment falls back to position. */
export const MAX_LCS_CELLS = 4_000_000;

function canon(v: unknown): string {
  return canonicalJson(v === undefined ? null : v);
}

function toCompareStep(s: StepDiff): CompareStep {
  const st = s.step;
  const riskStage = [...st.stages].reverse().find((x) => x.risk);
  const r = st.decision?.risk ?? riskStage?.risk ?? null;
  const worst = s.mismatches[0]?.severity ?? null; // mismatches are sorted worst first
  return {
    key: st.key, plan_key: st.plan_key, index: st.index, tool: st.tool, intent: st.intent, arguments: st.decision?.arguments ?? st.arguments ?? null,
    provenance: st.provenance, decision: st.decision?.value ?? null, effective_decision: s.effective_decision,
    determining: st.decision?.determining ?? st.stages.find((x) => x.stage === "policy")?.determining ?? [], reasons: st.decision?.reasons ?? [],
    risk: r ? { step_risk: r.step_risk, r_total: r.r_total } : null, outcome: s.outcome, result: s.result, mismatches: s.mismatches.length,
    worst_severity: worst,
    event: st.decision ? { seq: st.decision.seq, event_id: st.decision.event_id, type: st.decision.type } : null,
  };
}

function side(d: TraceReplayDiff): CompareSide {
  return {
    trace_id: d.trace_id, event_count: d.event_count, plans: d.counts.plans, steps: d.counts.steps, verdict: d.verdict,
    verdict_reason: d.verdict_reason, severities: d.counts.severities,
  };
}

/** Top-level argument keys whose values differ (canonical JSON); non-objects compare as the key `(value)`. */
export function keyDiffs(a: unknown, b: unknown): KeyDiff[] {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (!isObj(a) || !isObj(b)) return canon(a) === canon(b) ? [] : [{ key: "(value)", a: a ?? null, b: b ?? null }];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => canon(a[k]) !== canon(b[k]))
    // a key missing on one side is left out of that side (absent, not null), so readers can tell the two apart
    .map((k) => ({ key: k, ...(k in a ? { a: a[k] } : {}), ...(k in b ? { b: b[k] } : {}) }) as KeyDiff);
}

/** A source is its type, name (or id) and origin: the same name fetched from another URI is another source. */
const sourceKey = (p: ReplayProvenance) =>
  `${p.source_type}:${[p.source_name ?? p.id, p.origin_uri].filter(Boolean).join(" @ ") || "?"}`;

function provenanceDiff(a: ReplayProvenance[], b: ReplayProvenance[]): ProvenanceDiff | null {
  const ma = new Map(a.map((p) => [sourceKey(p), p]));
  const mb = new Map(b.map((p) => [sourceKey(p), p]));
  const only_a = [...ma].filter(([k]) => !mb.has(k)).map(([, p]) => p);
  const only_b = [...mb].filter(([k]) => !ma.has(k)).map(([, p]) => p);
  const trust_changed = [...ma]
    .filter(([k, p]) => mb.has(k) && mb.get(k)!.trust_level !== p.trust_level)
    .map(([k, p]) => ({ source: k, a: p.trust_level, b: mb.get(k)!.trust_level }));
  return only_a.length || only_b.length || trust_changed.length ? { only_a, only_b, trust_changed } : null;
}

function comparePair(a: CompareStep, b: CompareStep): AlignedPair {
  const changed: CompareField[] = [];
  const args = keyDiffs(a.arguments, b.arguments);
  const prov = provenanceDiff(a.provenance, b.provenance);
  if (a.tool !== b.tool) changed.push("tool");
  if (args.length) changed.push("arguments");
  if (prov) changed.push("provenance");
  if (a.decision !== b.decision || a.effective_decision !== b.effective_decision || canon([...a.determining].sort()) !== canon([...b.determining].sort())) changed.push("decision");
  if (canon(a.risk) !== canon(b.risk)) changed.push("risk");
  if (a.outcome !== b.outcome || a.result !== b.result) changed.push("outcome");
  return { status: changed.length ? "changed" : "same", a, b, changed, arguments: args, provenance: prov };
}

/**
 * Alignment of two tool sequences: common prefix and suffix, then an LCS of the middle (ties: keep a's step first,
 * so only_a comes before only_b), then inside each gap between matched tools the steps with the same step index are
 * paired as "changed" and the rest stay one-sided. Returns index pairs (-1 = no partner).
 */
export function alignSequences(a: string[], b: string[], maxCells = MAX_LCS_CELLS): { pairs: Array<[number, number]>; mode: "lcs" | "position" } {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < pre; i++) pairs.push([i, i]);
  let mode: "lcs" | "position" = "lcs";
  const n = am.length, m = bm.length;
  if (n && m && (n + 1) * (m + 1) > maxCells) {
    mode = "position";
    for (let i = 0; i < Math.max(n, m); i++) pairs.push([i < n ? pre + i : -1, i < m ? pre + i : -1]);
  } else {
    // dp[i][j] = LCS length of am[i..] and bm[j..]
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] = am[i] === bm[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j] && dp[i * w + j] === dp[(i + 1) * w + j + 1] + 1) {
        pairs.push([pre + i++, pre + j++]);
      } else if (i < n && (j >= m || dp[(i + 1) * w + j] >= dp[i * w + j + 1])) {
        pairs.push([pre + i++, -1]);
      } else {
        pairs.push([-1, pre + j++]);
      }
    }
  }
  for (let k = 0; k < suf; k++) pairs.push([a.length - suf + k, b.length - suf + k]);
  return { pairs, mode };
}

/** Pairs one-sided runs between anchors when their step indexes agree (the same slot, a different tool). */
function pairGaps(raw: Array<[number, number]>, a: CompareStep[], b: CompareStep[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let k = 0;
  while (k < raw.length) {
    if (raw[k][0] !== -1 && raw[k][1] !== -1) {
      out.push(raw[k++]);
      continue;
    }
    const gapA: number[] = [], gapB: number[] = [];
    while (k < raw.length && (raw[k][0] === -1 || raw[k][1] === -1)) {
      if (raw[k][0] !== -1) gapA.push(raw[k][0]);
      else gapB.push(raw[k][1]);
      k++;
    }
    const usedB = new Set<number>();
    for (const ia of gapA) {
      const jb = gapB.find((x) => !usedB.has(x) && b[x].index === a[ia].index);
      if (jb !== undefined) {
        usedB.add(jb);
        out.push([ia, jb]);
      } else out.push([ia, -1]);
    }
    for (const jb of gapB) if (!usedB.has(jb)) out.push([-1, jb]);
  }
  return out;
}

/** Compares two traces given their recorded events (each in chain order). */
export function compareTraces(a: RecordedEvent[], b: RecordedEvent[]): TraceComparison {
  return compareDiffs(replayDiff(a), replayDiff(b));
}

/** The same, from two replay diffs already computed. */
export function compareDiffs(da: TraceReplayDiff, db: TraceReplayDiff): TraceComparison {
  const sa = da.plans.flatMap((p) => p.steps).map(toCompareStep);
  const sb = db.plans.flatMap((p) => p.steps).map(toCompareStep);
  const { pairs: raw, mode } = alignSequences(sa.map((s) => s.tool), sb.map((s) => s.tool));
  const pairs: AlignedPair[] = pairGaps(raw, sa, sb).map(([i, j]) => {
    if (i !== -1 && j !== -1) return comparePair(sa[i], sb[j]);
    if (i !== -1) return { status: "only_a", a: sa[i], b: null, changed: [], arguments: [], provenance: null };
    return { status: "only_b", a: null, b: sb[j], changed: [], arguments: [], provenance: null };
  });
  const fields = Object.fromEntries(COMPARE_FIELDS.map((f) => [f, 0])) as Record<CompareField, number>;
  const summary = { same: 0, changed: 0, only_a: 0, only_b: 0, fields };
  for (const p of pairs) {
    summary[p.status]++;
    for (const f of p.changed) fields[f]++;
  }
  return { a: side(da), b: side(db), pairs, summary, alignment: mode };
}
