// npm run bench:guard — the guard's latency per 4 KB text on this machine (issue target: p50 ≤ 2 ms), whole and by
// stage, over texts built from our own committed data (own-v3 … own-v5), so it needs no corpus. Prints figures;
// judges nothing. Env: BENCH_ROUNDS (5).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { extractFeatures } from "../engine/guard/features";
import { scanRules, scanText } from "../engine/guard/guard";
import { defaultModel, scoreWindows } from "../engine/guard/model";
import { prepareSegments } from "../engine/guard/prepare";
import { percentile } from "./bench-lib";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DATA = path.join(import.meta.dirname, "../engine/guard/data");

// texts of the three hand-written sets, joined in file order into 4 KB blocks (injections and benign mixed, as a
// scanned mailbox or page would be); fixed data, so the figure moves only when the code does
const items: string[] = [];
for (const dir of ["own-v3", "own-v4", "own-v5"])
  for (const f of readdirSync(path.join(DATA, dir)).filter((f) => f.endsWith(".jsonl")).sort())
    for (const line of readFileSync(path.join(DATA, dir, f), "utf8").split("\n")) if (line.trim()) items.push(JSON.parse(line).text);
const texts: string[] = [];
let buf = "";
for (const t of items) {
  buf += (buf ? "\n\n" : "") + t;
  if (buf.length >= 4096) {
    texts.push(buf.slice(0, 4096));
    buf = "";
  }
}

function time(label: string, f: (t: string) => unknown) {
  for (const t of texts.slice(0, 100)) f(t);
  const ms: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const t of texts) {
      const a = performance.now();
      f(t);
      ms.push(performance.now() - a);
    }
  ms.sort((a, b) => a - b);
  console.log(`| ${label.padEnd(34)} | ${percentile(ms, 0.5).toFixed(3)} | ${percentile(ms, 0.99).toFixed(3)} |`);
}

const model = defaultModel();
console.log(`bench:guard — ${texts.length} texts of 4 KB × ${ROUNDS} rounds, model ${model.file.version}`);
console.log(`| stage | p50 ms | p99 ms |\n|---|---:|---:|`);
time("scanText (rules + model)", (t) => scanText(t));
time("rules alone (scanRules)", (t) => scanRules(t));
time("model windows alone (scoreWindows)", (t) => scoreWindows(model, t));
time("  preparation (prepareSegments)", (t) => prepareSegments(t));
time("  features of the text segment", (t) => extractFeatures(prepareSegments(t)[0].text));
