import { canonicalJson } from "../crypto/canonical-json";
import type { RecordedEvent } from "../events/recorded";
import { reconstructTrace, type Reconstruction } from "./reconstruct";
import { GOVERNANCE_RESULTS, SEVERITIES, type GovernanceResult, type MismatchKind, type Severity, type TraceVerdict } from "./constants";
import type { ArgumentDiff, EffectiveDecision, EventRef, Mismatch, PlanDiff, ReplayStep, StepDiff, StepOutcome, TraceReplayDiff } from "./schemas";

/**
 * Replay diff within one trace: for every step of every plan, what was planned vs what was decided vs what ran,
 * the mismatches between them with a severity, and a governance result per step and for the trace. The rules are
 * in README.md ("Replay diff"). Pure and deterministic: the same events always give the same JSON (the evidence
 * ZIP stores it as diff.json).
 */

// The answer's types are z.infer of the schemas in schemas.ts (one home per schema); they and the constants their
// enums are made of (constants.ts) are re-exported here, where the code that builds them lives.
export { GOVERNANCE_RESULTS, MISMATCH_KINDS, SEVERITIES, type GovernanceResult, type MismatchKind, type Severity, type TraceVerdict } from "./constants";
export type { ArgumentDiff, EffectiveDecision, Mismatch, PlanDiff, StepDiff, StepOutcome, TraceReplayDiff } from "./schemas";

/** Only the pointer (seq, id, type): mismatches are small and stable in diff.json. */
function refOf(r: EventRef): EventRef {
  return { seq: r.seq, event_id: r.event_id, type: r.type };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, info: 3 };

function canon(v: unknown): string {
  return canonicalJson(v === undefined ? null : v);
}

/** Top-level keys whose values differ between two argument objects (non-objects compare as one key `(value)`). */
export function argumentDiffs(decided: unknown, executed: unknown): ArgumentDiff[] {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (!isObj(decided) || !isObj(executed)) {
    return canon(decided) === canon(executed) ? [] : [{ key: "(value)", decided: decided ?? null, executed: executed ?? null }];
  }
  const keys = [...new Set([...Object.keys(decided), ...Object.keys(executed)])].sort();
  return keys
    .filter((k) => canon(decided[k]) !== canon(executed[k]))
    .map((k) => ({ key: k, ...(k in decided ? { decided: decided[k] } : {}), ...(k in executed ? { executed: executed[k] } : {}) }) as ArgumentDiff);
}

function effectiveDecision(s: ReplayStep): EffectiveDecision {
  const d = s.decision?.value;
  if (!d) return "none";
  if (d === "require_approval") {
    const st = s.approval?.status;
    if (st === "approved") return "allow";
    if (st === "denied" || st === "expired") return "block";
    return "require_approval";
  }
  return d;
}

function label(s: ReplayStep): string {
  return `step ${s.index} ${s.tool}`;
}

