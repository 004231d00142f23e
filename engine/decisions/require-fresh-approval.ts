import type { Decision } from "../evaluate";

/**
 * The engine's answer when a step it allowed on an existing approval cannot use it (the approval was used
 * meanwhile, between evaluation and grant): that step needs a fresh approval, with the reason recorded on it, and
 * a plan that would otherwise be allowed now waits for approval. Returns a new decision; the given one is
 * untouched, so the server never edits a verdict after the engine has given it.
 */
export function requireFreshApproval(decision: Decision, stepIndex: number, reason: string): Decision {
  const steps = decision.steps.map((s) =>
    s.index === stepIndex ? { ...s, decision: "require_approval" as const, approved_by: s.approved_by, reasons: [...s.reasons, reason] } : s,
  );
  const overall = decision.decision === "allow" && steps.some((s) => s.decision === "require_approval") ? "require_approval" : decision.decision;
  return { ...decision, decision: overall, steps };
}

/** The reason a step needs a fresh approval because the one it relied on was used already. */
export function approvalUsedReason(stepIndex: number, approvalId: string | null): string {
  return `step ${stepIndex}: the approval ${approvalId} was already used; a new approval is needed`;
}
