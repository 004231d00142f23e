import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import { afterKey, failStaleRuns, FLIP_ORDER, toFlipView, toRunView } from "./get-run";
import type { WhatIfFlipView } from "./schemas";

const PAGE = 1_000;

export const CSV_COLUMNS = [
  "trace_id", "evaluation_id", "step_index", "tool", "agent_id", "at", "before", "after", "kind",
  "reasons_before", "reasons_after", "determining_before", "determining_after",
  "step_risk_before", "step_risk_after", "r_total_before", "r_total_after", "source", "plan_intent",
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
  const cells: Array<string | number | null> = [
    f.trace_id, f.evaluation_id, f.step_index, f.tool, f.agent_id, f.at, f.before, f.after, f.kind,
    f.reasons_before.join(" | "), f.reasons_after.join(" | "), f.determining_before.join("; "), f.determining_after.join("; "),
    f.risk_before.step_risk, f.risk_after.step_risk, f.risk_before.r_total, f.risk_after.r_total, f.source, f.plan_intent,
  ];
  return cells.map(csvField).join(",") + "\r\n";
}

/**
 * Every flip of a run, streamed page by page (keyset on the primary key, never the whole run in memory): CSV with a
 * header row, or JSON `{ "run": …, "flips": [ … ] }`.
 */
export async function exportFlips(id: string, format: "csv" | "json"): Promise<Response> {
  await failStaleRuns();
  const run = await prisma.whatIfRun.findUnique({ where: { id } });
  if (!run) throw new ApiError("not_found", `what-if run ${id} not found`);
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
        const rows = await prisma.whatIfFlip.findMany({ where: { runId: id, ...(key ? afterKey(key) : {}) }, orderBy: FLIP_ORDER, take: PAGE });
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
  const name = `what-if-${id}.${format}`;
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
