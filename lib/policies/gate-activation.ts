import "server-only";
import { runSuite, type ScenarioResult, type SuiteResult } from "@/engine/scenarios/run-suite";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { prisma } from "@/lib/db";
import { bundleById } from "./active-bundle";
import { loadSuite } from "./run-suite";
import { gateOf } from "./scenario-settings";

export type Actor = { id: string; email: string; name: string };

const brief = (r: ScenarioResult) => ({ id: r.id, threat: r.threat, expected: r.expected, actual: r.actual, reason: r.reasons[0] ?? null, why: r.why });

/** What of a suite result refuses an activation under the bundle's `fail_on`. */
function refusing(result: SuiteResult, failOn: "any_failure" | "unsafe_allow"): ScenarioResult[] {
  return failOn === "unsafe_allow" ? result.unsafe_allows : result.results.filter((r) => !r.pass);
}

/**
 * The activation gate: when the version's bundle sets `scenarios.require_pass`, the project's suite runs against it
 * now (not a stored earlier run: the suite on disk may have grown) and a failing version is refused with 409
 * `scenarios_failed`, listing the unsafe allows. Applies to every role. The run that decides is recorded as a human
 * action, passed or refused, so an auditor sees why a version went live or did not. Returns null when the gate is off.
 */
export async function gateActivation(bundleId: string, actor: Actor | null) {
  const row = await prisma.policyBundle.findUnique({ where: { id: bundleId }, select: { id: true, environment: true, version: true, content: true, sources: true } });
  if (!row) throw new ApiError("not_found", `policy bundle version ${bundleId} not found`);
  const gate = gateOf(row.content, row.sources);
  if (!gate.require_pass) return null;
  const bundle = await bundleById(bundleId);
  if (!bundle) throw new ApiError("not_found", `policy bundle version ${bundleId} not found`);
  const result = runSuite(bundle.content, await loadSuite({ suite: "builtin" }), bundle.version);
  const bad = refusing(result, gate.fail_on);
  const refused = bad.length > 0 || result.errors.length > 0;
  const summary = {
    bundle_version: row.id, environment: row.environment, version: row.version, suite: result.suite, fail_on: gate.fail_on,
    outcome: refused ? "refused" : "passed", total: result.total, passed: result.passed, failed: result.failed,
    unsafe_allows: result.unsafe_allows.map((r) => r.id), false_blocks: result.false_blocks.map((r) => r.id), friction: result.friction.map((r) => r.id), errors: result.errors,
  };
  if (actor) await prisma.$transaction((tx) => recordHumanAction(tx, actor, "policy.scenarios_gate", summary));
  if (refused) {
    const what = result.unsafe_allows.length
      ? `${result.unsafe_allows.length} unsafe allow${result.unsafe_allows.length === 1 ? "" : "s"} (${result.unsafe_allows.slice(0, 5).map((r) => r.id).join(", ")}${result.unsafe_allows.length > 5 ? ", …" : ""})`
      : bad.length ? `${bad.length} failing scenario${bad.length === 1 ? "" : "s"} (${bad.slice(0, 5).map((r) => r.id).join(", ")}${bad.length > 5 ? ", …" : ""})` : `errors: ${result.errors[0]}`;
    throw new ApiError("scenarios_failed", `${row.environment} v${row.version} fails the scenario suite ${result.suite} that its bundle requires to pass (scenarios.require_pass, fail_on ${gate.fail_on}): ${what}; it was not activated`, {
      ...summary, unsafe_allows: result.unsafe_allows.map(brief), failing: bad.map(brief),
    });
  }
  return { suite: result.suite, total: result.total, passed: result.passed, unsafe_allows: 0, fail_on: gate.fail_on };
}
