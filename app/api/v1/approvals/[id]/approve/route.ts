// POST /api/v1/approvals/{id}/approve — a person approves one exact step (exactly one outcome wins a race)
import { withApi } from "@/lib/api/with-api";
import { decideApproval } from "@/lib/approvals/approvals";
import { DecideBody } from "@/lib/approvals/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "approvals:decide", body: DecideBody }, async ({ principal, params, body }) =>
  decideApproval(params.id, "approved", principal, body.note),
);