function preview(v: unknown, max = 80): string {
  const t = typeof v === "string" ? v : JSON.stringify(v ?? null);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Mismatches of one step (planned vs decided vs executed). */
function stepMismatches(s: ReplayStep, eff: EffectiveDecision): Mismatch[] {
  const out: Mismatch[] = [];
  const d = s.decision;
  const grantJtis = new Set(s.grants.map((g) => g.token_jti));
  const add = (m: Omit<Mismatch, "step_key" | "expected" | "actual"> & { expected?: string | null; actual?: string | null }) =>
    out.push({ step_key: s.key, expected: null, actual: null, ...m });

  for (const x of s.executions) {
    const verb = x.outcome === "failed" ? "was attempted" : "ran";
    // ran before anyone decided its approval (which was later denied or expired): it skipped the approval
    const beforeVerdict = d?.value === "require_approval" && s.approval?.decided != null && x.seq < s.approval.decided.seq;
    if (eff === "block" && beforeVerdict) {
      add({
        kind: "executed_without_approval", severity: "high", event: refOf(x),
        message: `${label(s)} ${verb} while its approval ${s.approval!.id} was still pending (it was later ${s.approval!.status}${s.approval!.actor ? ` by ${s.approval!.actor}` : ""})`,
        expected: "approved before execution", actual: `executed before the approval was decided (later ${s.approval!.status})`,
      });
    } else if (eff === "block") {
      const denied = d?.value === "require_approval";
      add({
        kind: "blocked_step_executed", severity: "critical", event: refOf(x),
        message: denied
          ? `${label(s)} ${verb} although its approval ${s.approval?.id} was ${s.approval?.status}${s.approval?.actor ? ` by ${s.approval.actor}` : ""}`
          : `${label(s)} ${verb} although it was blocked${d?.determining.length ? ` (${d.determining.join(", ")})` : ""}`,
        expected: denied ? `not executed (approval ${s.approval?.status})` : "not executed (block)", actual: x.type,
      });
    } else if (eff === "require_approval") {
      add({
        kind: "executed_without_approval", severity: "high", event: refOf(x),
        message: `${label(s)} ${verb} while its approval${s.approval ? ` ${s.approval.id}` : ""} was ${s.approval ? s.approval.status : "never requested"}`,
        expected: "approved before execution", actual: `approval ${s.approval?.status ?? "missing"}`,
      });
    } else if (eff === "pending" || eff === "none") {
      add({
        kind: "executed_without_grant", severity: "critical", event: refOf(x),
        message: `${label(s)} ${verb} without a decision allowing it (${eff === "none" ? "never decided" : "decision pending"})`,
        expected: "allow before execution", actual: eff === "none" ? "no decision" : "pending",
      });
    } else {
      if (x.token_jti && !grantJtis.has(x.token_jti)) {
        add({
          kind: "executed_without_grant", severity: "critical", event: refOf(x),
          message: `${label(s)} ${verb} with token ${x.token_jti}, which was not granted for this step${grantJtis.size ? ` (granted: ${[...grantJtis].join(", ")})` : ""}`,
          expected: grantJtis.size ? [...grantJtis].join(", ") : "a token granted for this step", actual: x.token_jti,
        });
      } else if (!x.token_jti && grantJtis.size) {
        add({
          kind: "token_not_cited", severity: "info", event: refOf(x),
          message: `${label(s)} ${verb} without citing its capability token (${[...grantJtis].join(", ")}); matched by ${x.matched_by === "parent_id" ? "parent link" : "step and tool"}`,
        });
      }
      const decidedTool = d?.tool ?? s.tool;
      if (x.tool && x.tool !== decidedTool) {
        add({
          kind: "execution_differs", severity: "high", event: refOf(x),
          message: `${label(s)}: ${x.tool} ran, but ${decidedTool} was ${d?.approved_by || s.approval?.status === "approved" ? "approved" : "allowed"}`,
          expected: decidedTool, actual: x.tool,
        });
      }
      if (x.arguments_hash && d?.arguments_hash && x.arguments_hash !== d.arguments_hash) {
        const diffs = d.arguments !== undefined ? argumentDiffs(d.arguments, x.arguments) : [];
        // only a hash to compare against, or real differences: either way the executed arguments are not the decided ones
        if (d.arguments === undefined || diffs.length) {
          add({
            kind: "execution_differs", severity: "high", event: refOf(x),
            message: `${label(s)} ran with arguments other than the ${s.approval?.status === "approved" ? "approved" : "allowed"} ones${diffs.length ? `: ${diffs.map((k) => k.key).join(", ")}` : ""}`,
            expected: `arguments_hash ${d.arguments_hash.slice(0, 12)}…`, actual: `arguments_hash ${x.arguments_hash.slice(0, 12)}…`,
            argument_diffs: diffs,
          });
        }
      }
    }
  }

  for (const f of s.unauthorized) {
    add({
      kind: "unauthorized_execution_flagged", severity: "critical", event: refOf(f),
      message: f.reasons[0] ?? `the server flagged an execution of ${label(s)} as unauthorized`,
    });
  }

  const seen = new Set<string>();
  for (const b of s.budget_violations) {
    for (const v of b.violations) {
      if (seen.has(v)) continue;
      seen.add(v);
      add({ kind: "budget_violation", severity: "high", event: refOf(b), message: `${label(s)}: budget exceeded — ${v}`, expected: "within budget", actual: v });
    }
  }

  const succeeded = s.executions.some((x) => x.outcome === "succeeded");
  for (const x of s.executions.filter((e) => e.outcome === "failed")) {
    const retried = s.executions.some((y) => y.outcome === "succeeded" && y.seq > x.seq);
    add({
      kind: "execution_failed", severity: retried || succeeded ? "info" : "medium", event: refOf(x),
      message: `${label(s)} failed${x.error ? `: ${preview(x.error)}` : ""}${retried ? " (a later attempt succeeded)" : ""}`,
      expected: "succeeded", actual: "failed",
    });
  }
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.event.seq - b.event.seq);
}

