import type { Matrix, SuiteResult } from "./run-suite";

/**
 * The suite's result for people and for CI: the 3×3 confusion matrix, the unsafe allows (the gating number), false
 * blocks, friction and accuracy per threat class as text; JUnit XML for a pipeline's test view.
 */

const LABEL = { allow: "allow", block: "block", require_approval: "approval" } as const;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The matrix as a small table: rows expected, columns decided. */
export function formatMatrix(m: Matrix): string {
  const keys = ["block", "require_approval", "allow"] as const;
  const rows = [["expected \\ decided", ...keys.map((k) => LABEL[k])]];
  for (const e of keys) rows.push([LABEL[e], ...keys.map((a) => String(m[e][a]))]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")).join("\n");
}

/** The whole report in plain text. */
export function formatReport(r: SuiteResult): string {
  const lines: string[] = [];
  lines.push(`suite ${r.suite} against bundle ${r.bundle.id}${r.bundle.version ? ` v${r.bundle.version}` : ""}: ${r.total} scenarios`);
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  lines.push("", formatMatrix(r.matrix), "");
  lines.push(`decided as expected: ${r.passed}/${r.total} (${pct(r.accuracy)})`);
  lines.push(`unsafe allows: ${r.unsafe_allows.length}   false blocks: ${r.false_blocks.length}   friction (benign sent to approval): ${r.friction.length}`);
  lines.push("", "per threat class:");
  for (const [t, s] of Object.entries(r.by_threat).sort()) lines.push(`  ${t.padEnd(20)} ${String(s.passed).padStart(3)}/${String(s.total).padEnd(3)} ${pct(s.accuracy)}`);
  const fails = r.results.filter((x) => !x.pass);
  if (fails.length) {
    lines.push("", "failures:");
    for (const f of fails) {
      const unsafe = f.expected !== "allow" && f.actual === "allow" ? "UNSAFE ALLOW " : "";
      lines.push(`  ${unsafe}${f.id} (${f.threat}, ${f.file}): expected ${LABEL[f.expected]}, decided ${LABEL[f.actual]}`);
      for (const s of f.step_failures) lines.push(`    step ${s.index} ${s.tool}: expected ${s.expected}, decided ${s.actual}`);
      if (f.reasons.length) lines.push(`    ${f.reasons[0]}`);
      if (f.why) lines.push(`    why: ${f.why}`);
    }
  }
  return lines.join("\n");
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JUnit XML: one testsuite per threat class, one testcase per scenario. */
export function junitXml(r: SuiteResult): string {
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="${esc(r.suite)}" tests="${r.total}" failures="${r.failed}">`];
  const byThreat = new Map<string, typeof r.results>();
  for (const x of r.results) byThreat.set(x.threat, [...(byThreat.get(x.threat) ?? []), x]);
  for (const [t, xs] of [...byThreat].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(`  <testsuite name="${esc(t)}" tests="${xs.length}" failures="${xs.filter((x) => !x.pass).length}">`);
    for (const x of xs) {
      out.push(`    <testcase classname="${esc(`${r.suite}.${t}`)}" name="${esc(x.id)}" file="${esc(x.file)}">`);
      if (!x.pass) {
        const unsafe = x.expected !== "allow" && x.actual === "allow";
        const msg = `${unsafe ? "unsafe allow: " : ""}expected ${x.expected}, decided ${x.actual}`;
        out.push(`      <failure message="${esc(msg)}" type="${unsafe ? "unsafe_allow" : "mismatch"}">${esc([...x.step_failures.map((s) => `step ${s.index} ${s.tool}: expected ${s.expected}, decided ${s.actual}`), ...x.reasons, x.why ? `why: ${x.why}` : ""].filter(Boolean).join("\n"))}</failure>`);
      }
      out.push(`    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`, "");
  return out.join("\n");
}
