"use client";
import Link from "next/link";
import { useParams } from "next/navigation";

export default function PolicyBundleNotFound() {
  const params = useParams<{ id?: string }>();
  const id = params?.id ? decodeURIComponent(params.id) : null;
  return (
    <main className="mx-auto mt-16 max-w-xl rounded-md border border-slate-200 bg-white p-8 text-center" data-testid="policy-not-found">
      <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">404 · Policy bundle not found</div>
      <h1 className="mt-2 text-lg font-semibold text-slate-900">
        No policy bundle version {id ? <code className="rounded bg-slate-100 px-1.5 font-mono text-base">{id}</code> : "with this id"} is stored.
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        The id may be mistyped. Every uploaded version keeps its id; the Policies page lists them per environment, with the
        one in force marked active.
      </p>
      <Link href="/policies" className="mt-6 inline-block rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
        Back to policies
      </Link>
    </main>
  );
}
