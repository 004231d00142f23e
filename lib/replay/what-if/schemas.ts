import { z } from "zod";
import { BASELINE_SOURCES, DecisionViewSchema, FlipTraceSchema, WhatIfSummarySchema as EngineWhatIfSummary } from "@/engine/replay/schemas";
import { BundleFiles } from "@/lib/policies/schemas";

export const RUN_STATUSES = ["queued", "running", "done", "failed"] as const;
export const DECISION_VALUES = ["allow", "block", "require_approval", "pending"] as const;
/** changed_by_candidate: the baseline (bundle in force when recorded) and the candidate decide differently; recorded_differs: the record was not made by the engine under its baseline, the candidate changes nothing */
export const FLIP_CLASSES = ["changed_by_candidate", "recorded_differs"] as const;
export const FLIPS_DEFAULT_LIMIT = 50;
export const FLIPS_MAX_LIMIT = 500;
/** A longer range is refused: what-if over more than a year is a batch job, not a question. */
export const MAX_RANGE_DAYS = 366;

const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time, e.g. 2026-11-21T10:00:00Z" });
const Id = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const WhatIfFilter = z
  .object({
    from: IsoTime.describe("recorded decisions at or after this time"),
    to: IsoTime.describe("recorded decisions at or before this time"),
    agent: Id.optional().describe("only this agent's decisions"),
  })
  .strict()
  .refine((f) => Date.parse(f.from) <= Date.parse(f.to), { path: ["to"], message: "must not be before from" })
  .refine((f) => Date.parse(f.to) - Date.parse(f.from) <= MAX_RANGE_DAYS * 86_400_000, { path: ["to"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });

/**
 * `POST /api/v1/replay/what-if`: exactly one policy (`bundle_id`: any stored version, active or not; or `draft`:
 * files in the form `POST /api/v1/policies` takes) and exactly one scope (`trace_id`, or `filter`).
 */
export const CreateWhatIfBody = z
  .object({
    bundle_id: Id.optional().describe("a stored policy bundle version (pb_…), active or not"),
    draft: z.object({ files: BundleFiles }).strict().optional().describe("an uploaded draft: bundle.yaml/.json plus its .cedarschema and .cedar files; never stored as a version"),
    trace_id: Id.optional().describe("re-evaluate the recorded plans of this trace"),
    filter: WhatIfFilter.optional().describe("re-evaluate every recorded plan in this time range (optionally of one agent)"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.bundle_id === undefined) === (b.draft === undefined)) {
      ctx.addIssue({ code: "custom", path: [b.bundle_id === undefined ? "bundle_id" : "draft"], message: "give exactly one of bundle_id or draft" });
    }
    if ((b.trace_id === undefined) === (b.filter === undefined)) {
      ctx.addIssue({ code: "custom", path: [b.trace_id === undefined ? "trace_id" : "filter"], message: "give exactly one of trace_id or filter" });
    }
  });
export type CreateWhatIfBody = z.infer<typeof CreateWhatIfBody>;

export const RunQuery = z
  .object({
    cursor: z.string().min(1, "must not be empty").max(2000, "is too long").regex(/^[A-Za-z0-9_-]+$/, "is not a cursor returned by this API").optional(),
    limit: z.coerce.number({ message: "must be a number" }).int("must be an integer").min(1, "must be at least 1").max(FLIPS_MAX_LIMIT, `must be at most ${FLIPS_MAX_LIMIT}`).default(FLIPS_DEFAULT_LIMIT),
    class: z.enum(FLIP_CLASSES, { message: `must be one of ${FLIP_CLASSES.join(", ")}` }).optional().describe("only steps of this class (default: both)"),
    before: z.enum(DECISION_VALUES).optional().describe("only rows whose kind starts from this decision (baseline for changed_by_candidate, recorded for recorded_differs)"),
    after: z.enum(DECISION_VALUES).optional().describe("only rows whose kind ends in this decision (candidate for changed_by_candidate, the engine's for recorded_differs)"),
  })
  .strict();
export type RunQuery = z.infer<typeof RunQuery>;

export const ListRunsQuery = z
  .object({ limit: z.coerce.number({ message: "must be a number" }).int("must be an integer").min(1, "must be at least 1").max(100, "must be at most 100").default(20) })
  .strict();

