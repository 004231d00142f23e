"use client";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ErrorBanner, Field, inputClass } from "@/components/ui/primitives";
import { importReference, shortSha, uploadFiles, type ImportResult, type UploadResult } from "./api";
import { CodeView, languageOf } from "./code-view";
import { IssueList } from "./upload-panel";

function YamlInput({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <div>
      <div className="flex items-center justify-between">
        <span className="text-xs font-semibold text-slate-700">{label}</span>
        <label className="cursor-pointer text-xs font-medium text-indigo-700 hover:underline">
          Load file…
          <input type="file" accept=".yaml,.yml" className="sr-only" onChange={async (e) => { const f = e.target.files?.[0]; if (f) onChange(await f.text()); e.target.value = ""; }} />
        </label>
      </div>
      <textarea value={value} onChange={(e) => onChange(e.target.value)} rows={12} spellCheck={false} data-testid={testId}
        className={`${inputClass} mt-1 font-mono text-xs leading-5`} placeholder={`paste ${label} here`} />
    </div>
  );
}

/**
 * The reference interceptor's bundle (policies.yaml + capabilities.yaml) converted into ours. The report says where
 * the two semantics differ (their first-match rules, allow overriding block) so nobody assumes a silent equivalence.
 */
export function ImportPanel() {
  const qc = useQueryClient();
  const [policies, setPolicies] = useState("");
  const [capabilities, setCapabilities] = useState("");
  const [result, setResult] = useState<ImportResult | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [jump, setJump] = useState<{ line: number } | null>(null);
  const [note, setNote] = useState("Imported from the reference implementation's policies.yaml + capabilities.yaml");
  const [activateNow, setActivateNow] = useState(false);
  const [uploaded, setUploaded] = useState<UploadResult | null>(null);

  const convert = useMutation({
    mutationFn: () => importReference(policies, capabilities),
    onSuccess: (r) => { setResult(r); setOpen(r.files[0]?.name ?? null); setUploaded(null); upload.reset(); },
  });
  const upload = useMutation({
    mutationFn: () => uploadFiles(result!.files, note, activateNow),
    onSuccess: (r) => { setUploaded(r); qc.invalidateQueries({ queryKey: ["policies"] }); },
  });
  const current = result?.files.find((f) => f.name === open);

  return (
    <div className="space-y-4">
      <Card title="Reference bundle" actions={
        <Button variant="primary" onClick={() => convert.mutate()} disabled={!policies.trim() || convert.isPending} data-testid="convert">{convert.isPending ? "Converting…" : "Convert"}</Button>
      }>
        <div className="grid grid-cols-1 gap-4 px-4 py-3 lg:grid-cols-2">
          <YamlInput label="policies.yaml" value={policies} onChange={setPolicies} testId="ref-policies" />
          <YamlInput label="capabilities.yaml" value={capabilities} onChange={setCapabilities} testId="ref-capabilities" />
        </div>
        <div className="px-4 pb-3"><ErrorBanner message={convert.error ? (convert.error as Error).message : null} /></div>
      </Card>

      {result && (
        <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(380px,520px)_1fr]">
          <div className="space-y-4">
            <Card title="Import report" actions={result.valid
              ? <span className="text-xs font-semibold text-emerald-700">converted bundle is valid</span>
              : <span className="text-xs font-semibold text-rose-700">{result.errors.length} validation problem{result.errors.length === 1 ? "" : "s"}</span>}>
              <div className="space-y-3 px-4 py-3">
                {result.report.length === 0 ? <p className="text-sm text-slate-500">No semantic differences reported.</p> : (
                  <ul className="max-h-[55vh] space-y-1.5 overflow-y-auto pr-1 text-sm text-slate-800" data-testid="import-report">
                    {result.report.map((r, i) => (
                      <li key={i} className="border-l-2 border-amber-400 pl-2">{r}</li>
                    ))}
                  </ul>
                )}
                {!result.valid && <IssueList errors={result.errors} onOpen={(f, l) => { setOpen(f); setJump(l ? { line: l } : null); }} />}
              </div>
            </Card>
            <Card title="Upload as new version">
              <div className="space-y-3 px-4 py-3">
                <Field label="Note"><input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} className={inputClass} /></Field>
                <label className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" checked={activateNow} onChange={(e) => setActivateNow(e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
                  Activate now for its environment
                </label>
                <Button variant="primary" onClick={() => upload.mutate()} disabled={!result.valid || upload.isPending} data-testid="import-upload">
                  {upload.isPending ? "Uploading…" : "Upload as new version"}
                </Button>
                {!result.valid && <p className="text-xs text-slate-500">Fix the problems above (in the reference files) and convert again.</p>}
                <ErrorBanner message={upload.error ? (upload.error as Error).message : null} />
                {uploaded && (
                  <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
                    Stored as <span className="font-semibold">{uploaded.environment} v{uploaded.version}</span> ({shortSha(uploaded.sha256)}){uploaded.activation ? ", now active" : ", not active yet"}.{" "}
                    <Link href={`/policies/${uploaded.id}`} className="font-medium text-indigo-700 hover:underline">Open it</Link>
                  </div>
                )}
              </div>
            </Card>
          </div>
          <Card title="Converted files" actions={
            <div className="flex flex-wrap gap-1">
              {result.files.map((f) => (
                <button key={f.name} type="button" onClick={() => setOpen(f.name)}
                  className={`rounded px-2 py-0.5 font-mono text-xs ${open === f.name ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}>{f.name}</button>
              ))}
            </div>
          }>
            {current && (
              <div className="p-3">
                <CodeView text={current.text} language={languageOf(current.name)}
                  highlightLines={new Set(result.errors.filter((e) => e.file === current.name && e.line).map((e) => e.line!))} scrollToLine={jump} />
              </div>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
