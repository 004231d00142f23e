"use client";
import type { EventRow } from "@/lib/events/schemas";

/** Execution graph of a trace (issue 4). Placeholder until the graph lands. */
export function TraceGraphTab({ traceId }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  return <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">Execution graph of {traceId} is being built.</div>;
}
