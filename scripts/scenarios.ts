// npm run scenarios -- --suite <file|dir> [--bundle <dir | pb_<id> | active:<env>>] [--junit <file>] [--json <file>]
// AISecOps CI (spec §10): runs every scenario of a suite through the real engine in dry run against a bundle (the
// shipped default bundle when --bundle is omitted), prints the confusion matrix, unsafe allows, false blocks,
// friction and accuracy per threat class, writes JUnit XML, and exits 1 when any scenario fails (2 on bad input).
// A stored version or the active one needs the database: DATABASE_URL, or run it through scripts/with-db.mjs.
import fs from "node:fs";
import path from "node:path";
import { parseSuiteFile, mergeSuites, type Suite, type SuiteIssue } from "../engine/scenarios/format";
import { runSuite } from "../engine/scenarios/run-suite";
import { formatReport, junitXml } from "../engine/scenarios/report";
import { defaultBundle, loadBundle } from "../engine/policy/load-bundle";
import type { PolicyBundleContent } from "../engine/policy/bundle";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(msg: string): never {
  console.error(`scenarios: ${msg}`);
  process.exit(2);
}

/** Every .yaml/.yml/.jsonl file of a path (a directory is read recursively, in name order). */
function suiteFiles(p: string): string[] {
  if (!fs.existsSync(p)) fail(`--suite ${p}: no such file or directory`);
  if (fs.statSync(p).isFile()) return [p];
  return fs.readdirSync(p, { recursive: true, encoding: "utf8" }).filter((f) => /\.(ya?ml|jsonl)$/i.test(f)).sort().map((f) => path.join(p, f));
}

async function bundleFrom(spec: string | undefined): Promise<{ content: PolicyBundleContent; version: number; label: string }> {
  if (!spec) return { content: defaultBundle(), version: 0, label: "the shipped default bundle" };
  if (fs.existsSync(spec) && fs.statSync(spec).isDirectory()) {
    const files = fs.readdirSync(spec).filter((f) => /\.(ya?ml|json|cedar|cedarschema)$/i.test(f)).map((f) => ({ name: f, text: fs.readFileSync(path.join(spec, f), "utf8") }));
    const r = loadBundle(files);
    if (!r.ok) fail(`--bundle ${spec}: ${r.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ""} ${e.message}`).join("; ")}`);
    return { content: r.bundle, version: 0, label: spec };
  }
  if (!process.env.DATABASE_URL) fail(`--bundle ${spec}: a stored version needs the database; set DATABASE_URL or run through node scripts/with-db.mjs`);
  const { activeBundle, bundleById } = await import("../lib/policies/active-bundle");
  const m = /^active:(.+)$/.exec(spec);
  const b = m ? await activeBundle(m[1]) : await bundleById(spec);
  if (!b) fail(`--bundle ${spec}: ${m ? `no bundle is active for environment ${m[1]}` : "no stored bundle version with that id"}`);
  return { content: b.content, version: b.version, label: `${b.id} v${b.version} (${b.rowId})` };
}

async function main() {
  const suitePath = arg("suite") ?? fail("--suite <file or directory> is required");
  const parts: Suite[] = [];
  const issues: SuiteIssue[] = [];
  for (const f of suiteFiles(suitePath)) {
    const r = parseSuiteFile(path.relative(process.cwd(), f), fs.readFileSync(f, "utf8"));
    parts.push(r.suite);
    issues.push(...r.issues);
  }
  const merged = mergeSuites(parts.length === 1 ? parts[0].name : path.basename(path.resolve(suitePath)), parts);
  issues.push(...merged.issues);
  if (issues.length) fail(`the suite does not parse:\n${issues.map((i) => `  ${i.file}${i.line ? `:${i.line}` : ""}${i.scenario ? ` ${i.scenario}` : ""}: ${i.message}`).join("\n")}`);
  const bundle = await bundleFrom(arg("bundle"));
  const t0 = performance.now();
  const result = runSuite(bundle.content, merged.suite, bundle.version);
  const ms = performance.now() - t0;
  console.log(formatReport(result));
  console.log(`\nbundle: ${bundle.label}; ${result.total} scenarios in ${ms.toFixed(0)} ms`);
  const junit = arg("junit") ?? ".test-reports/scenarios.junit.xml";
  fs.mkdirSync(path.dirname(junit), { recursive: true });
  fs.writeFileSync(junit, junitXml(result));
  const json = arg("json");
  if (json) fs.writeFileSync(json, JSON.stringify(result, null, 2));
  console.log(`JUnit XML: ${junit}`);
  const ok = result.failed === 0 && result.errors.length === 0;
  console.log(ok ? "PASS" : `FAIL: ${result.failed} scenario(s) failed, ${result.unsafe_allows.length} unsafe allow(s)`);
  process.exit(ok ? 0 : 1);
}

void main();
