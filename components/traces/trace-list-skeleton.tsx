/** Placeholder rows while the first page of traces loads (server navigation and client fetches). */
export function TraceListSkeleton({ rows = 12 }: { rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" aria-busy="true" aria-label="Loading traces">
      <div className="h-9 border-b border-slate-200 bg-slate-50" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-10 animate-pulse items-center gap-4 border-b border-slate-100 px-3 last:border-0">
          <div className="h-3 w-36 rounded bg-slate-200" />
          <div className="h-3 w-24 rounded bg-slate-100" />
          <div className="h-3 flex-1 rounded bg-slate-100" />
          <div className="h-4 w-40 rounded bg-slate-100" />
          <div className="h-4 w-16 rounded bg-slate-200" />
          <div className="h-3 w-20 rounded bg-slate-100" />
          <div className="h-4 w-28 rounded bg-slate-100" />
          <div className="h-3 w-14 rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}
