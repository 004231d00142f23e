"use client";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button, Card, ErrorBanner, Field, inputClass } from "@/components/ui/primitives";
import { issueWhere, shortSha, uploadFiles, validateFiles, type BundleFile, type BundleIssue, type UploadResult, type ValidateResult } from "./api";
import { CodeView, languageOf } from "./code-view";
import { ScenarioPanel } from "./scenario-panel";

const ACCEPT = ".yaml,.yml,.json,.cedar,.cedarschema";

export async function readFiles(list: FileList | null): Promise<BundleFile[]> {
  return Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
}

/** Validation problems with file:line, each one opening the file at that line. */
export function IssueList({ errors, onOpen }: { errors: BundleIssue[]; onOpen?: (file: string, line?: number) => void }) {
  return (
    <ul className="divide-y divide-rose-100 rounded-md border border-rose-200 bg-rose-50" data-testid="validation-errors">
      {errors.map((e, i) => (
        <li key={i} className="flex gap-3 px-3 py-1.5 text-sm">
          <button type="button" onClick={() => onOpen?.(e.file, e.line)} className="shrink-0 font-mono text-xs text-rose-800 underline-offset-2 hover:underline">{issueWhere(e)}</button>
          <span className="text-rose-900">{e.message}</span>
        </li>
      ))}
    </ul>
  );
}

export function ReportList({ report }: { report: string[] }) {
  if (report.length === 0) return null;
  return (
    <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="validation-report">
      {report.map((r, i) => <li key={i}>{r}</li>)}
    </ul>
  );
}

