import { z } from "zod";

export const APPROVAL_STATUSES = ["pending", "approved", "denied", "expired"] as const;

export const ApprovalListQuery = z
  .object({
    status: z.enum([...APPROVAL_STATUSES, "all"]).default("pending"),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const DecideBody = z.object({ note: z.string().trim().max(4000).default("") }).strict();

export const ApprovalView = z
  .object({
    id: z.string(),
    status: z.enum(APPROVAL_STATUSES),
    agent_id: z.string(),
    trace_id: z.string(),
    step_index: z.number().int(),
    tool: z.string(),
    capability: z.string().nullable(),
    arguments: z.unknown(),
    projected_risk: z.number(),
    policy: z.object({ bundle_id: z.string(), version: z.number() }),
    requested_at: z.string(),
    expires_at: z.string(),
    decided_at: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_by_name: z.string().nullable(),
    note: z.string().nullable(),
    token_issued: z.boolean(),
    evidence: z.unknown().optional(),
    /** present once, in the agent's first poll after approval */
    token: z.object({ token: z.string(), jti: z.string(), expires_at: z.string() }).optional(),
  })
  .strict();
export type ApprovalView = z.infer<typeof ApprovalView>;

export const ApprovalList = z.object({ approvals: z.array(ApprovalView), next_cursor: z.string().nullable(), pending_count: z.number().int() }).strict();

export const openapi = [
  { method: "get", path: "/api/v1/approvals", summary: "The approval queue (status=pending by default), newest first", permission: "approvals:read", query: ApprovalListQuery, response: ApprovalList },
  { method: "get", path: "/api/v1/approvals/{id}", summary: "One approval. Agents poll their own (or send Accept: text/event-stream for server-sent events); the first poll after approval carries the step's capability token", auth: "any", response: ApprovalView },
  { method: "post", path: "/api/v1/approvals/{id}/approve", summary: "Approve (approver role, not the agent's owner); exactly one outcome wins", permission: "approvals:decide", body: DecideBody, response: ApprovalView },
  { method: "post", path: "/api/v1/approvals/{id}/deny", summary: "Deny with a note", permission: "approvals:decide", body: DecideBody, response: ApprovalView },
];
