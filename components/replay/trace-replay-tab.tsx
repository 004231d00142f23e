"use client";
import type { EventRow } from "@/lib/events/schemas";

/** Replay diff of a trace: intent vs decision vs outcome per step (issue 4). Placeholder until it lands. */
export function TraceReplayTab({ traceId }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  return <div className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">Replay diff of {traceId} is being built.</div>;
}
