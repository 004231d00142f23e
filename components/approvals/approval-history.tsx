"use client";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime } from "@/components/ui/format";
import { Button, Card, ErrorBanner, td, th } from "@/components/ui/primitives";
import { fetchApprovals } from "./api";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { fmt2 } from "./evidence";

const FILTERS = [
  { value: "all", label: "All decided" },
  { value: "approved", label: "Approved" },
  { value: "denied", label: "Denied" },
  { value: "expired", label: "Expired" },
] as const;

/** Decided and expired requests, newest first: who decided, when, with what note, and the trace it belongs to. */
export function ApprovalHistory() {
  const [status, setStatus] = useState<(typeof FILTERS)[number]["value"]>("all");
  const q = useInfiniteQuery({
    queryKey: ["approvals", "history", status],
    queryFn: ({ pageParam }) => fetchApprovals(status, { cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: 10_000,
  });
  const rows = (q.data?.pages ?? []).flatMap((p) => p.approvals).filter((a) => a.status !== "pending");

  return (
    <Card
      title={<span>History <span className="font-normal text-slate-500">· decided and expired requests</span></span>}
      actions={
        <div className="inline-flex rounded-md ring-1 ring-inset ring-slate-300" role="group" aria-label="Filter by status">
          {FILTERS.map((f) => (
            <button key={f.value} type="button" onClick={() => setStatus(f.value)} aria-pressed={status === f.value}
              className={`px-2.5 py-1 text-xs first:rounded-l-md last:rounded-r-md ${status === f.value ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-50"}`}>
              {f.label}
            </button>
          ))}
        </div>
      }
    >
      {q.isError ? (
        <div className="p-4"><ErrorBanner message={`Could not load the history: ${(q.error as Error).message}`} /></div>
      ) : q.isPending ? (
        <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading history">
          {Array.from({ length: 6 }, (_, i) => <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />)}
        </div>
      ) : rows.length === 0 ? (
        <div className="px-6 py-14 text-center">
          <p className="text-sm font-semibold text-slate-900">No decided requests{status !== "all" ? ` with status ${status}` : ""}</p>
          <p className="mt-1 text-sm text-slate-500">Approvals, denials and expired requests appear here with who decided and why.</p>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="approval-history">
            <thead className="bg-slate-50">
              <tr>
                <th className={th}>Status</th>
                <th className={th}>Step</th>
                <th className={th}>Agent</th>
                <th className={`${th} text-right`}>R_total</th>
                <th className={th}>Requested</th>
                <th className={th}>Decided by</th>
                <th className={th}>Decided</th>
                <th className={th}>Note</th>
                <th className={th}>Trace</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((a) => (
                <tr key={a.id} className="hover:bg-slate-50" data-approval-id={a.id}>
                  <td className={td}><ApprovalStatusBadge status={a.status} /></td>
                  <td className={td}>
                    <span className="font-mono text-xs text-slate-500">#{a.step_index}</span>{" "}
                    <span className="font-mono text-[13px] font-medium text-slate-900">{a.tool}</span>
                    {a.capability && <div className="font-mono text-[11px] text-slate-500">{a.capability}</div>}
                  </td>
                  <td className={`${td} font-mono text-xs`}>{a.agent_id}</td>
                  <td className={`${td} text-right font-mono text-xs tabular-nums`}>{fmt2(a.projected_risk)}</td>
                  <td className={`${td} whitespace-nowrap text-xs text-slate-600`}>{formatTime(a.requested_at)}</td>
                  <td className={`${td} text-xs`}>
                    {a.decided_by ? (
                      <>
                        <div className="text-slate-900">{a.decided_by_name ?? a.decided_by}</div>
                        <div className="text-slate-500">{a.decided_by}</div>
                      </>
                    ) : (
                      <span className="text-slate-500">{a.status === "expired" ? "no one (expired)" : "—"}</span>
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap text-xs text-slate-600`}>{formatTime(a.decided_at)}</td>
                  <td className={`${td} max-w-xs text-xs text-slate-700`}>{a.note ? <span className="line-clamp-2" title={a.note}>{a.note}</span> : <span className="text-slate-500">—</span>}</td>
                  <td className={td}>
                    <Link href={`/traces/${encodeURIComponent(a.trace_id)}`} title={a.trace_id} className="inline-block max-w-[10rem] truncate align-bottom font-mono text-xs text-indigo-700 hover:underline">{a.trace_id}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.hasNextPage && (
            <div className="border-t border-slate-200 px-4 py-2.5 text-center">
              <Button size="sm" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>{q.isFetchingNextPage ? "Loading…" : "Load older"}</Button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
