// npm run bench:replay — in process: the replay diff of the demo's ~10,000-event crawl (the engine-decided demo events
// from tests/demo-events.ts: seeded once into the test database, then cached under .data/demo-events) and the Merkle
// root and proofs of a 100,000-leaf tree. These figures used to be asserted in unit tests (diff < 3 s, Merkle < 5 s),
// where a slow machine failed them for no fault of the code; here they are printed, never judged.
// Env: RUNS (5).
import { performance } from "node:perf_hooks";
import type { RecordedEvent } from "../engine/events/recorded";
import { consistencyProofFromLeafHashes, inclusionProofFromLeafHashes, leafHash, rootHashFromLeafHashes } from "../engine/evidence/merkle";
import { replayDiff } from "../engine/replay/diff";
import { DEMO_LONG_TRACE } from "../lib/demo/demo-data";
import { seededDemoEvents } from "../tests/demo-events";

const RUNS = Number(process.env.RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(name: string, fn: () => void) {
  fn(); // warm-up
  const ms = Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  });
  console.log(`${name}: median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}, ${RUNS} runs)`);
}

const events: RecordedEvent[] = (await seededDemoEvents())
  .filter((e) => e.trace_id === DEMO_LONG_TRACE)
  .map((e, i) => ({ trace_id: e.trace_id, seq: i + 1, hash: `h${i + 1}`, event: e }));
time(`replayDiff of ${DEMO_LONG_TRACE} (${events.length} events)`, () => replayDiff(events));

const hashes = Array.from({ length: 100_000 }, (_, i) => leafHash(new TextEncoder().encode(`e${i}`)));
time("Merkle root of 100,000 leaf hashes", () => rootHashFromLeafHashes(hashes));
time("Merkle inclusion + consistency proof, 100,000 leaves", () => {
  inclusionProofFromLeafHashes(hashes, 77_777);
  consistencyProofFromLeafHashes(hashes, 65_537);
});