export const ExportQuery = z
  .object({
    format: z.enum(["csv", "json"], { message: "must be csv or json" }).default("csv"),
    class: z.enum(FLIP_CLASSES, { message: `must be one of ${FLIP_CLASSES.join(", ")}` }).optional().describe("only rows of this class (default: both, with a class column)"),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

/** The engine's summary (engine/replay/schemas.ts) plus what the stored run adds. */
export const WhatIfSummary = EngineWhatIfSummary.extend({
  classified: z.boolean().describe("false for runs made before baselines: their flips compare the recorded decision with the candidate"),
  error_samples: z.array(z.object({ trace_id: z.string(), evaluation_id: z.string(), message: z.string() }).strict()).describe("the first few errors"),
}).strict();
export type WhatIfSummaryView = z.infer<typeof WhatIfSummary>;

export const WhatIfRun = z
  .object({
    id: z.string(),
    status: z.enum(RUN_STATUSES),
    bundle: z.object({ label: z.string(), bundle_id: z.string().nullable().describe("stored version, null for a draft"), draft_sha256: z.string().nullable(), environment: z.string() }).strict(),
    scope: z.object({ trace_id: z.string().nullable(), filter: z.object({ from: z.string(), to: z.string(), agent: z.string().nullable() }).strict().nullable() }).strict(),
    total: z.number().int().describe("traces in scope"),
    done: z.number().int().describe("traces re-evaluated so far"),
    summary: WhatIfSummary,
    error: z.string().nullable(),
    created_at: z.string(),
    created_by: z.string().nullable(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    heartbeat_at: z.string().nullable(),
  })
  .strict();
export type WhatIfRunView = z.infer<typeof WhatIfRun>;

/** The engine's decision view (engine/replay/schemas.ts); a stored run may hold a decision value of an imported log. */
const DecisionView = DecisionViewSchema.extend({ decision: z.string().describe("allow | block | require_approval | pending; a recorded decision of an imported log as it was") });

export const WhatIfFlip = z
  .object({
    trace_id: z.string(),
    evaluation_id: z.string().describe("the recorded evaluation: engine evaluation id, plan id, or the decision event id"),
    step_index: z.number().int(),
    tool: z.string(),
    agent_id: z.string(),
    at: z.string().describe("when the recorded decision was made"),
    class: z.enum(FLIP_CLASSES).nullable().describe("null for runs made before baselines"),
    before: z.string().describe("changed_by_candidate: the baseline decision; recorded_differs: the recorded decision"),
    after: z.string().describe("changed_by_candidate: the candidate decision; recorded_differs: the engine's (baseline = candidate)"),
    kind: z.string().describe('"before→after"'),
    recorded: DecisionView.describe("what was recorded"),
    baseline: DecisionView.extend({ bundle: z.string(), bundle_source: z.enum(BASELINE_SOURCES) }).strict().nullable().describe("the engine under the bundle in force when recorded"),
    candidate: DecisionView.describe("the engine under the run's bundle"),
    source: z.string().describe("engine | agent_plan | agent_step"),
    plan_intent: z.string().nullable(),
    trace: FlipTraceSchema
      .nullable()
      .describe("the step's trace; null for runs stored before trace answers"),
  })
  .strict();
export type WhatIfFlipView = z.infer<typeof WhatIfFlip>;

export const WhatIfRunDetail = z
  .object({ run: WhatIfRun, flips: z.array(WhatIfFlip), next_cursor: z.string().nullable() })
  .strict();
export type WhatIfRunDetail = z.infer<typeof WhatIfRunDetail>;

export const WhatIfRunList = z.object({ runs: z.array(WhatIfRun) }).strict();

export const openapi = [
  {
    method: "post",
    path: "/api/v1/replay/what-if",
    summary: "Start a what-if replay: recorded plans re-evaluated in dry run under a stored bundle version or a draft. 201 with the finished result for a small single trace, else 202 and it runs in the background",
    permission: "replay:run",
    body: CreateWhatIfBody,
    response: WhatIfRunDetail,
    status: 202,
  },
  { method: "get", path: "/api/v1/replay/what-if", summary: "Recent what-if runs, newest first", permission: "replay:run", query: ListRunsQuery, response: WhatIfRunList },
  { method: "get", path: "/api/v1/replay/what-if/{id}", summary: "A what-if run: status, progress, summary counts per class and kind, and a page of classified steps (?class=changed_by_candidate for the flips the candidate causes)", permission: "replay:run", query: RunQuery, response: WhatIfRunDetail },
  { method: "get", path: "/api/v1/replay/what-if/{id}/export", summary: "Every classified step of a run (recorded, baseline, candidate, class) as CSV (header row) or JSON, streamed; the export is recorded as the caller's action", permission: "replay:run", query: ExportQuery },
];
