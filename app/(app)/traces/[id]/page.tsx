import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TraceDetailClient } from "@/components/trace/trace-detail-client";
import { requireUser } from "@/lib/auth/session";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraceEvents } from "@/lib/traces/list-trace-events";
import { PAGE_SIZE } from "@/components/trace/page-size";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Trace ${decodeURIComponent(id)} · Replay Audit` };
}

/** One trace: summary, timeline by governance stage, plan view, event inspector with the raw evidence. */
export default async function TracePage({ params }: Props) {
  const { id: rawId } = await params;
  const id = decodeURIComponent(rawId);
  await requireUser("traces:read", `/traces/${encodeURIComponent(id)}`);
  const [trace, events] = await Promise.all([getTrace(id), listTraceEvents(id, { limit: PAGE_SIZE })]);
  if (!trace) notFound();
  return <TraceDetailClient initialTrace={trace} initialEvents={events} />;
}
