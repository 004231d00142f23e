"use client";
import { useRef, useState } from "react";
import { formatBytes } from "@/components/ui/format";

type Failure = { code: string; message: string; path?: string; line?: number; trace_id?: string; seq?: number };
type Result = { ok: boolean; failures: Failure[]; summary: unknown };
type State =
  | { kind: "idle" }
  | { kind: "working"; name: string }
  | { kind: "result"; name: string; size: number; result: Result }
  | { kind: "error"; name: string | null; message: string };

const MAX_BYTES = 200 * 1024 * 1024;

/**
 * "Verify evidence": pick or drop an evidence ZIP; the server checks it with its own evidence-checkpoint public keys
 * (POST /api/v1/evidence/verify) and this shows OK with the package summary, or every failure with its code and
 * where it is. Auditors without an account verify offline with the CLI (README.txt in the package).
 */
export function VerifyClient() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function verify(file: File) {
    if (file.size > MAX_BYTES) {
      setState({ kind: "error", name: file.name, message: `the file is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_BYTES)}` });
      return;
    }
    setState({ kind: "working", name: file.name });
    const form = new FormData();
    form.append("file", file);
    try {
      const res = await fetch("/api/v1/evidence/verify", { method: "POST", body: form });
      const json = await res.json().catch(() => null);
      if (!res.ok) {
        const message = res.status === 401 ? "your session has ended; sign in again" : json?.error?.message ?? `verification failed (HTTP ${res.status})`;
        setState({ kind: "error", name: file.name, message });
        return;
      }
      setState({ kind: "result", name: file.name, size: file.size, result: json as Result });
    } catch {
      setState({ kind: "error", name: file.name, message: "could not reach the server; check your connection and try again" });
    }
  }

  function pick(files: FileList | null) {
    const f = files?.[0];
    if (f) void verify(f);
    if (input.current) input.current.value = "";
  }

  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Verify an evidence package</h1>
        <p className="mt-1 text-sm text-slate-600">
          Upload an <code className="font-mono text-xs">evidence-…zip</code> exported from Replay Audit. It is checked against this server&apos;s
          evidence signing keys — a key inside the package is never trusted — and nothing is stored. Auditors can run the same checks offline:{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs">npm run verify -- evidence.zip --key jwks.json</code> with the keys from{" "}
          <a className="text-indigo-700 underline" href="/api/v1/.well-known/evidence-jwks.json">/api/v1/.well-known/evidence-jwks.json</a>.
        </p>
      </div>

      <label
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); pick(e.dataTransfer.files); }}
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-6 py-8 text-sm ${dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white hover:border-slate-400"}`}
        data-testid="verify-drop"
      >
        <svg viewBox="0 0 24 24" className="h-6 w-6 text-slate-500" aria-hidden>
          <path d="M12 16V4m0 0L8 8m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="font-medium text-slate-700">Choose a ZIP or drop it here</span>
        <span className="text-xs text-slate-500">up to 200 MB</span>
        <input ref={input} type="file" accept=".zip,application/zip" className="sr-only" onChange={(e) => pick(e.target.files)} data-testid="verify-file" disabled={state.kind === "working"} />
      </label>

      {state.kind === "working" && (
        <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700" role="status">
          <svg viewBox="0 0 16 16" className="h-4 w-4 animate-spin text-indigo-600" aria-hidden>
            <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
            <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          Verifying {state.name}…
        </div>
      )}

      {state.kind === "error" && (
        <div className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert">
          <span className="font-semibold">Could not verify{state.name ? ` ${state.name}` : ""}:</span> {state.message}
        </div>
      )}

      {state.kind === "result" && <ResultView name={state.name} size={state.size} result={state.result} />}
    </div>
  );
}

