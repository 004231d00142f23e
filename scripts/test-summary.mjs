// Prints one plain "N passed, N failed" line over the Vitest and Playwright JSON reports.
import { existsSync, readFileSync } from "node:fs";
let passed = 0, failed = 0, skipped = 0;
const [vitest, playwright] = process.argv.slice(2);
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, "utf8"));
  passed += r.numPassedTests ?? 0; failed += (r.numFailedTests ?? 0); skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites && !r.numFailedTests) failed += r.numFailedTestSuites;
} else failed++;
if (existsSync(playwright)) {
  const s = JSON.parse(readFileSync(playwright, "utf8")).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0); failed += s.unexpected ?? 0; skipped += s.skipped ?? 0;
} else failed++;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
