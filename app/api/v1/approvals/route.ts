// GET /api/v1/approvals — the approval queue for people (status filter, newest first, cursor)
import { withApi } from "@/lib/api/with-api";
import { listApprovals } from "@/lib/approvals/approvals";
import { ApprovalListQuery } from "@/lib/approvals/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "user", permission: "approvals:read", query: ApprovalListQuery }, async ({ query }) => listApprovals(query));
