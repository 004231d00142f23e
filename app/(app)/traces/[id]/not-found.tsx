"use client";
import Link from "next/link";
import { useParams } from "next/navigation";

export default function TraceNotFound() {
  const params = useParams<{ id?: string }>();
  const id = params?.id ? decodeURIComponent(params.id) : null;
  return (
    <main className="mx-auto mt-16 max-w-xl rounded-md border border-slate-200 bg-white p-8 text-center" data-testid="trace-not-found">
      <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">404 · Trace not found</div>
      <h1 className="mt-2 text-lg font-semibold text-slate-900">
        No trace {id ? <code className="rounded bg-slate-100 px-1.5 font-mono text-base">{id}</code> : "with this id"} is stored.
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        The id may be mistyped, or the agent has not sent any event for it yet. Events appear as soon as they are ingested.
      </p>
      <Link href="/traces" className="mt-6 inline-block rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
        Back to traces
      </Link>
    </main>
  );
}
