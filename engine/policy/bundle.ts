import { z } from "zod";

/**
 * A policy bundle: everything the engine needs to decide, versioned as one unit (DESIGN.md "Decisions: the engine").
 * Agents' grants, budgets and thresholds live here, never in requests. Anything not granted is denied.
 */

/** What a capability does to the world: reads, changes state, or sends something outside. */
export const ACCESS = ["read", "write", "outbound"] as const;
export type Access = (typeof ACCESS)[number];

export const Capability = z
  .object({
    description: z.string().max(1000).default(""),
    tools: z.array(z.string().min(1).max(200)).min(1),
    /** base risk R_step of one call, 0..1 (spec §8) */
    r_step: z.number().min(0).max(1),
    access: z.enum(ACCESS),
  })
  .strict();
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

export const ApprovalSettings = z
  .object({
    ttl_seconds: z.number().int().min(30).max(7 * 24 * 3600).default(900),
    approver_roles: z.array(z.enum(["approver", "admin"])).min(1).default(["approver", "admin"]),
    webhook_url: z.string().url().optional(),
  })
  .strict();

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
    approvals: ApprovalSettings.default({ ttl_seconds: 900, approver_roles: ["approver", "admin"] }),
    token_ttl_seconds: z.number().int().min(30).max(3600).default(300),
  })
  .strict();
export type PolicyBundleContent = z.infer<typeof PolicyBundleContent>;

/** The capability that governs a tool, or null when no capability lists it (deny by default). */
export function capabilityForTool(bundle: PolicyBundleContent, tool: string): { name: string; capability: Capability } | null {
  for (const [name, capability] of Object.entries(bundle.capabilities)) {
    if (capability.tools.includes(tool)) return { name, capability };
  }
  return null;
}
