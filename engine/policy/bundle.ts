import { z } from "zod";

/**
 * A policy bundle: everything the engine needs to decide, versioned as one unit (DESIGN.md "Decisions: the engine").
 * Agents' grants, budgets and thresholds live here, never in requests. Anything not granted is denied.
 */

/** What a capability does to the world: reads, changes state, or sends something outside. */
export const ACCESS = ["read", "write", "outbound"] as const;
export type Access = (typeof ACCESS)[number];

/**
 * What a tool does to the world, finer than access (engine/policy/README.md "Capability classes"). Plan-aware
 * policies key on these, never on tool or capability names, so a customer's own tools are governed by declaring a
 * class and argument roles.
 */
export const EFFECTS = [
  "read", "own_write", "shared_write", "outbound_message", "payment", "standing_order", "credential_change", "delete",
  "external_share", "publish", "invite", "memory_write", "code_exec", "network_fetch",
] as const;
export type Effect = (typeof EFFECTS)[number];

/** Sensitivity labels of what a read returns. Every label but `public` is private data for flow rules. */
export const SENSITIVITIES = ["private_messages", "files", "financial", "pii", "credentials", "internal_only", "public"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** The part an argument plays: where it goes, how much, to whom, what it says. */
export const ROLES = ["destination", "amount", "currency", "payee", "content"] as const;
export type Role = (typeof ROLES)[number];

/** The access class a side-effect class implies, when a capability declares only its class. */
export const EFFECT_ACCESS: Record<Effect, Access> = {
  read: "read", network_fetch: "read", own_write: "write", shared_write: "write", delete: "write", memory_write: "write",
  credential_change: "write", code_exec: "write", invite: "write", outbound_message: "outbound", payment: "outbound",
  standing_order: "outbound", external_share: "outbound", publish: "outbound",
};
/** Base risk R_step a class implies when a capability does not set one. */
export const EFFECT_R_STEP: Record<Effect, number> = {
  read: 0.1, network_fetch: 0.1, own_write: 0.2, shared_write: 0.3, memory_write: 0.3, outbound_message: 0.4, invite: 0.5,
  delete: 0.5, external_share: 0.5, publish: 0.5, credential_change: 0.5, code_exec: 0.6, payment: 0.6, standing_order: 0.6,
};
/** The class an access implies when a capability declares none (bundles written before classes existed). */
export const ACCESS_EFFECT: Record<Access, Effect> = { read: "read", write: "shared_write", outbound: "outbound_message" };

export const Capability = z
  .object({
    description: z.string().max(1000).default(""),
    tools: z.array(z.string().min(1).max(200)).min(1),
    /** base risk R_step of one call, 0..1 (spec §8); default from the class */
    r_step: z.number().min(0).max(1).optional(),
    /** read | write | outbound; default from the class */
    access: z.enum(ACCESS).optional(),
    /** side-effect class; default from access (read → read, write → shared_write, outbound → outbound_message) */
    effect: z.enum(EFFECTS).optional(),
    /** for reads: what the data is (private_messages, files, financial, pii, credentials, internal_only, public) */
    sensitivity: z.enum(SENSITIVITIES).optional(),
    /** argument name → role; undeclared arguments are inferred from their names (engine/context/README.md) */
    roles: z.record(z.string().min(1).max(200), z.enum(ROLES)).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.access && !c.effect) ctx.addIssue({ code: "custom", path: ["effect"], message: "declare the side-effect class (effect) or the access (read, write, outbound)" });
  })
  .transform((c) => {
    const effect = c.effect ?? ACCESS_EFFECT[c.access!];
    return { ...c, effect, access: c.access ?? EFFECT_ACCESS[effect], r_step: c.r_step ?? EFFECT_R_STEP[effect] };
  });
export type Capability = z.infer<typeof Capability>;

/** Per-trace (run) limits. Omitted = no limit of that kind. */
export const Budgets = z
  .object({
    max_tool_calls: z.number().int().positive().optional(),
    max_write_operations: z.number().int().positive().optional(),
    max_execution_time_s: z.number().positive().optional(),
    max_cost_usd: z.number().positive().optional(),
  })
  .strict();
export type Budgets = z.infer<typeof Budgets>;

/** Per-agent limits over a UTC day. */
export const AgentBudgets = z
  .object({
    max_tool_calls_per_day: z.number().int().positive().optional(),
    max_write_operations_per_day: z.number().int().positive().optional(),
    max_cost_usd_per_day: z.number().positive().optional(),
  })
  .strict();
export type AgentBudgets = z.infer<typeof AgentBudgets>;

export const Thresholds = z
  .object({
    /** projected R_total above this needs a person's approval */
    approval: z.number().positive(),
    /** projected R_total above this halts the plan */
    halt: z.number().positive(),
  })
  .strict()
  .refine((t) => t.halt >= t.approval, { message: "halt must be at least approval" });
export type Thresholds = z.infer<typeof Thresholds>;

export const AgentGrant = z
  .object({
    owner: z.string().max(200).default(""),
    trust_level: z.enum(["trusted", "internal", "external", "unverified"]).default("internal"),
    environment: z.string().max(100).optional(),
    capabilities: z.array(z.string().min(1)).default([]),
    budgets: Budgets.default({}),
    agent_budgets: AgentBudgets.default({}),
    thresholds: Thresholds.optional(),
  })
  .strict();
