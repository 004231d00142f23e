import "server-only";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { prisma } from "@/lib/db";
import { afterKey, failStaleRuns, FLIP_ORDER, flipWhere, toFlipView, toRunView } from "./get-run";
import type { ExportQuery, WhatIfFlipView } from "./schemas";

const PAGE = 1_000;

/**
 * One row per classified step. `class` says whose difference it is; `recorded`, `baseline` (the engine under the
 * bundle in force when recorded, named in `baseline_bundle`) and `candidate` (the engine under the run's bundle) are
 * the three decisions, each with its reasons, determining policies and risk; `trace_*` the step's trace answer
 * (recorded = the trace's outcome, as the list shows it) and, for a trace labelled foreign, why.
 */
export const CSV_COLUMNS = [
  "trace_id", "evaluation_id", "step_index", "tool", "agent_id", "at", "class", "recorded", "baseline", "candidate", "kind",
  "baseline_bundle", "baseline_source", "reasons_recorded", "reasons_baseline", "reasons_candidate",
  "determining_recorded", "determining_baseline", "determining_candidate",
  "step_risk_recorded", "step_risk_baseline", "step_risk_candidate", "r_total_recorded", "r_total_baseline", "r_total_candidate", "source", "plan_intent",
  "trace_recorded", "trace_baseline", "trace_candidate", "trace_foreign",
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text that a
 * spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with an apostrophe.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(f: WhatIfFlipView): string {
  const b = f.baseline;
  const cells: Array<string | number | null> = [
    f.trace_id, f.evaluation_id, f.step_index, f.tool, f.agent_id, f.at, f.class ?? "unclassified", f.recorded.decision, b?.decision ?? null, f.candidate.decision, f.kind,
    b?.bundle ?? null, b?.bundle_source ?? null, f.recorded.reasons.join(" | "), b ? b.reasons.join(" | ") : null, f.candidate.reasons.join(" | "),
    f.recorded.determining.join("; "), b ? b.determining.join("; ") : null, f.candidate.determining.join("; "),
    f.recorded.step_risk, b?.step_risk ?? null, f.candidate.step_risk, f.recorded.r_total, b?.r_total ?? null, f.candidate.r_total, f.source, f.plan_intent,
    f.trace?.recorded ?? null, f.trace?.baseline ?? null, f.trace?.candidate ?? null, f.trace?.foreign?.reason ?? null,
  ];
  return cells.map(csvField).join(",") + "\r\n";
}

/**
 * Every classified step of a run (or of one class), streamed page by page (keyset on the primary key, never the
 * whole run in memory): CSV with a header row, or JSON `{ "run": …, "flips": [ … ] }`. Results leaving the system
 * are evidence: the export is recorded as the actor's action (`human.what_if.exported`) before the first byte.
 */
export async function exportFlips(id: string, q: ExportQuery, actor: { id: string; email: string; name: string }): Promise<Response> {
  const { format } = q;
  await failStaleRuns();
  const run = await prisma.whatIfRun.findUnique({ where: { id } });
  if (!run) throw new ApiError("not_found", `what-if run ${id} not found`);
  const where = flipWhere(id, q.class);
  const rowCount = await prisma.whatIfFlip.count({ where });
  await prisma.$transaction((tx) => recordHumanAction(tx, actor, "what_if.exported", {
    run_id: id, bundle: run.bundleLabel, run_status: run.status, format, class: q.class ?? "all", rows: rowCount,
  }));
  const enc = new TextEncoder();
  let key: [string, string, number] | null = null;
  let first = true;
  let finished = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(c) {
      c.enqueue(enc.encode(format === "csv" ? CSV_COLUMNS.join(",") + "\r\n" : `{"run":${JSON.stringify(toRunView(run))},"flips":[`));
    },
    async pull(c) {
      if (finished) return;
      try {
        const rows = await prisma.whatIfFlip.findMany({ where: { ...where, ...(key ? afterKey(key) : {}) }, orderBy: FLIP_ORDER, take: PAGE });
        let out = "";
        for (const r of rows) {
          const f = toFlipView(r);
          out += format === "csv" ? csvRow(f) : `${first ? "" : ","}\n${JSON.stringify(f)}`;
          first = false;
        }
        if (out) c.enqueue(enc.encode(out));
        const last = rows.at(-1);
        if (last) key = [last.traceId, last.evaluationId, last.stepIndex];
        if (rows.length < PAGE) {
          finished = true;
          if (format === "json") c.enqueue(enc.encode("\n]}\n"));
          c.close();
        }
      } catch (e) {
        c.error(e);
      }
    },
  });
  const name = `what-if-${id}${q.class ? `-${q.class}` : ""}.${format}`;
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
