import type { ApprovalView } from "@/lib/approvals/schemas";

import { requestJson, type RequestError } from "@/components/ui/request-json";

export type ApprovalList = { approvals: ApprovalView[]; next_cursor: string | null; pending_count: number };

export function fetchApprovals(status: string, opts: { cursor?: string | null; limit?: number } = {}) {
  const q = new URLSearchParams({ status, limit: String(opts.limit ?? 50) });
  if (opts.cursor) q.set("cursor", opts.cursor);
  return requestJson<ApprovalList>("GET", `/api/v1/approvals?${q}`);
}

export function decide(id: string, outcome: "approve" | "deny", note: string) {
  return requestJson<ApprovalView>("POST", `/api/v1/approvals/${encodeURIComponent(id)}/${outcome}`, { note });
}

/**
 * A 409 in words an approver can act on: who already decided, or that it expired. The server's message reads
 * "approval apr_… is already approved by pat@…" or "approval apr_… expired at …".
 */
export function conflictText(err: RequestError): string {
  const already = /is already (\w+)(?: by (\S+))?/.exec(err.message);
  if (already) return `Already ${already[1]}${already[2] ? ` by ${already[2]}` : ""}. Nothing was changed.`;
  if (/expired/.test(err.message)) return "This request expired before a decision was recorded. The agent must ask again.";
  return err.message;
}
