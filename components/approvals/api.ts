import type { ApprovalView } from "@/lib/approvals/schemas";

/** An API failure with its HTTP status and the server's own code and message (409 / 403 are shown as sent). */
export class ApiRequestError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "network", "could not reach the server; check your connection and try again");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) throw new ApiRequestError(401, "unauthenticated", "your session has ended; sign in again");
    throw new ApiRequestError(res.status, json?.error?.code ?? "error", json?.error?.message ?? `request failed (HTTP ${res.status})`);
  }
  return json as T;
}

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
export function conflictText(err: ApiRequestError): string {
  const already = /is already (\w+)(?: by (\S+))?/.exec(err.message);
  if (already) return `Already ${already[1]}${already[2] ? ` by ${already[2]}` : ""}. Nothing was changed.`;
  if (/expired/.test(err.message)) return "This request expired before a decision was recorded. The agent must ask again.";
  return err.message;
}