export type AgentGrant = z.infer<typeof AgentGrant>;

export const GuardSettings = z
  .object({
    /** a finding at or above this score blocks the step outright */
    block_score: z.number().min(0).max(1).default(0.9),
    /** a finding at or above this score is reported to policy as a signal */
    signal_score: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/**
 * Settings the default policies read through the Cedar context (`context.limits`), so a bundle tunes them without
 * writing Cedar. Amounts are in `base_currency`; `fx_rates` converts others (units of base per unit). Raising any
 * limit, or adding to `directory`, is authority expansion in the bundle diff.
 */
export const Protections = z
  .object({
    base_currency: z.string().regex(/^[A-Z]{3}$/).default("EUR"),
    fx_rates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()).default({}),
    /** one payment above this needs approval */
    payment_approval_amount: z.number().min(0).default(500),
    /** a plan's payments together above this need approval (auto-approve spend limit; catches structuring) */
    auto_approve_total: z.number().min(0).default(1000),
    /** plans with more steps are blocked (runaway plans) */
    max_plan_steps: z.number().int().positive().default(20),
    /** more distinct external recipients than this in a plan and its trace need approval (fan-out) */
    max_fanout: z.number().int().positive().default(5),
    /** how far back "seen before" looks into the agent's executed steps */
    seen_window_days: z.number().positive().max(3650).default(90),
    /** identifiers that count as internal besides internal_domains: IBANs, accounts, handles, channels, phones */
    directory: z.array(z.string().min(1).max(300)).default([]),
  })
  .strict();
export type Protections = z.infer<typeof Protections>;
export const PROTECTION_DEFAULTS: Protections = {
  base_currency: "EUR", fx_rates: {}, payment_approval_amount: 500, auto_approve_total: 1000, max_plan_steps: 20, max_fanout: 5, seen_window_days: 90, directory: [],
};

export const ApprovalSettings = z
  .object({
    ttl_seconds: z.number().int().min(30).max(7 * 24 * 3600).default(900),
    approver_roles: z.array(z.enum(["approver", "admin"])).min(1).default(["approver", "admin"]),
    webhook_url: z.string().url().optional(),
  })
  .strict();

/**
 * The bundle's scenario gate (lib/policies/README.md "Activation gate"): with `require_pass`, activating the version
 * runs the project's scenario suite first and refuses it on a failure (`any_failure`) or only on an unsafe allow
 * (`unsafe_allow`). Part of the bundle so that turning it off is a change of the version, shown in its diff.
 */
export const ScenarioGate = z
  .object({
    require_pass: z.boolean().default(false),
    fail_on: z.enum(["any_failure", "unsafe_allow"]).default("any_failure"),
  })
  .strict();
export type ScenarioGate = z.infer<typeof ScenarioGate>;
export const SCENARIO_GATE_OFF: ScenarioGate = { require_pass: false, fail_on: "any_failure" };

export const CedarSource = z.object({ name: z.string().min(1).max(200), text: z.string().max(1_000_000) }).strict();

export const PolicyBundleContent = z
  .object({
    id: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/),
    description: z.string().max(4000).default(""),
    environment: z.string().min(1).max(100).default("production"),
    default_thresholds: Thresholds.default({ approval: 1.5, halt: 2.0 }),
    /** the organisation's own domains: an email or URL destination under one of them is not external */
    internal_domains: z.array(z.string().min(1).max(253).regex(/^[a-z0-9.-]+$/, { message: "lower-case domain names, e.g. example.com" })).default([]),
    capabilities: z.record(z.string().min(1).max(200), Capability),
    agents: z.record(z.string().min(1).max(100), AgentGrant),
    cedar: z
      .object({
        schema: z.string().max(1_000_000),
        /** one entry per .cedar file, so validation errors can name file and line */
        policies: z.array(CedarSource).min(1),
      })
      .strict(),
    guard: GuardSettings.default({ block_score: 0.9, signal_score: 0.5 }),
    /** the thresholds of the protective default policies (engine/policy/README.md "Protections") */
    protections: Protections.default(PROTECTION_DEFAULTS),
    approvals: ApprovalSettings.default({ ttl_seconds: 900, approver_roles: ["approver", "admin"] }),
    token_ttl_seconds: z.number().int().min(30).max(3600).default(300),
    /** optional; absent (or `scenarios:` with no value) means off. Not defaulted, so bundles without it keep their content hash */
    scenarios: z.preprocess((v) => (v === null ? undefined : v), ScenarioGate.optional()),
  })
  .strict();
export type PolicyBundleContent = z.infer<typeof PolicyBundleContent>;

/** The scenario gate a bundle sets; off when it sets none. */
export function scenarioGateOf(bundle: Pick<PolicyBundleContent, "scenarios">): ScenarioGate {
  return bundle.scenarios ?? SCENARIO_GATE_OFF;
}

/** The capability that governs a tool, or null when no capability lists it (deny by default). */
export function capabilityForTool(bundle: PolicyBundleContent, tool: string): { name: string; capability: Capability } | null {
  for (const [name, capability] of Object.entries(bundle.capabilities)) {
    if (capability.tools.includes(tool)) return { name, capability };
  }
  return null;
}
