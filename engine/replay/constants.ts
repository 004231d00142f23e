/**
 * The constants the replay answers' enums are made of (schemas.ts builds its zod enums from them; diff.ts,
 * reconstruct.ts and compare.ts re-export them). A module of its own with no imports, so the engine and client
 * components can use them without loading the schemas, and no import cycle can form.
 */

export const SEVERITIES = ["critical", "high", "medium", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Worst first. `not_reached` is for steps only: planned, never decided, never run (the run stopped earlier). */
export const GOVERNANCE_RESULTS = ["violation", "review", "blocked", "enforced", "matched", "not_reached"] as const;
export type GovernanceResult = (typeof GOVERNANCE_RESULTS)[number];
export type TraceVerdict = Exclude<GovernanceResult, "not_reached">;

export const MISMATCH_KINDS = [
  "blocked_step_executed",
  "executed_without_grant",
  "unauthorized_execution_flagged",
  "executed_without_approval",
  "execution_differs",
  "budget_violation",
  "execution_failed",
  "token_not_cited",
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const REPLAY_STAGES = ["capability", "guard", "policy", "budget", "risk"] as const;
export type ReplayStage = (typeof REPLAY_STAGES)[number];

export const COMPARE_FIELDS = ["tool", "arguments", "provenance", "decision", "risk", "outcome"] as const;
export type CompareField = (typeof COMPARE_FIELDS)[number];

/**
 * Which bundle stood in for "the policy in force when the decision was recorded" (what-if.ts `Baseline`):
 * `recorded_version` the stored version the decision names (bundle id + version, in the agent's environment);
 * `active_now` that version is not stored here, the bundle active for the agent's environment now; `no_bundle`
 * neither, no bundle active for the environment, the engine denies by default; `record` no baseline resolver given,
 * the recorded decision stands in (as before baselines existed).
 */
export const BASELINE_SOURCES = ["recorded_version", "active_now", "no_bundle", "record"] as const;
export type BaselineSource = (typeof BASELINE_SOURCES)[number];
