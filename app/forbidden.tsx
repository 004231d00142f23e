"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";

function Need() {
  const need = useSearchParams().get("need");
  return need ? <code className="rounded bg-slate-100 px-1">{need}</code> : <>this permission</>;
}

/** The 403 page (forbidden() anywhere, and /forbidden?need=… where requireUser() sends a role that lacks a permission). */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-12 text-center" data-testid="forbidden">
      <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">403 · Not allowed</div>
      <h1 className="mt-2 text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-600">
        Your role does not include <Suspense fallback="this permission"><Need /></Suspense>. Ask an admin.
      </p>
      <Link href="/traces" className="mt-6 inline-block text-indigo-600 hover:underline">Back to traces</Link>
    </main>
  );
}
