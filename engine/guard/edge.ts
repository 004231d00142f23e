/**
 * The guard as a standalone module for an agent to run in-process at the edge (AIS-EDG-01): the same rules, the
 * same learned model and the same thresholds as the server, so content can be checked before it ever reaches the
 * model. No I/O, no network, nothing imported from outside engine/guard (no zod, no Node APIs), so it bundles for
 * Node, Deno, browsers and workers alike.
 *
 *   import { scanText } from "replay-audit/engine/guard/edge";
 *   const r = scanText(page.body, { source_type: "web_page", source_name: page.url, trust_level: "external" });
 *   if (r.verdict === "block") drop(page); else if (r.verdict === "signal") flagForReview(page, r.window);
 */
import { DEFAULT_BLOCK_SCORE, DEFAULT_SIGNAL_SCORE, scanText as scanCombined, type GuardFinding, type GuardWindow } from "./guard";
import { GUARD_MODEL } from "./model-weights";

export type EdgeProvenance = { source_type: string; source_name?: string | null; trust_level?: string | null };
export type Verdict = "clean" | "signal" | "block";

export type EdgeScan = {
  score: number;
  verdict: Verdict;
  rules_score: number;
  model_score: number;
  findings: GuardFinding[];
  /** the worst sentence window, offsets into `text`: the model's with the words that weighed most, or the sentence of the rule that decided the score (`detector`) */
  window: GuardWindow;
  provenance: EdgeProvenance | null;
  model_version: string;
};

/** The verdict of a score against the bundle's thresholds (defaults: the default bundle's 0.5 and 0.9). */
export function verdictOf(score: number, signalScore = DEFAULT_SIGNAL_SCORE, blockScore = DEFAULT_BLOCK_SCORE): Verdict {
  return score >= blockScore ? "block" : score >= signalScore ? "signal" : "clean";
}

/**
 * Scans one text the agent is about to hand to its model. The provenance is echoed for the agent's own records; it
 * does not change the score (the server skips trusted and internal entries when it evaluates a plan, the edge scans
 * whatever it is given).
 */
export function scanText(
  text: string,
  provenance: EdgeProvenance | null = null,
  opts: { signalScore?: number; blockScore?: number } = {},
): EdgeScan {
  const r = scanCombined(text);
  return {
    score: r.score,
    verdict: verdictOf(r.score, opts.signalScore, opts.blockScore),
    rules_score: r.rules_score,
    model_score: r.model_score,
    findings: r.findings,
    window: r.window,
    provenance,
    model_version: GUARD_MODEL.version,
  };
}
