"use client";
import { useRef, useState } from "react";
import { useCan } from "@/components/providers";
import { downloadBlob } from "@/components/ui/download-blob";
import { formatBytes } from "@/components/ui/format";
import { Spinner } from "@/components/ui/spinner";

type State = { kind: "idle" } | { kind: "working"; bytes: number } | { kind: "done"; name: string; bytes: number } | { kind: "error"; message: string };

const DownloadIcon = () => (
  <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" aria-hidden>
    <path d="M8 2.5v7.5m0 0L5 7m3 3 3-3M3 12.5h10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

const BTN = "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-wait disabled:opacity-70";

/**
 * Downloads the signed evidence ZIP of the given traces, or of every trace matching a list filter (issue 4).
 * One trace: a plain link to GET /api/v1/traces/{id}/evidence.zip (the browser streams it to disk, however large).
 * A selection or a filter: POST /api/v1/evidence, read with a byte counter, then saved from a blob; API errors are
 * shown with the server's message.
 */
export function ExportEvidenceButton({ traceIds, filter }: { traceIds?: string[]; filter?: Record<string, string> }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abortRef = useRef<AbortController | null>(null);
  if (!useCan("evidence:export")) return null; // viewers: the route would refuse them anyway

  if (traceIds && traceIds.length === 1 && !filter) {
    return (
      <a href={`/api/v1/traces/${encodeURIComponent(traceIds[0])}/evidence.zip`} download className={BTN} data-testid="export-evidence"
        title="Download a signed evidence ZIP of this trace (events, checkpoint, policies, approvals, report); the export is recorded">
        <DownloadIcon /> Export evidence
      </a>
    );
  }

  const label = traceIds ? `Export evidence (${traceIds.length})` : "Export evidence (filter)";
  const disabled = traceIds !== undefined && traceIds.length === 0;

  async function run() {
    const ctl = new AbortController();
    abortRef.current = ctl;
    setState({ kind: "working", bytes: 0 });
    try {
      const res = await fetch("/api/v1/evidence", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(traceIds ? { trace_ids: traceIds } : { filter: withoutPaging(filter ?? {}) }),
        signal: ctl.signal,
      });
      if (!res.ok) {
        const json = await res.json().catch(() => null);
        const message = res.status === 401 ? "your session has ended; sign in again" : json?.error?.message ?? `export failed (HTTP ${res.status})`;
        setState({ kind: "error", message });
        return;
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "evidence.zip";
      const reader = res.body!.getReader();
      const parts: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.byteLength;
        setState({ kind: "working", bytes });
      }
      downloadBlob(name, new Blob(parts as BlobPart[], { type: "application/zip" }));
      const truncated = res.headers.get("x-evidence-truncated") === "true";
      setState({ kind: "done", name: truncated ? `${name} (first 1,000 matching traces)` : name, bytes });
    } catch (e) {
      if ((e as Error).name === "AbortError") setState({ kind: "idle" });
      else setState({ kind: "error", message: "the download was interrupted; check your connection and try again" });
    } finally {
      abortRef.current = null;
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      {state.kind === "working" ? (
        <>
          <button type="button" disabled className={BTN} aria-live="polite" data-testid="export-evidence">
            <Spinner className="h-3.5 w-3.5" /> Exporting… {state.bytes ? formatBytes(state.bytes) : ""}
          </button>
          <button type="button" onClick={() => abortRef.current?.abort()} className="text-xs text-slate-500 underline hover:text-slate-700">Cancel</button>
        </>
      ) : (
        <button type="button" onClick={run} disabled={disabled} className={BTN} data-testid="export-evidence"
          title="Download a signed evidence ZIP (events, checkpoint, policies, approvals, report); the export is recorded">
          <DownloadIcon /> {label}
        </button>
      )}
      {state.kind === "done" && (
        <span className="text-xs text-emerald-700" role="status">
          <span aria-hidden>✓ </span>Saved {state.name} ({formatBytes(state.bytes)})
        </span>
      )}
      {state.kind === "error" && (
        <span className="max-w-md text-xs text-red-700" role="alert">
          <span className="font-semibold">Export failed:</span> {state.message}
        </span>
      )}
    </span>
  );
}

/** The list's URL may carry a page cursor and size; an export covers every match, so they are dropped. */
function withoutPaging(filter: Record<string, string>): Record<string, string> {
  const { cursor: _c, limit: _l, ...rest } = filter;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== "" && v != null));
}
