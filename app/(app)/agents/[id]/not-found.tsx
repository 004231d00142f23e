"use client";
import Link from "next/link";
import { useParams } from "next/navigation";

export default function AgentNotFound() {
  const params = useParams<{ id?: string }>();
  const id = params?.id ? decodeURIComponent(params.id) : null;
  return (
    <main className="mx-auto mt-16 max-w-xl rounded-md border border-slate-200 bg-white p-8 text-center" data-testid="agent-not-found">
      <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">404 · Agent not found</div>
      <h1 className="mt-2 text-lg font-semibold text-slate-900">
        No agent {id ? <code className="rounded bg-slate-100 px-1.5 font-mono text-base">{id}</code> : "with this id"} is registered.
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        The id may be mistyped. Agents are identified by the id they were created with (e.g. <code>crm-sync</code>); an admin
        creates new ones on the Agents page.
      </p>
      <Link href="/agents" className="mt-6 inline-block rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
        Back to agents
      </Link>
    </main>
  );
}
