import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { WhatIfFlip as FlipRow, WhatIfRun as RunRow } from "@/lib/generated/prisma/client";
import { emptySummary, type FlipDetail } from "@/engine/replay/what-if";
import type { RunQuery, WhatIfFlipView, WhatIfRunDetail, WhatIfRunView, WhatIfSummaryView } from "./schemas";

/** A run whose heartbeat is older than this is taken to have lost its process. */
export const STALE_AFTER_MS = 30_000;
export const STALE_MESSAGE = "the process running it stopped (no progress reported for 30 s); start the run again";

type Params = { bundle_id?: string; draft?: { sha256: string; files: string[] }; environment?: string; trace_id?: string; filter?: { from: string; to: string; agent?: string } };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunView(r: RunRow): WhatIfRunView {
  const p = r.params as Params;
  const s = { ...emptySummary(), error_samples: [], ...(r.summary as Partial<WhatIfSummaryView>) } as WhatIfSummaryView;
  return {
    id: r.id,
    status: r.status as WhatIfRunView["status"],
    bundle: { label: r.bundleLabel, bundle_id: p.bundle_id ?? null, draft_sha256: p.draft?.sha256 ?? null, environment: p.environment ?? (r.bundle as { environment?: string }).environment ?? "" },
    scope: { trace_id: p.trace_id ?? null, filter: p.filter ? { from: p.filter.from, to: p.filter.to, agent: p.filter.agent ?? null } : null },
    total: r.total,
    done: r.done,
    summary: {
      evaluations: s.evaluations, steps: s.steps, unchanged: s.unchanged, unrecorded: s.unrecorded,
      // runs made before baselines have no recorded_differs: their flips compare the record with the candidate
      classified: (r.summary as Record<string, unknown>).recorded_differs !== undefined,
      flips: s.flips, recorded_differs: s.recorded_differs ?? {}, recorded_differs_foreign: s.recorded_differs_foreign ?? 0, baselines: s.baselines ?? {},
      traces: s.traces ?? emptySummary().traces, errors: s.errors, error_samples: s.error_samples ?? [],
    },
    error: r.error,
    created_at: r.createdAt.toISOString(),
    created_by: r.createdBy,
    started_at: iso(r.startedAt),
    finished_at: iso(r.finishedAt),
    heartbeat_at: iso(r.heartbeatAt),
  };
}

type LegacyDetail = {
  determining_before?: string[]; determining_after?: string[];
  risk_before?: { step_risk: number | null; r_total: number | null }; risk_after?: { step_risk: number | null; r_total: number | null };
};

/** A stored row as the API shows it: the class, the pair that differs (before/after), and all three decisions. */
export function toFlipView(f: FlipRow): WhatIfFlipView {
  const d = f.detail as Partial<FlipDetail> & LegacyDetail;
  const view = (x: { decision: string; reasons: string[]; determining: string[]; step_risk: number | null; r_total: number | null }) =>
    ({ decision: x.decision, reasons: x.reasons, determining: x.determining, step_risk: x.step_risk, r_total: x.r_total });
  const base = {
    trace_id: f.traceId, evaluation_id: f.evaluationId, step_index: f.stepIndex, tool: f.tool, agent_id: f.agentId, at: f.at.toISOString(),
    before: f.before, after: f.after, kind: `${f.before}→${f.after}`, source: d.source ?? "agent_plan", plan_intent: d.plan_intent ?? null,
    trace: d.trace ?? null,
  };
  if (d.class && d.recorded && d.baseline && d.candidate) {
    return {
      ...base, class: d.class === "unchanged" ? null : d.class,
      recorded: view(d.recorded), baseline: { ...view(d.baseline), bundle: d.baseline.bundle, bundle_source: d.baseline.bundle_source }, candidate: view(d.candidate),
    };
  }
  // a row stored before baselines: before = recorded, after = candidate
  return {
    ...base, class: null, baseline: null,
    recorded: { decision: f.before, reasons: f.reasonsBefore as string[], determining: d.determining_before ?? [], step_risk: d.risk_before?.step_risk ?? null, r_total: d.risk_before?.r_total ?? null },
    candidate: { decision: f.after, reasons: f.reasonsAfter as string[], determining: d.determining_after ?? [], step_risk: d.risk_after?.step_risk ?? null, r_total: d.risk_after?.r_total ?? null },
  };
}

/** Rows of one run, optionally of one class (detail.class). */
export function flipWhere(runId: string, cls?: string) {
  return { runId, ...(cls ? { detail: { path: ["class"], equals: cls } } : {}) };
}

/**
 * App servers are stateless and several may run: a run belongs to the process that started it, which reports a
 * heartbeat while it works. Any reader that finds a run silent for 30 s marks it failed (one guarded UPDATE, so
 * concurrent readers agree).
 */
export async function failStaleRuns(): Promise<void> {
  const cutoff = new Date(Date.now() - STALE_AFTER_MS);
  await prisma.whatIfRun.updateMany({
    where: { OR: [{ status: "running", heartbeatAt: { lt: cutoff } }, { status: "queued", createdAt: { lt: cutoff } }] },
    data: { status: "failed", error: STALE_MESSAGE, finishedAt: new Date() },
  });
}

export async function listRuns(limit: number): Promise<{ runs: WhatIfRunView[] }> {
  await failStaleRuns();
  const rows = await prisma.whatIfRun.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return { runs: rows.map(toRunView) };
}

function encodeCursor(k: [string, string, number]): string {
  return Buffer.from(JSON.stringify(k)).toString("base64url");
}

function decodeCursor(c: string): [string, string, number] {
  try {
    const k = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    if (Array.isArray(k) && k.length === 3 && typeof k[0] === "string" && typeof k[1] === "string" && Number.isInteger(k[2])) return k as [string, string, number];
  } catch {
    // fall through
  }
  throw new ApiError("validation_failed", "invalid query: cursor: is not a cursor returned by this API", [{ field: "cursor", message: "is not a cursor returned by this API" }]);
}

/** Keyset condition "after (trace, evaluation, step)" in the flips' primary-key order. */
export function afterKey(k: [string, string, number]) {
  const [t, e, s] = k;
  return { OR: [{ traceId: { gt: t } }, { traceId: t, evaluationId: { gt: e } }, { traceId: t, evaluationId: e, stepIndex: { gt: s } }] };
}

export const FLIP_ORDER = [{ traceId: "asc" as const }, { evaluationId: "asc" as const }, { stepIndex: "asc" as const }];

/** A run with a page of its classified steps, in (trace, evaluation, step) order; `class` and `before`/`after` (the kind) filter. */
export async function getRun(id: string, q: RunQuery): Promise<WhatIfRunDetail> {
  await failStaleRuns();
  const run = await prisma.whatIfRun.findUnique({ where: { id } });
  if (!run) throw new ApiError("not_found", `what-if run ${id} not found`);
  const flips = await prisma.whatIfFlip.findMany({
    where: { ...flipWhere(id, q.class), ...(q.before ? { before: q.before } : {}), ...(q.after ? { after: q.after } : {}), ...(q.cursor ? afterKey(decodeCursor(q.cursor)) : {}) },
    orderBy: FLIP_ORDER,
    take: q.limit + 1,
  });
  const page = flips.slice(0, q.limit);
  const last = page.at(-1);
  return { run: toRunView(run), flips: page.map(toFlipView), next_cursor: flips.length > q.limit && last ? encodeCursor([last.traceId, last.evaluationId, last.stepIndex]) : null };
}
