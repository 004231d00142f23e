/// <reference lib="webworker" />
// Web worker: lays out an execution graph off the main thread (STYLE.md §9: lay graphs out off the main thread).
import ELK from "elkjs/lib/elk.bundled.js";
import { runLayout, type LayoutInput } from "./layout";

const elk = new ELK();
const ctx = self as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage: (msg: unknown) => void };

// assigned after the import on purpose: elk.bundled.js installs its own onmessage when it loads inside a worker
ctx.onmessage = async (ev: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = ev.data;
  try {
    ctx.postMessage({ id, result: await runLayout(elk, input) });
  } catch (e) {
    // GWT errors are plain objects at times: keep the name too ("RangeError: Maximum call stack size exceeded")
    ctx.postMessage({ id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
};
