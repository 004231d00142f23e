"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchApprovals } from "./api";

/** The number of approvals waiting, for the navigation badge: polls the queue's count every 5 s. */
export function usePendingApprovalCount(enabled = true): number | null {
  const q = useQuery({
    queryKey: ["approvals-pending-count"],
    queryFn: () => fetchApprovals("pending", { limit: 1 }),
    refetchInterval: 5000,
    refetchIntervalInBackground: true,
    enabled,
    retry: false,
  });
  return q.data?.pending_count ?? null;
}
