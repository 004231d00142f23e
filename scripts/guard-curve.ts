/**
 * npm run guard:curve — how well the model ranks texts from public sources it has never seen: for each public
 * corpus source (our own sets excluded), a model trained without it scores that source's items; pooled, it prints
 * recall at 1–5% of benign flagged (rules ≥ 0.5 count as flagged), the trigger-word and non-English figures at the
 * same points, ROC AUC, and recall per source at 2%. Unlike guard:eval, no thresholds are chosen, so two training
 * recipes compare at the same false-positive rate. About 1.5 minutes. `GUARD_OPTS='{"epochs":3}'` overrides the
 * training options for an experiment. CyberSecEval's context-dependent direct prompts are left out (guard-lib.ts).
 */
import { contextDependent, leaveOneSourceOut, loadAll, TRAIN_OPTIONS as opts, type Scored } from "./guard-lib";

const all = loadAll();
const sources = [...new Set(all.map((i) => i.source))].filter((s) => !s.startsWith("own")).sort();
const pooled: Scored[] = leaveOneSourceOut(all, sources, (i) => !contextDependent(i)).flatMap((r) => r.scored);
// a rules flag ranks above every model score (a finite stand-in: Infinity − Infinity would break the sort)
const score = (s: Scored) => (s.rules >= 0.5 ? 1e9 : s.z);
const inj = pooled.filter((s) => s.item.label === "injection");
const ben = pooled.filter((s) => s.item.label === "benign");
const hard = ben.filter((s) => s.item.hard);
const nonEn = inj.filter((s) => s.item.language !== "en");
const benScores = ben.map(score).sort((a, b) => b - a);
const pct = (xs: Scored[], th: number) => ((100 * xs.filter((s) => score(s) > th).length) / Math.max(1, xs.length)).toFixed(1);
console.log(`guard:curve — ${sources.length} public sources, ${inj.length} injections, ${ben.length} benign (${hard.length} with trigger words); options ${JSON.stringify(opts)}`);
console.log("| benign flagged | recall % | trigger-word benign flagged % | non-English recall % |\n|---:|---:|---:|---:|");
for (const f of [0.01, 0.02, 0.03, 0.04, 0.05]) {
  const th = benScores[Math.floor(f * benScores.length)];
  console.log(`| ${f * 100}% | ${pct(inj, th)} | ${pct(hard, th)} | ${pct(nonEn, th)} |`);
}
// ROC AUC: the chance that an injection outranks a benign text (ties count half)
const benAll = ben.map(score);
let auc = 0;
for (const s of inj) {
  const v = score(s);
  let c = 0;
  for (const b of benAll) c += v > b ? 1 : v === b ? 0.5 : 0;
  auc += c / benAll.length;
}
console.log(`ROC AUC ${(auc / inj.length).toFixed(4)}`);
const th2 = benScores[Math.floor(0.02 * benScores.length)];
console.log(`recall at 2% by source: ${sources.map((src) => [src, inj.filter((s) => s.item.source === src)] as const).filter(([, xs]) => xs.length).map(([src, xs]) => `${src} ${pct(xs, th2)}`).join(", ")}`);
