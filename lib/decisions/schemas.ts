import { z } from "zod";
import { Provenance } from "@/engine/events/schema";

const Id = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:@\/-]*$/, { message: "may contain letters, digits and . _ : @ / -" });

export const EvaluateStep = z
  .object({
    index: z.number().int().min(1).max(10_000).optional().describe("step number in the plan (default: position, from 1)"),
    tool: z.string().min(1).max(200),
    arguments: z.custom<z.core.util.JSONType>(() => true).optional().describe("the exact arguments the executor will use"),
    provenance: z.array(Provenance).max(100).optional(),
    intent: z.string().max(2000).optional(),
  })
  .strict();

export const EvaluateBody = z
  .object({
    trace_id: Id.optional().describe("continue this trace (its budgets, risk and approvals); a new trace when omitted"),
    plan: z.object({ intent: z.string().max(4000).optional(), steps: z.array(EvaluateStep).min(1).max(50) }).strict(),
    context: z.record(z.string(), z.custom<z.core.util.JSONType>(() => true)).optional().describe("recorded with the plan; never used to grant"),
    dry_run: z.boolean().optional().describe("run every stage, write events marked dry_run, grant nothing"),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<number>();
    b.plan.steps.forEach((s, i) => {
      const index = s.index ?? i + 1;
      if (seen.has(index)) ctx.addIssue({ code: "custom", path: ["plan", "steps", i, "index"], message: `step index ${index} appears twice` });
      seen.add(index);
    });
  });
export type EvaluateBody = z.infer<typeof EvaluateBody>;

const Num = z.number();
export const StepResult = z
  .object({
    index: z.number().int(),
    tool: z.string(),
    capability: z.string().nullable(),
    decision: z.enum(["allow", "block", "require_approval", "pending"]),
    reasons: z.array(z.string()),
    determining_policies: z.array(z.string()),
    stages: z.record(z.string(), z.object({ verdict: z.string(), reason: z.string() }).passthrough()),
    risk: z.object({ r_step: Num, e: Num, t: Num, b: Num, step_risk: Num, r_total: Num }).nullable(),
    arguments_hash: z.string(),
    approval: z.object({ id: z.string(), status: z.string(), expires_at: z.string() }).nullable(),
    token: z.object({ token: z.string(), jti: z.string(), expires_at: z.string() }).nullable(),
  })
  .strict();

export const EvaluateResponse = z
  .object({
    decision: z.enum(["allow", "block", "require_approval"]),
    trace_id: z.string(),
    evaluation_id: z.string(),
    mode: z.enum(["evaluate", "dry_run", "explain"]),
    policy: z.object({ bundle_id: z.string(), version: z.number() }),
    r_total: Num,
    r_executed: Num,
    thresholds: z.object({ approval: Num, halt: Num }),
    steps: z.array(StepResult),
    approval: z.object({ id: z.string(), status: z.string(), expires_at: z.string() }).nullable(),
    reason_chain: z.array(z.string()),
    budget: z.record(z.string(), z.record(z.string(), Num)),
  })
  .strict();
export type EvaluateResponse = z.infer<typeof EvaluateResponse>;

export const openapi = [
  { method: "post", path: "/api/v1/evaluate", summary: "Ask before acting: decide every step of a plan (allow / block / require_approval), with reasons, risk and a capability token for each step allowed now", auth: "agent", permission: "evaluate", body: EvaluateBody, response: EvaluateResponse },
  { method: "post", path: "/api/v1/explain", summary: "The full decision path for a plan, without granting anything; writes one event marked explain", auth: "agent", permission: "evaluate", body: EvaluateBody, response: EvaluateResponse },
];