/** Files → Validate → Upload (with a note, optionally activating at once). Nothing is stored until Upload. */
export function UploadPanel({ initialFiles = [], title = "Upload a new version" }: { initialFiles?: BundleFile[]; title?: string }) {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<BundleFile[]>(initialFiles);
  const [open, setOpen] = useState<string | null>(initialFiles[0]?.name ?? null);
  const [jump, setJump] = useState<{ line: number } | null>(null);
  const [note, setNote] = useState("");
  const [activateNow, setActivateNow] = useState(false);
  const [validated, setValidated] = useState<ValidateResult | null>(null);
  const [uploaded, setUploaded] = useState<UploadResult | null>(null);

  const validate = useMutation({ mutationFn: () => validateFiles(files), onSuccess: setValidated });
  const upload = useMutation({
    mutationFn: () => uploadFiles(files, note, activateNow),
    onSuccess: (r) => { setUploaded(r); qc.invalidateQueries({ queryKey: ["policies"] }); },
  });

  function reset(next: BundleFile[]) {
    setFiles(next);
    setValidated(null);
    setUploaded(null);
    validate.reset();
    upload.reset();
    if (!next.some((f) => f.name === open)) setOpen(next[0]?.name ?? null);
  }

  async function add(list: FileList | null) {
    const picked = await readFiles(list);
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const f of picked) byName.set(f.name, f);
    reset([...byName.values()]);
    if (input.current) input.current.value = "";
  }

  const errorLines = (name: string) => new Set((validated?.errors ?? []).filter((e) => e.file === name && e.line).map((e) => e.line!));
  const current = files.find((f) => f.name === open);

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(380px,480px)_1fr]">
        <Card title={title}>
          <div className="space-y-4 px-4 py-3">
            <div>
              <input ref={input} type="file" multiple accept={ACCEPT} className="sr-only" id="bundle-files" onChange={(e) => add(e.target.files)} data-testid="bundle-file-input" />
              <label htmlFor="bundle-files" className="flex cursor-pointer flex-col items-center rounded-md border border-dashed border-slate-300 px-4 py-5 text-center hover:border-indigo-400 hover:bg-indigo-50/30">
                <span className="text-sm font-medium text-indigo-700">Choose files</span>
                <span className="mt-0.5 text-xs text-slate-500">bundle.yaml or bundle.json, the .cedarschema and every .cedar file it names</span>
              </label>
            </div>
            {files.length > 0 && (
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm" data-testid="bundle-files">
                {files.map((f) => {
                  const bad = validated?.errors.some((e) => e.file === f.name);
                  return (
                    <li key={f.name} className={`flex items-center gap-2 px-3 py-1.5 ${open === f.name ? "bg-slate-50" : ""}`}>
                      <button type="button" onClick={() => setOpen(f.name)} className={`min-w-0 flex-1 truncate text-left font-mono text-xs ${bad ? "text-rose-700" : "text-slate-800"} hover:underline`}>{f.name}</button>
                      <span className="text-[11px] tabular-nums text-slate-500">{f.text.split("\n").length} lines</span>
                      <button type="button" onClick={() => reset(files.filter((x) => x.name !== f.name))} className="text-xs text-slate-500 hover:text-rose-700" aria-label={`Remove ${f.name}`}>Remove</button>
                    </li>
                  );
                })}
              </ul>
            )}

            <div className="flex items-center gap-2">
              <Button onClick={() => validate.mutate()} disabled={files.length === 0 || validate.isPending} data-testid="validate">{validate.isPending ? "Validating…" : "Validate"}</Button>
              {validated && (validated.ok
                ? <span className="text-sm font-semibold text-emerald-700" data-testid="validation-ok">Valid</span>
                : <span className="text-sm font-semibold text-rose-700">{validated.errors.length} problem{validated.errors.length === 1 ? "" : "s"}</span>)}
            </div>
            <ErrorBanner message={validate.error ? (validate.error as Error).message : null} />
            {validated && !validated.ok && <IssueList errors={validated.errors} onOpen={(f, l) => { setOpen(f); setJump(l ? { line: l } : null); }} />}
            {validated?.ok && <ReportList report={validated.report} />}

            <div className="space-y-3 border-t border-slate-200 pt-3">
              <Field label="Note" hint="Why this version exists; shown in the version list and recorded with the upload.">
                <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} className={inputClass} placeholder="e.g. grant crm-sync enrichment.lookup" data-testid="upload-note" />
              </Field>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={activateNow} onChange={(e) => setActivateNow(e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" data-testid="activate-now" />
                Activate now for its environment
              </label>
              <div className="flex items-center gap-2">
                <Button variant="primary" onClick={() => upload.mutate()} disabled={files.length === 0 || upload.isPending || !validated?.ok} data-testid="upload"
                  title={validated?.ok ? undefined : "Validate the files first"}>
                  {upload.isPending ? "Uploading…" : activateNow ? "Upload and activate" : "Upload"}
                </Button>
                {!validated?.ok && files.length > 0 && <span className="text-xs text-slate-500">Validate first.</span>}
              </div>
              <ErrorBanner message={upload.error ? (upload.error as Error).message : null} />
              {uploaded && (
                <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="upload-result">
                  Stored as <span className="font-semibold">{uploaded.environment} v{uploaded.version}</span> ({shortSha(uploaded.sha256)}){uploaded.activation ? ", now active" : ", not active yet"}.{" "}
                  <Link href={`/policies/${uploaded.id}`} className="font-medium text-indigo-700 hover:underline">Open it</Link>
                </div>
              )}
            </div>
          </div>
        </Card>

        <Card title={current ? <span className="font-mono">{current.name}</span> : "Preview"}>
          {current ? (
            <div className="p-3"><CodeView text={current.text} language={languageOf(current.name)} highlightLines={errorLines(current.name)} scrollToLine={jump} /></div>
          ) : (
            <p className="px-6 py-14 text-center text-sm text-slate-500">Choose files to see them here. Lines with validation errors are marked.</p>
          )}
        </Card>
      </div>
      {validated?.ok && <ScenarioPanel target={{ kind: "draft", files }} gate={validated.scenarios ?? null} />}
    </div>
  );
}
