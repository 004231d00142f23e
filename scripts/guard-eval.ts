/**
 * npm run guard:eval — the guard's figures, printed, never asserted:
 *  1. the committed model on the held-out test split (never trained on, never used for thresholds), and on dev;
 *  2. the source-aware dev split the thresholds are chosen on, and leave-one-source-out: for each source, a model
 *     trained without it (thresholds from the other sources' cross-source dev predictions),
 *     tested on all of that source's items — the figure that predicts attacks and benign texts never seen;
 *  each overall and per source, vector and language, at the signal and block thresholds, plus the
 *  benign-with-trigger-words false-positive rate; and 3. latency per 4 KB text (rules + model) on this machine.
 * `-- --no-loso` skips part 2.
 */
import { GUARD_MODEL } from "../engine/guard/model-weights";
import { defaultModel, scoreWindows } from "../engine/guard/model";
import { scanRules, scanText } from "../engine/guard/guard";
import { chooseThresholds, crossSourceDev, leaveOneSourceOut, loadAll, scoreItems, type Item, type Scored } from "./guard-lib";

type Row = { inj: number; sig: number; blk: number; ben: number; fpS: number; fpB: number };
const pct = (a: number, b: number) => (b === 0 ? "    –" : `${((100 * a) / b).toFixed(1).padStart(5)}`);

function flags(s: Scored, zS: number, zB: number) {
  return { signal: s.rules >= 0.5 || s.z >= zS, block: s.rules >= 0.9 || s.z >= zB };
}

function table(title: string, scored: Array<Scored & { zS: number; zB: number }>, key: (i: Item) => string) {
  const rows = new Map<string, Row>();
  for (const s of scored) {
    const k = key(s.item);
    const r = rows.get(k) ?? { inj: 0, sig: 0, blk: 0, ben: 0, fpS: 0, fpB: 0 };
    const f = flags(s, s.zS, s.zB);
    if (s.item.label === "injection") {
      r.inj++;
      if (f.signal) r.sig++;
      if (f.block) r.blk++;
    } else {
      r.ben++;
      if (f.signal) r.fpS++;
      if (f.block) r.fpB++;
    }
    rows.set(k, r);
  }
  console.log(`\n${title}\n| ${"group".padEnd(24)} | inj | recall@signal % | recall@block % | benign | FPR@signal % | FPR@block % |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|`);
  const sorted = [...rows.entries()].sort((a, b) => b[1].inj + b[1].ben - (a[1].inj + a[1].ben));
  for (const [k, r] of sorted) {
    console.log(`| ${k.padEnd(24)} | ${String(r.inj).padStart(4)} | ${pct(r.sig, r.inj)} | ${pct(r.blk, r.inj)} | ${String(r.ben).padStart(5)} | ${pct(r.fpS, r.ben)} | ${pct(r.fpB, r.ben)} |`);
  }
}

function summary(label: string, scored: Array<Scored & { zS: number; zB: number }>) {
  const inj = scored.filter((s) => s.item.label === "injection");
  const ben = scored.filter((s) => s.item.label === "benign");
  const hard = ben.filter((s) => s.item.hard);
  const nonEn = inj.filter((s) => s.item.language !== "en");
  const count = (xs: typeof scored, f: (s: (typeof scored)[number]) => boolean) => xs.filter(f).length;
  const sig = (s: (typeof scored)[number]) => flags(s, s.zS, s.zB).signal;
  const blk = (s: (typeof scored)[number]) => flags(s, s.zS, s.zB).block;
  const rulesSig = (s: Scored) => s.rules >= 0.5;
  const modelSig = (s: (typeof scored)[number]) => s.z >= s.zS;
  console.log(`\n## ${label}: ${inj.length} injections, ${ben.length} benign (${hard.length} with trigger words)`);
  console.log(`| measure | signal (0.5) | block (0.9) |\n|---|---:|---:|`);
  console.log(`| recall on injections % | ${pct(count(inj, sig), inj.length)} | ${pct(count(inj, blk), inj.length)} |`);
  console.log(`| false positives on benign % | ${pct(count(ben, sig), ben.length)} | ${pct(count(ben, blk), ben.length)} |`);
  console.log(`| benign with trigger words flagged % | ${pct(count(hard, sig), hard.length)} | ${pct(count(hard, blk), hard.length)} |`);
  console.log(`| non-English injections flagged % (${nonEn.length}) | ${pct(count(nonEn, sig), nonEn.length)} | ${pct(count(nonEn, blk), nonEn.length)} |`);
  console.log(`| rules alone: recall / FPR % | ${pct(count(inj, rulesSig), inj.length)} / ${pct(count(ben, rulesSig), ben.length)} | ${pct(count(inj, (s) => s.rules >= 0.9), inj.length)} / ${pct(count(ben, (s) => s.rules >= 0.9), ben.length)} |`);
  console.log(`| model alone: recall / FPR % | ${pct(count(inj, modelSig), inj.length)} / ${pct(count(ben, modelSig), ben.length)} | ${pct(count(inj, (s) => s.z >= s.zB), inj.length)} / ${pct(count(ben, (s) => s.z >= s.zB), ben.length)} |`);
  table(`### ${label} by source`, scored, (i) => i.source);
  table(`### ${label} by vector`, scored, (i) => i.vector);
  table(`### ${label} by language`, scored, (i) => i.language);
  // our own sets name a family in `notes` ("own-v6 injection: plain action request in tool output; …"): recall per
  // family says which kinds of attack generalise and which do not; families with fewer than 10 texts are pooled, so
  // the table stays readable
  const own = scored.filter((s) => s.item.source.startsWith("own"));
  const size = new Map<string, number>();
  for (const s of own) {
    const f = family(s.item);
    size.set(f, (size.get(f) ?? 0) + 1);
  }
  if (own.length) table(`### ${label}, our own sets by family`, own, (i) => (size.get(family(i))! >= 10 ? family(i) : "injection, smaller families"));
}