const VIOLATING_HIGH = new Set<MismatchKind>(["executed_without_approval", "execution_differs"]);

function judgeStep(s: ReplayStep, eff: EffectiveDecision, mm: Mismatch[], haltedBy: StepDiff | null, approvalUsedLater: boolean): { result: GovernanceResult; explanation: string } {
  const ran = s.executions.length > 0;
  const critical = mm.find((m) => m.severity === "critical");
  if (critical) return { result: "violation", explanation: critical.message };
  const high = mm.find((m) => VIOLATING_HIGH.has(m.kind) || (m.kind === "budget_violation" && ran));
  if (high) return { result: "violation", explanation: high.message + (high.kind === "budget_violation" ? " — and it ran" : "") };
  const d = s.decision;
  const why = d?.reasons[0] ? `: ${d.reasons[0].replace(/[.\s]+$/, "")}` : "";
  if (ran) {
    const failed = s.executions.every((x) => x.outcome === "failed");
    return { result: "matched", explanation: `${d?.approved_by || s.approval?.status === "approved" ? "Approved" : "Allowed"} and ${failed ? "attempted (failed)" : "executed"} as decided${s.approval?.actor ? `; approved by ${s.approval.actor}` : ""}` };
  }
  if (eff === "block") {
    if (d?.value === "require_approval") {
      return { result: "enforced", explanation: `Approval ${s.approval?.id} ${s.approval?.status}${s.approval?.actor ? ` by ${s.approval.actor}` : ""}; the step did not run` };
    }
    return { result: "blocked", explanation: `Blocked${d?.determining.length ? ` by ${d.determining.join(", ")}` : ""}; it did not run` };
  }
  if (eff === "require_approval") {
    if (s.superseded_by) return { result: "enforced", explanation: `Held for approval; re-evaluated in a later plan (${s.superseded_by})` };
    if (s.approval?.status === "missing") return { result: "review", explanation: `Approval ${s.approval.id} is referenced but not stored (missing); not executed` };
    return { result: "review", explanation: `Awaiting approval${s.approval ? ` ${s.approval.id} (${s.approval.status})` : ""}; not executed` };
  }
  if (eff === "allow") {
    if (d?.value === "require_approval" && !d.approved_by) {
      if (s.superseded_by || approvalUsedLater) return { result: "enforced", explanation: `Held for approval; approved${s.approval?.actor ? ` by ${s.approval.actor}` : ""} and carried on in a later plan` };
      return { result: "review", explanation: `Approved${s.approval?.actor ? ` by ${s.approval.actor}` : ""} but never executed: the approval is unused` };
    }
    return { result: "matched", explanation: `Allowed; no execution recorded${s.superseded_by ? ` (re-evaluated in ${s.superseded_by})` : ""}` };
  }
  // pending or never decided, and not executed
  if (s.superseded_by) return { result: "enforced", explanation: `${eff === "none" ? "Not decided" : "Pending"} here; re-evaluated in a later plan (${s.superseded_by})` };
  const stop = haltedBy ? ` after step ${haltedBy.step.index} (${haltedBy.step.tool}) ${haltedBy.outcome === "failed" ? "failed" : haltedBy.result === "enforced" ? "was denied" : "was blocked"}` : "";
  if (eff === "pending") {
    if (haltedBy) return { result: "not_reached", explanation: `Held${why}; the run stopped${stop}` };
    return { result: "review", explanation: `Decision pending${why}; not executed` };
  }
  if (s.skipped.length) return { result: "not_reached", explanation: `Skipped without a decision${stop}` };
  return { result: "not_reached", explanation: `Planned but never decided or executed${stop ? `: the run stopped${stop}` : ""}` };
}

