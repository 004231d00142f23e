import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNext } from "@/lib/auth/safe-next";
import { currentUser } from "@/lib/auth/session";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNext(next));
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-2xl">
        <div className="mb-6">
          <div className="flex items-center gap-2 text-lg font-semibold text-slate-900">
            <span className="inline-block h-3 w-3 rounded-sm bg-indigo-600" aria-hidden /> Replay Audit
          </div>
          <p className="mt-1 text-sm text-slate-500">Runtime governance for AI agents that act.</p>
        </div>
        <SignInForm next={safeNext(next)} />
      </div>
    </main>
  );
}
