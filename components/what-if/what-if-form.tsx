"use client";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button, Card, ErrorBanner, Field, inputClass } from "@/components/ui/primitives";
import { fetchBundle, validateFiles, type BundleFile, type ValidateResult } from "@/components/policies/api";
import { IssueList, readFiles, ReportList } from "@/components/policies/upload-panel";
import { RequestError } from "@/components/ui/request-json";
import { startRun, type PolicyChoice, type Scope, type WhatIfRunDetail } from "./api";

export type VersionOption = { id: string; environment: string; version: number; active: boolean; created_at: string; note: string };

const QUICK = [
  { label: "Last hour", ms: 3_600_000 },
  { label: "Last day", ms: 86_400_000 },
  { label: "Last 7 days", ms: 7 * 86_400_000 },
] as const;

/** `YYYY-MM-DDTHH:MM` in UTC, for a datetime-local input read as UTC. */
const toInput = (d: Date) => d.toISOString().slice(0, 16);
const fromInput = (s: string) => (s ? new Date(`${s}:00Z`) : null);

function Segmented<T extends string>({ value, options, onChange, name }: { value: T; options: Array<{ value: T; label: string }>; onChange: (v: T) => void; name: string }) {
  return (
    <div role="radiogroup" aria-label={name} className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs font-medium">
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={value === o.value} onClick={() => onChange(o.value)}
          className={`whitespace-nowrap rounded px-2.5 py-1 ${value === o.value ? "bg-white text-slate-900 shadow-sm ring-1 ring-slate-200" : "text-slate-600 hover:text-slate-900"}`}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Policy (a stored version, or a draft of uploaded/pasted files) × scope (one trace, or a time range and agent) → Run. */
export function WhatIfForm({ versions, agents, initialTrace, onStarted }: {
  versions: VersionOption[]; agents: Array<{ id: string; name: string }>; initialTrace: string | null; onStarted: (r: WhatIfRunDetail) => void;
}) {
  const active = versions.find((v) => v.active && v.environment === "production") ?? versions.find((v) => v.active) ?? versions[0];
  const [policyMode, setPolicyMode] = useState<"stored" | "draft">("stored");
  const [bundleId, setBundleId] = useState(active?.id ?? "");
  const [files, setFiles] = useState<BundleFile[]>([]);
  const [pasteName, setPasteName] = useState("draft.cedar");
  const [pasteText, setPasteText] = useState("");
  const [validated, setValidated] = useState<ValidateResult | null>(null);
  const [scopeMode, setScopeMode] = useState<"trace" | "range">(initialTrace ? "trace" : "range");
  const [traceId, setTraceId] = useState(initialTrace ?? "");
  const [from, setFrom] = useState(() => toInput(new Date(Date.now() - 86_400_000)));
  const [to, setTo] = useState(() => toInput(new Date(Date.now() + 60_000)));
  const [agent, setAgent] = useState("");
  const input = useRef<HTMLInputElement>(null);

  const setDraft = (next: BundleFile[]) => { setFiles(next); setValidated(null); };
  const merge = (picked: BundleFile[]) => {
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const f of picked) byName.set(f.name, f);
    setDraft([...byName.values()]);
  };
  const startFrom = useMutation({
    mutationFn: () => fetchBundle(bundleId),
    onSuccess: (b) => setDraft(Object.entries(b.sources ?? {}).map(([name, text]) => ({ name, text }))),
  });
  const validate = useMutation({ mutationFn: () => validateFiles(files), onSuccess: setValidated });
  const run = useMutation({
    mutationFn: () => {
      const policy: PolicyChoice = policyMode === "stored" ? { bundle_id: bundleId } : { draft: { files } };
      const f = fromInput(from), t = fromInput(to);
      const scope: Scope = scopeMode === "trace"
        ? { trace_id: traceId.trim() }
        : { filter: { from: f ? f.toISOString() : "", to: t ? t.toISOString() : "", ...(agent ? { agent } : {}) } };
      return startRun(policy, scope);
    },
    onSuccess: onStarted,
  });
  const runError = run.error as RequestError | Error | null;
  const issues = runError instanceof RequestError ? runError.details.filter((d) => d.file) : [];

  return (
    <Card title="New what-if run">
      <div className="space-y-5 px-4 py-4">
        <section className="space-y-2.5">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">1. Policy</h3>
            <Segmented name="Policy source" value={policyMode} onChange={setPolicyMode} options={[{ value: "stored", label: "Stored version" }, { value: "draft", label: "Draft" }]} />
          </div>
          <Field label={policyMode === "stored" ? "Bundle version" : "Start the draft from"} hint={policyMode === "stored" ? "Any stored version, active or not." : undefined}>
            <select value={bundleId} onChange={(e) => setBundleId(e.target.value)} className={inputClass} data-testid="bundle-select">
              {versions.length === 0 && <option value="">No stored versions</option>}
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.environment} v{v.version}{v.active ? " — active" : ""} — {v.created_at.slice(0, 16).replace("T", " ")} UTC
                </option>
              ))}
            </select>
          </Field>
          {policyMode === "draft" && (
            <div className="space-y-2.5">
              <div className="flex flex-wrap items-center gap-2">
                <Button size="sm" onClick={() => startFrom.mutate()} disabled={!bundleId || startFrom.isPending}>{startFrom.isPending ? "Loading…" : "Copy its files into the draft"}</Button>
                <input ref={input} type="file" multiple accept=".yaml,.yml,.json,.cedar,.cedarschema" className="sr-only" id="what-if-files"
                  onChange={async (e) => { merge(await readFiles(e.target.files)); if (input.current) input.current.value = ""; }} />
                <label htmlFor="what-if-files" className="cursor-pointer rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Upload files…</label>
              </div>
              <ErrorBanner message={startFrom.error ? (startFrom.error as Error).message : null} />
              {files.length > 0 ? (
                <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-xs" data-testid="draft-files">
                  {files.map((f) => (
                    <li key={f.name} className="flex items-center gap-2 px-2.5 py-1">
                      <span className={`min-w-0 flex-1 truncate font-mono ${validated?.errors.some((e) => e.file === f.name) || issues.some((e) => e.file === f.name) ? "text-rose-700" : "text-slate-800"}`}>{f.name}</span>
                      <span className="tabular-nums text-slate-500">{f.text.split("\n").length} lines</span>
                      <button type="button" className="text-slate-500 hover:text-rose-700" onClick={() => setDraft(files.filter((x) => x !== f))} aria-label={`Remove ${f.name}`}>Remove</button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="rounded-md border border-dashed border-slate-300 px-3 py-3 text-center text-xs text-slate-500">No draft files yet: copy a stored version&apos;s files, upload bundle.yaml with its .cedarschema and .cedar files, or paste one below.</p>
              )}
              <details className="rounded-md border border-slate-200 open:bg-slate-50/60">
                <summary className="cursor-pointer px-2.5 py-1.5 text-xs font-medium text-slate-700">Paste a file (adds or replaces by name)</summary>
                <div className="space-y-2 px-2.5 pb-2.5">
                  <input value={pasteName} onChange={(e) => setPasteName(e.target.value)} className={`${inputClass} font-mono text-xs`} aria-label="File name" data-testid="paste-name" />
                  <textarea value={pasteText} onChange={(e) => setPasteText(e.target.value)} rows={6} spellCheck={false} className={`${inputClass} font-mono text-xs`} aria-label="File text"
                    placeholder={'@id("forbid-outbound-email")\nforbid (principal, action, resource)\nwhen { resource.capability == "notify.external" };'} data-testid="paste-text" />
                  <p className="text-[11px] text-slate-500">A new .cedar file must also be listed under cedar_policies in bundle.yaml when the bundle names its files; adding to an existing file (same name) needs no change.</p>
                  <Button size="sm" disabled={!pasteName.trim() || !pasteText.trim()} onClick={() => { merge([{ name: pasteName.trim(), text: pasteText }]); setPasteText(""); }} data-testid="paste-add">Add to draft</Button>
                </div>
              </details>
              <div className="flex items-center gap-2">
                <Button size="sm" onClick={() => validate.mutate()} disabled={files.length === 0 || validate.isPending}>{validate.isPending ? "Validating…" : "Validate draft"}</Button>
                {validated && (validated.ok ? <span className="text-xs font-semibold text-emerald-700">Valid</span> : <span className="text-xs font-semibold text-rose-700">{validated.errors.length} problem{validated.errors.length === 1 ? "" : "s"}</span>)}
              </div>
              <ErrorBanner message={validate.error ? (validate.error as Error).message : null} />
              {validated && !validated.ok && <IssueList errors={validated.errors} />}
              {validated?.ok && <ReportList report={validated.report.slice(0, 2)} />}
            </div>
          )}
        </section>

        <section className="space-y-2.5 border-t border-slate-200 pt-4">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">2. Recorded decisions</h3>
            <Segmented name="Scope" value={scopeMode} onChange={setScopeMode} options={[{ value: "range", label: "Time range" }, { value: "trace", label: "One trace" }]} />
          </div>
          {scopeMode === "trace" ? (
            <Field label="Trace id">
              <input value={traceId} onChange={(e) => setTraceId(e.target.value)} className={`${inputClass} font-mono`} placeholder="tr_crm_renewal_quote_worked_example" data-testid="trace-input" />
            </Field>
          ) : (
            <div className="space-y-2.5">
              <div className="flex flex-wrap gap-1.5">
                {QUICK.map((q) => (
                  <Button key={q.label} size="sm" variant="secondary" onClick={() => { setFrom(toInput(new Date(Date.now() - q.ms))); setTo(toInput(new Date(Date.now() + 60_000))); }}>{q.label}</Button>
                ))}
              </div>
              <div className="grid grid-cols-2 gap-2">
                <Field label="From (UTC)"><input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass} data-testid="from" /></Field>
                <Field label="To (UTC)"><input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className={inputClass} data-testid="to" /></Field>
              </div>
              <Field label="Agent">
                <select value={agent} onChange={(e) => setAgent(e.target.value)} className={inputClass} data-testid="agent-select">
                  <option value="">All agents</option>
                  {agents.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.id})</option>)}
                </select>
              </Field>
            </div>
          )}
        </section>

        <div className="space-y-2 border-t border-slate-200 pt-4">
          <Button variant="primary" onClick={() => run.mutate()} data-testid="run-what-if"
            disabled={run.isPending || (policyMode === "stored" ? !bundleId : files.length === 0) || (scopeMode === "trace" && !traceId.trim())}>
            {run.isPending ? "Starting…" : "Run what-if"}
          </Button>
          <p className="text-xs text-slate-500">Dry run: the recorded plans are re-decided in memory; nothing is written into the traces. Starting a run is recorded as your action.</p>
          <ErrorBanner message={runError ? runError.message : null} />
          {issues.length > 0 && <IssueList errors={issues.map((i) => ({ file: i.file!, line: i.line, column: i.column, message: i.message }))} />}
        </div>
      </div>
    </Card>
  );
}