/** "own-v6 injection: plain action request in tool output; written …" → that family; benign items: hard or not */
function family(item: Item): string {
  if (item.label === "benign") return item.hard ? "benign, trigger words" : "benign, other";
  const m = /^own\S* injection: (.*?)(?:;|$)/.exec(item.notes);
  return (m ? m[1] : "other").slice(0, 48);
}

const all = loadAll();
const at = (xs: Scored[], zS: number, zB: number) => xs.map((s) => ({ ...s, zS, zB }));
console.log(`guard:eval — model ${GUARD_MODEL.version}, zSignal ${GUARD_MODEL.zSignal}, zBlock ${GUARD_MODEL.zBlock}; ${all.length} items`);
const dev = scoreItems(GUARD_MODEL, all.filter((i) => i.split === "dev"));
const test = scoreItems(GUARD_MODEL, all.filter((i) => i.split === "test"));
summary("dev split, scored by the committed model (in-distribution)", at(dev, GUARD_MODEL.zSignal, GUARD_MODEL.zBlock));
summary("held-out test split (in-distribution)", at(test, GUARD_MODEL.zSignal, GUARD_MODEL.zBlock));

if (!process.argv.includes("--no-loso")) {
  const cross = crossSourceDev(all);
  summary("source-aware dev split (thresholds chosen here: each dev item scored by a model trained without its source)", at(cross, GUARD_MODEL.zSignal, GUARD_MODEL.zBlock));
  const sources = [...new Set(all.map((i) => i.source))].sort();
  // thresholds from the other sources' cross-source dev predictions; the model never sees this source
  const pooled = leaveOneSourceOut(all, sources).flatMap(({ source, scored }) => {
    const t = chooseThresholds(cross.filter((s) => s.item.source !== source));
    return at(scored, t.zSignal, t.zBlock);
  });
  summary("leave-one-source-out (each source scored by a model trained without it)", pooled);
  // CyberSecEval's direct prompts are labelled against a system prompt the text does not carry ("what's the
  // significance of the Turing test?" is an injection there because the system prompt forbids the topic): no
  // text-only detector can learn them. The same figure without them, so the rest is visible.
  summary("leave-one-source-out without CyberSecEval's direct prompts (context-dependent labels)", pooled.filter((s) => !(s.item.source === "cyberseceval" && s.item.vector === "direct_prompt")));
}

// latency: 4 KB texts built from test items, the whole scanText (rules + model windows)
const texts: string[] = [];
let buf = "";
for (const i of all.filter((x) => x.split === "test")) {
  buf += (buf ? "\n\n" : "") + i.text;
  if (buf.length >= 4096) {
    texts.push(buf.slice(0, 4096));
    buf = "";
  }
}
const time = (f: (t: string) => unknown) => {
  for (const t of texts.slice(0, 50)) f(t);
  const ms: number[] = [];
  for (let r = 0; r < 3; r++)
    for (const t of texts) {
      const a = performance.now();
      f(t);
      ms.push(performance.now() - a);
    }
  ms.sort((a, b) => a - b);
  return `p50 ${ms[Math.floor(ms.length * 0.5)].toFixed(3)} ms, p99 ${ms[Math.floor(ms.length * 0.99)].toFixed(3)} ms`;
};
const model = defaultModel();
console.log(`\n## latency per 4 KB text (${texts.length} texts × 3, this machine)`);
console.log(`- scanText (rules + model): ${time((t) => scanText(t))}`);
console.log(`- rules alone: ${time((t) => scanRules(t))}`);
console.log(`- model windows alone: ${time((t) => scoreWindows(model, t))}`);