function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Replay diff of one trace from its recorded events in chain order (see README.md for the rules). */
export function replayDiff(events: RecordedEvent[]): TraceReplayDiff {
  return diffReconstruction(reconstructTrace(events));
}

/** The same, from an already reconstructed trace (what-if and evidence may share one reconstruction). */
export function diffReconstruction(rec: Reconstruction): TraceReplayDiff {
  const approvalsUsed = new Set(rec.plans.flatMap((p) => p.steps.map((s) => s.decision?.approved_by).filter((x): x is string => !!x)));
  const plans: PlanDiff[] = rec.plans.map((p) => {
    const steps: StepDiff[] = [];
    let haltedBy: StepDiff | null = null;
    for (const s of p.steps) {
      const eff = effectiveDecision(s);
      const mismatches = stepMismatches(s, eff);
      const outcome: StepOutcome = s.executions.some((x) => x.outcome === "succeeded") ? "executed" : s.executions.length ? "failed" : "not_executed";
      const j = judgeStep(s, eff, mismatches, haltedBy, !!s.approval && approvalsUsed.has(s.approval.id) && s.decision?.approved_by !== s.approval.id);
      const sd: StepDiff = { step: s, effective_decision: eff, outcome, mismatches, ...j };
      steps.push(sd);
      const stops = (outcome === "not_executed" && eff === "block") || outcome === "failed";
      if (!haltedBy && stops) haltedBy = sd;
    }
    const { steps: _omit, ...head } = p;
    return { ...head, steps, result: steps.length ? worst(steps.map((x) => x.result)) : null };
  });

  const traceMismatches: Mismatch[] = [];
  for (const x of rec.unmatched_executions) {
    traceMismatches.push({
      kind: "executed_without_grant", severity: "critical", step_key: null, event: refOf(x),
      message: `${x.tool ?? "a tool"}${x.step != null ? ` (step ${x.step})` : ""} ${x.outcome === "failed" ? "was attempted" : "ran"} but matches no decided step${x.token_jti ? `; its token ${x.token_jti} was not granted in this trace` : " and cites no token"}`,
      expected: "a decided, granted step", actual: x.token_jti ?? "no token",
    });
  }
  for (const f of rec.unauthorized) {
    traceMismatches.push({
      kind: "unauthorized_execution_flagged", severity: "critical", step_key: null, event: refOf(f),
      message: f.reasons[0] ?? `the server flagged an execution${f.tool ? ` of ${f.tool}` : ""} as unauthorized`, expected: null, actual: null,
    });
  }
  const seen = new Set<string>();
  for (const b of rec.budget_violations) {
    for (const v of b.violations) {
      if (seen.has(v)) continue;
      seen.add(v);
      traceMismatches.push({ kind: "budget_violation", severity: "high", step_key: null, event: refOf(b), message: `budget exceeded — ${v}`, expected: "within budget", actual: v });
    }
  }

  const allSteps = plans.flatMap((p) => p.steps);
  const results = emptyCounts(GOVERNANCE_RESULTS);
  for (const s of allSteps) results[s.result]++;
  const severities = emptyCounts(SEVERITIES);
  for (const m of [...allSteps.flatMap((s) => s.mismatches), ...traceMismatches]) severities[m.severity]++;

  const { verdict, reason } = traceVerdict(allSteps, traceMismatches, rec.advisories.length);
  const counts = {
    plans: plans.length, steps: allSteps.length,
    executions: allSteps.reduce((n, s) => n + s.step.executions.length, 0) + rec.unmatched_executions.length,
    results, severities,
  };
  return {
    trace_id: rec.trace_id, event_count: rec.event_count, verdict, verdict_reason: reason, summary: summarize(counts, verdict, reason),
    counts, plans, trace_mismatches: traceMismatches, unmatched_executions: rec.unmatched_executions, advisories: rec.advisories,
    foreign: rec.foreign,
  };
}

