import { z } from "zod";

/** Governance stages in execution order (DESIGN.md "Runtime events"). `admin` holds human changes to configuration. */
export const STAGES = [
  "input", "context", "plan", "capability", "policy", "budget", "risk", "decision", "approval", "execution", "output", "admin",
] as const;
export type Stage = (typeof STAGES)[number];

/** Decisions that decide something, and markers for events that decide nothing. */
export const VERDICTS = ["allow", "block", "require_approval"] as const;
export const DECISIONS = [...VERDICTS, "pending", "dry_run", "explain", "observed"] as const;
export type Decision = (typeof DECISIONS)[number];

export const SOURCE_TYPES = [
  "user_prompt", "system_prompt", "skill", "memory", "retrieval_chunk", "tool_result", "agent_message", "agent_identity",
] as const;
export const TRUST_LEVELS = ["trusted", "internal", "external", "unverified"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Unknown trust labels are kept as sent, shown, and treated as `unverified` (deny by default). */
export function effectiveTrust(level: string | null | undefined): TrustLevel {
  const l = (level ?? "").toLowerCase();
  return (TRUST_LEVELS as readonly string[]).includes(l) ? (l as TrustLevel) : "unverified";
}

export const MAX_ID = 200;
const Id = z.string().min(1, "must not be empty").max(MAX_ID).regex(/^[A-Za-z0-9][A-Za-z0-9._:@\/-]*$/, {
  message: "may contain letters, digits and . _ : @ / - and must start with a letter or digit",
});
const Text = (max: number) => z.string().max(max);
/**
 * Free-form JSON (arguments, payload, metadata). Not re-walked by zod: on the ingest path the value comes from
 * JSON.parse and has passed jsonStorageProblem (depth, finite numbers, storable strings), which is the check that
 * matters; walking it again here cost more than the rest of validation together.
 */
const Json = z.custom<z.core.util.JSONType>(() => true).describe("any JSON value");

export const AgentRef = z
  .object({
    id: Id,
    name: Text(200).optional(),
    version: Text(100).optional(),
    owner: Text(200).optional(),
    environment: Text(100).optional(),
    trust_level: Text(50).optional(),
    external_id: Text(200).nullable().optional(),
  })
  .strict();

export const Provenance = z
  .object({
    source_type: Text(100).min(1),
    trust_level: Text(50).min(1),
    source_name: Text(500).nullable().optional(),
    origin_uri: Text(2000).nullable().optional(),
    content_hash: Text(200).nullable().optional(),
    /** the text (or an excerpt) that entered the agent's context; the guard scans it when the source is external or unverified */
    content: Text(100_000).nullable().optional(),
    id: Text(200).nullable().optional(),
    metadata: z.record(z.string(), Json).nullable().optional(),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

export const PlanStep = z
  .object({
    index: z.number().int().min(0),
    id: Text(200).nullable().optional(),
    tool: Text(200).min(1),
    intent: Text(2000).nullable().optional(),
    capability: Text(200).nullable().optional(),
    arguments: Json.optional(),
    provenance: z.array(Provenance).max(100).optional(),
    risk_level: Text(20).nullable().optional(),
  })
  .strict();

export const Plan = z
  .object({
    id: Text(200).nullable().optional(),
    intent: Text(4000).nullable().optional(),
    risk_level: Text(20).nullable().optional(),
    steps: z.array(PlanStep).max(500).optional(),
  })
  .strict();

const Num = z.number().finite();
export const Risk = z
  .object({
    r_step: Num.optional(),
    e: Num.optional(),
    t: Num.optional(),
    b: Num.optional(),
    step_risk: Num.optional(),
    r_total: Num.optional(),
    level: Text(20).optional(),
  })
  .strict();

export const Budget = z
  .object({
    limits: z.record(z.string(), Json).optional(),
    usage: z.record(z.string(), Json).optional(),
    violations: z.array(Text(200)).max(50).optional(),
    status: Text(50).optional(),
  })
  .strict();

export const PolicyRef = z
  .object({
    bundle_id: Text(200).nullable().optional(),
    version: z.union([Text(100), z.number()]).nullable().optional(),
    determining: z.array(Text(500)).max(100).optional(),
  })
  .strict();

export const ApprovalRef = z
  .object({
    id: Text(200),
    status: Text(50).optional(),
    actor: Text(200).nullable().optional(),
    note: Text(4000).nullable().optional(),
  })
  .strict();

/**
 * The runtime event as agents send it (DESIGN.md "Runtime events"). Unknown top-level fields are rejected so a
 * misspelt field is an error the sender sees, not silently lost evidence; free-form data goes in `payload`.
 */
export const RuntimeEvent = z
  .object({
    id: Id,
    trace_id: Id,
    timestamp: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time, e.g. 2026-11-21T10:00:00Z" }),
    type: Text(200).min(1).regex(/^[A-Za-z0-9._:-]+$/, { message: "may contain letters, digits and . _ : -" }),
    stage: z.enum(STAGES),
    agent: AgentRef,
    schema_version: Text(50).min(1),
    parent_id: Id.nullable().optional(),
    parent_trace_id: Id.nullable().optional(),
    plan: Plan.nullable().optional(),
    step: z.number().int().min(0).nullable().optional(),
    tool: Text(200).min(1).nullable().optional(),
    arguments: Json.optional(),
    decision: z.enum(DECISIONS).nullable().optional(),
    reasons: z.array(Text(4000)).max(100).optional(),
    policy: PolicyRef.nullable().optional(),
    provenance: z.array(Provenance).max(200).optional(),
    risk: Risk.nullable().optional(),
    budget: Budget.nullable().optional(),
    cost: z.object({ usd: Num.min(0).optional(), tokens: z.number().int().min(0).optional() }).strict().nullable().optional(),
    approval: ApprovalRef.nullable().optional(),
    token_jti: Text(200).nullable().optional(),
    flags: z.array(z.enum(["explain", "dry_run", "imported", "system"])).max(10).optional(),
    payload: Json.optional(),
  })
  .strict();
export type RuntimeEvent = z.infer<typeof RuntimeEvent>;

/** Current version of the native event schema. */
export const SCHEMA_VERSION = "1.0";
