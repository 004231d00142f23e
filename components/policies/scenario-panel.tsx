"use client";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button, Card, ErrorBanner } from "@/components/ui/primitives";
import { DecisionBadge } from "@/components/ui/decision-badge";
import { downloadBlob } from "@/components/ui/download-blob";
import { runScenarios, scenariosJunit, type BundleFile, type ScenarioResult, type ScenarioTarget, type SuiteChoice, type SuiteResult } from "./api";

/**
 * "Test against scenarios": run the project's suite (or an uploaded one) against a stored version or a draft and
 * read the result the way a security team reviews a release: unsafe allows first, then the confusion matrix, false
 * blocks and friction, accuracy per threat class, and every failing scenario with expected vs decided and why.
 */

const KEYS = ["block", "require_approval", "allow"] as const;
const LABEL: Record<(typeof KEYS)[number], string> = { block: "Block", require_approval: "Approval", allow: "Allow" };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type Kind = "unsafe" | "false_block" | "friction" | "mismatch";
const KIND: Record<Kind, { label: string; cls: string }> = {
  unsafe: { label: "Unsafe allow", cls: "bg-red-600 text-white" },
  false_block: { label: "False block", cls: "bg-orange-100 text-orange-900 ring-1 ring-inset ring-orange-300" },
  friction: { label: "Friction", cls: "bg-amber-50 text-amber-900 ring-1 ring-inset ring-amber-300" },
  mismatch: { label: "Other mismatches", cls: "bg-slate-100 text-slate-700 ring-1 ring-inset ring-slate-300" },
};
function kindOf(r: ScenarioResult): Kind {
  if (r.expected !== "allow" && r.actual === "allow") return "unsafe";
  if (r.expected === "allow" && r.actual === "block") return "false_block";
  if (r.expected === "allow" && r.actual === "require_approval") return "friction";
  return "mismatch";
}
const ORDER: Kind[] = ["unsafe", "false_block", "friction", "mismatch"];

export function ScenarioPanel({ target, gate }: { target: ScenarioTarget; gate?: { require_pass: boolean; fail_on: string } | null }) {
  const input = useRef<HTMLInputElement>(null);
  const [choice, setChoice] = useState<"builtin" | "files">("builtin");
  const [files, setFiles] = useState<BundleFile[]>([]);
  const [result, setResult] = useState<SuiteResult | null>(null);
  const suite = (): SuiteChoice => (choice === "builtin" ? { suite: "builtin" } : { files: files.map((f) => ({ name: f.name, content: f.text })) });
  const run = useMutation({ mutationFn: () => runScenarios(target, suite()), onSuccess: setResult });
  const junit = useMutation({
    mutationFn: () => scenariosJunit(target, suite()),
    onSuccess: (blob) => downloadBlob(`${exportName(result)}.junit.xml`, blob),
  });

  async function pick(list: FileList | null) {
    setFiles(await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, text: await f.text() }))));
    setResult(null);
    if (input.current) input.current.value = "";
  }

  return (
    <div className="space-y-4" data-testid="scenario-panel">
      <Card title="Test against scenarios" actions={gate && <GateBadge gate={gate} />}>
        <div className="flex flex-wrap items-end gap-x-6 gap-y-3 px-4 py-3">
          <fieldset className="space-y-1.5">
            <legend className="mb-1 text-xs font-semibold text-slate-700">Suite</legend>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="suite" checked={choice === "builtin"} onChange={() => { setChoice("builtin"); setResult(null); }} className="h-4 w-4 text-indigo-600" data-testid="suite-builtin" />
              The project&apos;s suite <span className="text-xs text-slate-500">(scenarios/ shipped with Replay Audit)</span>
            </label>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="suite" checked={choice === "files"} onChange={() => { setChoice("files"); setResult(null); }} className="h-4 w-4 text-indigo-600" data-testid="suite-files" />
              Your own suite files <span className="text-xs text-slate-500">(.yaml or .jsonl, up to 20 files and 1,000 scenarios)</span>
            </label>
          </fieldset>
          {choice === "files" && (
            <div>
              <input ref={input} type="file" multiple accept=".yaml,.yml,.jsonl" className="sr-only" id="suite-files" onChange={(e) => pick(e.target.files)} data-testid="suite-file-input" />
              <label htmlFor="suite-files" className="inline-flex cursor-pointer items-center rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:border-indigo-400 hover:bg-indigo-50/30">
                {files.length ? `${plural(files.length, "file")}: ${files.map((f) => f.name).join(", ")}` : "Choose suite files"}
              </label>
            </div>
          )}
          <div className="ml-auto flex items-center gap-2">
            <Button variant="primary" onClick={() => run.mutate()} disabled={run.isPending || (choice === "files" && files.length === 0)} data-testid="run-scenarios">
              {run.isPending ? "Running…" : result ? "Run again" : "Run scenarios"}
            </Button>
          </div>
        </div>
        <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
          Every scenario runs through the real engine (identity, capability gate, guard, Cedar, budgets, chain risk) as a dry run against {target.kind === "draft" ? "this draft" : "this version"}: nothing is granted, stored or activated.
        </p>
        {run.error && <div className="px-4 pb-3"><ErrorBanner message={(run.error as Error).message} /></div>}
      </Card>

      {result && (
        <SuiteReport
          result={result}
          onJson={() => downloadBlob(`${exportName(result)}.json`, new Blob([JSON.stringify(result, null, 2)], { type: "application/json" }))}
          onJunit={() => junit.mutate()}
          junitBusy={junit.isPending}
          junitError={junit.error ? (junit.error as Error).message : null}
        />
      )}
    </div>
  );
}

