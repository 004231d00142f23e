"use client";
import { useEffect, useState } from "react";
import type { LayoutInput, LayoutResult } from "./layout";

type State = {
  status: "idle" | "running" | "done" | "error";
  result: LayoutResult | null;
  error: string | null;
  where: "worker" | "main thread" | null;
  /** Why the worker was not used (its error message), when the main thread ran the layout. */
  workerError: string | null;
};

let worker: Worker | null = null;
let workerBroken = false;
let seq = 0;
const pending = new Map<number, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
  if (workerBroken || typeof Worker === "undefined") return null;
  if (worker) return worker;
  try {
    worker = new Worker(new URL("./elk.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (ev: MessageEvent<{ id: number; result?: LayoutResult; error?: string }>) => {
      const p = pending.get(ev.data.id);
      if (!p) return;
      pending.delete(ev.data.id);
      if (ev.data.result) p.resolve(ev.data.result);
      else p.reject(new Error(ev.data.error ?? "layout failed"));
    };
    worker.onmessageerror = () => {
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error("layout worker: a message could not be deserialised"));
      }
    };
    worker.onerror = (ev) => {
      // the worker could not start or crashed: fail what is waiting, and lay out on the main thread from now on
      workerBroken = true;
      worker?.terminate();
      worker = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`layout worker failed: ${ev.message || "could not start"}`));
      }
    };
    return worker;
  } catch {
    workerBroken = true;
    return null;
  }
}

async function layoutOnMainThread(input: LayoutInput): Promise<LayoutResult> {
  const [{ default: ELK }, { runLayout }] = await Promise.all([import("elkjs/lib/elk.bundled.js"), import("./layout")]);
  return runLayout(new ELK(), input);
}

function layoutInWorker(w: Worker, input: LayoutInput): Promise<LayoutResult> {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, input });
  });
}

/**
 * Lays out `input` with ELK in a web worker; when a worker cannot start (old browser, blocked by policy, a
 * bundling problem) it falls back to the main thread, which is slower but gives the same picture.
 */
export function useElkLayout(input: LayoutInput | null): State {
  const [state, setState] = useState<State>({ status: "idle", result: null, error: null, where: null, workerError: null });
  useEffect(() => {
    if (!input) return;
    let live = true;
    setState((s) => ({ ...s, status: "running", error: null }));
    (async () => {
      const w = getWorker();
      let workerError: string | null = w ? null : "web workers unavailable";
      if (w) {
        try {
          const result = await layoutInWorker(w, input);
          if (live) setState({ status: "done", result, error: null, where: "worker", workerError: null });
          return;
        } catch (e) {
          // keep the reason (shown in the toolbar and the console), then fall through to the main thread
          workerError = e instanceof Error ? e.message : String(e);
          console.warn(`Graph layout: the web worker failed (${workerError}); laying out on the main thread`);
        }
      }
      try {
        const result = await layoutOnMainThread(input);
        if (live) setState({ status: "done", result, error: null, where: "main thread", workerError });
      } catch (e) {
        if (live) setState({ status: "error", result: null, error: e instanceof Error ? e.message : String(e), where: null, workerError });
      }
    })();
    return () => {
      live = false;
    };
  }, [input]);
  return state;
}
