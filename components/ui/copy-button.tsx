"use client";
import { useState } from "react";

/** Copies text to the clipboard; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
export function CopyButton({ text, label = "Copy", className = "", tone = "light" }: { text: string; label?: string; className?: string; tone?: "light" | "dark" }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      const ta = document.createElement("textarea");
      ta.value = text;
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      ok = document.execCommand("copy");
      ta.remove();
    }
    setState(ok ? "copied" : "failed");
    setTimeout(() => setState("idle"), 2000);
  }
  const cls = tone === "dark"
    ? "bg-slate-700 text-slate-100 hover:bg-slate-600 ring-slate-600"
    : "bg-white text-slate-700 hover:bg-slate-50 ring-slate-300";
  return (
    <button type="button" onClick={copy} aria-live="polite"
      className={`inline-flex shrink-0 items-center rounded-md px-2.5 py-1 text-xs font-medium shadow-sm ring-1 ring-inset ${cls} ${className}`}>
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </button>
  );
}