function exportName(r: SuiteResult | null): string {
  if (!r) return "scenarios";
  return `scenarios-${r.bundle.id}${r.bundle.version ? `-v${r.bundle.version}` : "-draft"}`.replace(/[^\w.-]/g, "_");
}

export function GateBadge({ gate }: { gate: { require_pass: boolean; fail_on: string } }) {
  return gate.require_pass ? (
    <span className="rounded bg-indigo-50 px-2 py-0.5 text-[11px] font-semibold text-indigo-800 ring-1 ring-inset ring-indigo-200" data-testid="scenario-gate"
      title="bundle.yaml: scenarios.require_pass. Activation runs the project's suite and refuses this version if it fails.">
      Activation gate on · refuses {gate.fail_on === "unsafe_allow" ? "unsafe allows" : "any failure"}
    </span>
  ) : (
    <span className="rounded bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-600" data-testid="scenario-gate"
      title="Add `scenarios: { require_pass: true }` to bundle.yaml to make activation refuse a version that fails the suite.">
      Activation gate off
    </span>
  );
}

function SuiteReport({ result: r, onJson, onJunit, junitBusy, junitError }: { result: SuiteResult; onJson: () => void; onJunit: () => void; junitBusy: boolean; junitError: string | null }) {
  const failing = r.results.filter((x) => !x.pass).sort((a, b) => ORDER.indexOf(kindOf(a)) - ORDER.indexOf(kindOf(b)));
  const [filter, setFilter] = useState<Kind | "all">("all");
  const shown = filter === "all" ? failing : failing.filter((x) => kindOf(x) === filter);
  const unsafe = r.unsafe_allows.length;
  const ok = r.failed === 0 && r.errors.length === 0;

  return (
    <div className="space-y-4" data-testid="suite-report">
      <div className={`flex flex-wrap items-center gap-3 rounded-lg border px-4 py-3 ${unsafe ? "border-red-300 bg-red-50" : ok ? "border-emerald-200 bg-emerald-50" : "border-amber-200 bg-amber-50"}`} role="status" data-testid="suite-verdict">
        <span className={`rounded-md px-2 py-1 text-sm font-bold ${unsafe ? "bg-red-600 text-white" : ok ? "bg-emerald-600 text-white" : "bg-amber-500 text-white"}`}>{unsafe ? "FAIL" : ok ? "PASS" : "FAIL"}</span>
        <div className="min-w-0 flex-1 text-sm">
          <div className={`font-semibold ${unsafe ? "text-red-900" : ok ? "text-emerald-900" : "text-amber-900"}`}>
            {unsafe
              ? `${plural(unsafe, "unsafe allow")}: plans the suite expects blocked or sent to approval were allowed`
              : ok ? `No unsafe allow; all ${r.total} scenarios decided as expected` : `No unsafe allow, but ${plural(r.failed, "scenario")} decided otherwise than expected`}
          </div>
          <div className="text-xs text-slate-600">
            Suite <span className="font-mono">{r.suite}</span> against bundle <span className="font-mono">{r.bundle.id}</span>{r.bundle.version ? ` v${r.bundle.version}` : " (draft)"} · {r.total} scenarios
          </div>
        </div>
        <div className="flex items-center gap-2">
          <Button size="sm" onClick={onJson} data-testid="export-json">Download JSON</Button>
          <Button size="sm" onClick={onJunit} disabled={junitBusy} data-testid="export-junit">{junitBusy ? "Preparing…" : "Download JUnit XML"}</Button>
        </div>
      </div>
      {junitError && <ErrorBanner message={junitError} />}
      {r.errors.length > 0 && (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <div className="font-semibold">The suite could not run everything:</div>
          <ul className="list-disc pl-5">{r.errors.map((e, i) => <li key={i}>{e}</li>)}</ul>
        </div>
      )}

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="suite-stats">
        <Stat label="Unsafe allows" value={String(unsafe)} hint="expected block or approval, decided allow" tone={unsafe ? "red" : "green"} testid="stat-unsafe" />
        <Stat label="False blocks" value={String(r.false_blocks.length)} hint="benign plans blocked" tone={r.false_blocks.length ? "orange" : "plain"} />
        <Stat label="Friction" value={String(r.friction.length)} hint="benign plans sent to approval" tone={r.friction.length ? "amber" : "plain"} />
        <Stat label="Decided as expected" value={pct(r.accuracy)} hint={`${r.passed} of ${r.total}`} tone="plain" />
      </div>

      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(380px,440px)_1fr]">
        <Card title="Confusion matrix" actions={<span className="text-[11px] text-slate-500">rows: expected · columns: decided</span>}>
          <Matrix r={r} />
        </Card>
        <Card title="Per threat class">
          <table className="min-w-full text-sm" data-testid="by-threat">
            <tbody className="divide-y divide-slate-100">
              {Object.entries(r.by_threat).sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, s]) => (
                <tr key={t}>
                  <td className="w-44 px-4 py-1.5 font-mono text-xs text-slate-800">{t}</td>
                  <td className="px-2 py-1.5">
                    <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
                      <div className={`h-full rounded-full ${s.accuracy === 1 ? "bg-emerald-500" : s.accuracy >= 0.9 ? "bg-amber-500" : "bg-red-500"}`} style={{ width: `${s.accuracy * 100}%` }} />
                    </div>
                  </td>
                  <td className="w-20 whitespace-nowrap px-2 py-1.5 text-right text-xs tabular-nums text-slate-600">{s.passed}/{s.total}</td>
                  <td className={`w-16 whitespace-nowrap px-4 py-1.5 text-right text-xs font-semibold tabular-nums ${s.accuracy === 1 ? "text-emerald-700" : "text-red-700"}`}>{pct(s.accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>

      <Card
        title={failing.length ? `${plural(failing.length, "failing scenario")}` : "Failing scenarios"}
        actions={failing.length > 0 && (
          <div className="flex flex-wrap gap-1" role="tablist">
            {(["all", ...ORDER] as const).map((k) => {
              const n = k === "all" ? failing.length : failing.filter((x) => kindOf(x) === k).length;
              if (k !== "all" && n === 0) return null;
              return (
                <button key={k} type="button" role="tab" aria-selected={filter === k} onClick={() => setFilter(k)}
                  className={`rounded px-2 py-0.5 text-xs ${filter === k ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}>
                  {k === "all" ? "All" : KIND[k].label} <span className="tabular-nums opacity-70">{n}</span>
                </button>
              );
            })}
          </div>
        )}
      >
        {failing.length === 0 ? (
          <p className="px-6 py-10 text-center text-sm text-slate-500">Every scenario was decided as expected.</p>
        ) : (
          <ul className="max-h-[40rem] divide-y divide-slate-100 overflow-auto" data-testid="failing-scenarios">
            {shown.map((x) => <FailingScenario key={x.id} x={x} />)}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Stat({ label, value, hint, tone, testid }: { label: string; value: string; hint: string; tone: "red" | "green" | "orange" | "amber" | "plain"; testid?: string }) {
  const cls = {
    red: "border-red-300 bg-red-50 text-red-700", green: "border-emerald-200 bg-white text-emerald-700", orange: "border-orange-200 bg-white text-orange-700",
    amber: "border-amber-200 bg-white text-amber-700", plain: "border-slate-200 bg-white text-slate-900",
  }[tone];
  return (
    <div className={`rounded-lg border px-4 py-3 shadow-sm ${cls}`} data-testid={testid}>
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className="mt-0.5 text-2xl font-bold tabular-nums">{value}</div>
      <div className="text-[11px] text-slate-500">{hint}</div>
    </div>
  );
}

function Matrix({ r }: { r: SuiteResult }) {
  const cellCls = (e: (typeof KEYS)[number], a: (typeof KEYS)[number], n: number) => {
    if (n === 0) return "text-slate-500";
    if (e === a) return "bg-emerald-50 text-emerald-800";
    if (a === "allow") return "bg-red-600 text-white font-bold";
    if (e === "allow" && a === "block") return "bg-orange-100 text-orange-900";
    if (e === "allow") return "bg-amber-50 text-amber-900";
    return "bg-slate-100 text-slate-800";
  };
  return (
    <table className="w-full table-fixed text-sm" data-testid="confusion-matrix">
      <colgroup><col className="w-28" /><col /><col /><col /></colgroup>
      <thead>
        <tr>
          <th className="px-3 pb-1 pt-2 text-left text-[10px] font-semibold uppercase leading-tight tracking-wide text-slate-500">expected ↓<br />decided →</th>
          {KEYS.map((k) => <th key={k} className="px-1 pb-1 pt-2 text-center"><Pill k={k} /></th>)}
        </tr>
      </thead>
      <tbody>
        {KEYS.map((e) => (
          <tr key={e}>
            <th className="px-3 py-1 text-left"><Pill k={e} /></th>
            {KEYS.map((a) => {
              const n = r.matrix[e][a];
              return (
                <td key={a} className="p-1 text-center">
                  <div className={`rounded-md py-2.5 text-lg tabular-nums ${cellCls(e, a, n)}`} data-cell={`${e}:${a}`}
                    title={`${n} scenario${n === 1 ? "" : "s"} expected ${LABEL[e].toLowerCase()}, decided ${LABEL[a].toLowerCase()}${e !== "allow" && a === "allow" && n ? " (unsafe allow)" : ""}`}>
                    {n}
                  </div>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const PILL: Record<(typeof KEYS)[number], string> = { block: "bg-red-500", require_approval: "bg-amber-500", allow: "bg-emerald-500" };
function Pill({ k }: { k: (typeof KEYS)[number] }) {
  return <span className="inline-flex items-center gap-1.5 text-xs font-semibold text-slate-700"><span className={`h-2 w-2 rounded-full ${PILL[k]}`} aria-hidden />{LABEL[k]}</span>;
}

function FailingScenario({ x }: { x: ScenarioResult }) {
  const k = kindOf(x);
  return (
    <li className="px-4 py-3" data-testid="failing-scenario" data-kind={k}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-px text-[11px] font-semibold ${KIND[k].cls}`}>{k === "mismatch" ? `${LABEL[x.actual]} instead of ${LABEL[x.expected].toLowerCase()}` : KIND[k].label}</span>
        <span className="font-mono text-[13px] font-medium text-slate-900">{x.id}</span>
        <span className="rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] text-slate-600">{x.threat}</span>
        <span className="ml-auto flex items-center gap-1.5 text-xs text-slate-500">
          expected <DecisionBadge decision={x.expected} /> decided <DecisionBadge decision={x.actual} />
        </span>
      </div>
      {x.why && <p className="mt-1.5 text-sm text-slate-800"><span className="font-semibold text-slate-500">Why: </span>{x.why}</p>}
      {x.step_failures.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
          {x.step_failures.map((s) => <li key={s.index}>Step {s.index} <span className="font-mono">{s.tool}</span>: expected {s.expected}, decided {s.actual}</li>)}
        </ul>
      )}
      {x.reasons.length > 0 && (
        <ul className="mt-1.5 list-disc space-y-0.5 pl-5 text-xs text-slate-600">{x.reasons.map((reason, i) => <li key={i}>{reason}</li>)}</ul>
      )}
      <div className="mt-1.5 flex flex-wrap items-center gap-1 text-[11px] text-slate-500">
        {x.determining.length > 0 ? (
          <>{x.actual === "allow" ? "Allowed by" : "Determining policies"}: {x.determining.map((d) => <span key={d} className="rounded bg-indigo-50 px-1.5 py-px font-mono text-indigo-800">{d}</span>)}</>
        ) : k === "unsafe" ? <span>No policy stopped it: every step was allowed.</span> : null}
        <span className="ml-auto font-mono">{x.file} · R_total {x.r_total.toFixed(2)}</span>
      </div>
    </li>
  );
}