function ResultView({ name, size, result }: { name: string; size: number; result: Result }) {
  return (
    <div className="space-y-3" data-testid="verify-result" data-ok={result.ok}>
      {result.ok ? (
        <div className="flex items-start gap-3 rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900" role="status">
          <span className="mt-0.5 inline-flex h-5 w-5 items-center justify-center rounded-full bg-emerald-600 text-xs font-bold text-white" aria-hidden>✓</span>
          <div>
            <div className="font-semibold">Verified: {name} is intact and signed by a key of this server</div>
            <div className="text-sm">{formatBytes(size)}. Signature, manifest, every file, every event&apos;s hash chain and the Merkle root all check out.</div>
          </div>
        </div>
      ) : (
        <div className="flex items-start gap-3 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-red-900" role="alert">
          <span className="mt-0.5 inline-flex h-5 w-5 items-center justify-center rounded-sm bg-red-600 text-xs font-bold text-white" aria-hidden>✕</span>
          <div>
            <div className="font-semibold">Not verified: {result.failures.length} problem{result.failures.length === 1 ? "" : "s"} found in {name}</div>
            <div className="text-sm">Do not rely on this package. Each problem below names its check and where it is.</div>
          </div>
        </div>
      )}

      {result.failures.length > 0 && (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr><th className="px-3 py-2 font-semibold">Check</th><th className="px-3 py-2 font-semibold">Where</th><th className="px-3 py-2 font-semibold">What</th></tr>
            </thead>
            <tbody>
              {result.failures.map((f, i) => (
                <tr key={i} className="border-t border-slate-100 align-top" data-testid="verify-failure" data-code={f.code}>
                  <td className="px-3 py-2"><span className="rounded bg-red-100 px-1.5 py-0.5 font-mono text-xs font-semibold text-red-800 ring-1 ring-inset ring-red-300">{f.code}</span></td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-700">{where(f) || "–"}</td>
                  <td className="px-3 py-2 text-slate-800">{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {result.summary != null && <Summary summary={result.summary} trusted={result.ok} />}
    </div>
  );
}

function where(f: Failure): string {
  return [f.path, f.line != null ? `line ${f.line}` : null, f.trace_id, f.seq != null ? `seq ${f.seq}` : null].filter(Boolean).join(" · ");
}

/** The verifier's summary, shown field by field (scalars as values, lists of objects as small tables). */
function Summary({ summary, trusted }: { summary: unknown; trusted: boolean }) {
  if (!summary || typeof summary !== "object") return null;
  const entries = Object.entries(summary as Record<string, unknown>);
  return (
    <div className="rounded-md border border-slate-200 bg-white px-4 py-3">
      <h2 className="mb-2 text-sm font-semibold text-slate-900">
        {trusted ? "Package summary" : "What the package claims"}
        {!trusted && <span className="ml-2 font-normal text-slate-500">(not trustworthy while problems are listed)</span>}
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k.replace(/_/g, " ")}</dt>
            <dd className="min-w-0 overflow-x-auto break-words text-slate-800"><Value v={v} /></dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <span className="text-slate-500">–</span>;
  if (typeof v !== "object") return <span className={/^[0-9a-f]{32,}$/.test(String(v)) ? "font-mono text-xs" : ""}>{String(v)}</span>;
  if (Array.isArray(v)) {
    if (!v.length) return <span className="text-slate-500">none</span>;
    if (v.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x as object)))];
      return (
        <table className="text-xs">
          <thead><tr>{cols.map((c) => <th key={c} className="whitespace-nowrap pr-3 text-left font-semibold text-slate-500">{c.replace(/_/g, " ")}</th>)}</tr></thead>
          <tbody>{v.map((x, i) => <tr key={i}>{cols.map((c) => <td key={c} className="whitespace-nowrap pr-3 font-mono">{fmt((x as Record<string, unknown>)[c])}</td>)}</tr>)}</tbody>
        </table>
      );
    }
    return <span>{v.map(fmt).join(", ")}</span>;
  }
  return <span className="font-mono text-xs">{Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${fmt(x)}`).join(" · ")}</span>;
}

function fmt(x: unknown): string {
  if (x === null || x === undefined) return "–";
  return typeof x === "object" ? JSON.stringify(x) : String(x);
}