/** The most serious of several results: violation > review > blocked > enforced > matched > not_reached. */
export function worst(results: GovernanceResult[]): GovernanceResult {
  let best = GOVERNANCE_RESULTS.length - 1;
  for (const r of results) best = Math.min(best, GOVERNANCE_RESULTS.indexOf(r));
  return GOVERNANCE_RESULTS[best];
}

function traceVerdict(steps: StepDiff[], traceMm: Mismatch[], advisories: number): { verdict: TraceVerdict; reason: string } {
  const crit = traceMm.find((m) => m.severity === "critical");
  const first = (r: GovernanceResult) => steps.find((s) => s.result === r);
  const v = first("violation");
  if (v) return { verdict: "violation", reason: `Step ${v.step.index} (${v.step.tool}): ${v.explanation}` };
  if (crit) return { verdict: "violation", reason: crit.message };
  const rv = first("review");
  if (rv) return { verdict: "review", reason: `Step ${rv.step.index} (${rv.step.tool}): ${rv.explanation}` };
  const high = traceMm.find((m) => m.severity === "high");
  if (high && !steps.some((s) => s.result === "blocked" || s.result === "enforced")) return { verdict: "review", reason: high.message };
  const b = first("blocked");
  if (b) {
    const why = b.step.decision?.reasons[0]?.replace(/^blocked[:.]?\s*/i, "");
    return { verdict: "blocked", reason: `Step ${b.step.index} (${b.step.tool}) was blocked and did not run${why ? `: ${why}` : ""}` };
  }
  const en = first("enforced");
  if (en) return { verdict: "enforced", reason: `Step ${en.step.index} (${en.step.tool}): ${en.explanation}` };
  if (!steps.length) {
    return { verdict: "review", reason: advisories ? "Only dry-run or explain results are recorded; they are not decisions" : "No plan steps, decisions or executions recorded in this trace" };
  }
  if (!first("matched")) return { verdict: "review", reason: "No step of this trace was decided or executed" };
  return { verdict: "matched", reason: "Every executed step ran as decided; nothing ran without a decision" };
}

function summarize(c: TraceReplayDiff["counts"], verdict: TraceVerdict, reason: string): string {
  const parts = GOVERNANCE_RESULTS.filter((r) => c.results[r]).map((r) => `${c.results[r]} ${r.replace("_", " ")}`);
  const sev = SEVERITIES.filter((s) => s !== "info" && c.severities[s]).map((s) => `${c.severities[s]} ${s}`);
  return `${c.steps} ${c.steps === 1 ? "step" : "steps"} in ${c.plans} ${c.plans === 1 ? "plan" : "plans"}${parts.length ? ` (${parts.join(", ")})` : ""}; `
    + `${sev.length ? `mismatches: ${sev.join(", ")}` : "no mismatches above info"}. Verdict: ${verdict} — ${reason}`;
}
