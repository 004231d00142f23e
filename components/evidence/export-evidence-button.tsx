"use client";

/**
 * Downloads the evidence ZIP of the given traces, or of every trace matching a list filter (issue 4).
 * Placeholder until export lands.
 */
export function ExportEvidenceButton({ traceIds, filter }: { traceIds?: string[]; filter?: Record<string, string> }) {
  return <button disabled className="rounded-md border border-slate-300 px-2.5 py-1 text-xs text-slate-400">Export evidence{traceIds ? ` (${traceIds.length})` : filter ? " (filter)" : ""}</button>;
}
