import { TraceListSkeleton } from "@/components/traces/trace-list-skeleton";

export default function Loading() {
  return (
    <div className="space-y-3">
      <div className="h-12 w-64 animate-pulse rounded bg-slate-200/60" />
      <div className="h-[108px] animate-pulse rounded-lg border border-slate-200 bg-white" />
      <TraceListSkeleton />
    </div>
  );
}
