// POST /api/v1/approvals/{id}/deny — a person denies one exact step, with a note
import { withApi } from "@/lib/api/with-api";
import { decideApproval } from "@/lib/approvals/approvals";
import { DecideBody } from "@/lib/approvals/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "approvals:decide", body: DecideBody }, async ({ principal, params, body }) =>
  decideApproval(params.id, "denied", principal, body.note),
);
