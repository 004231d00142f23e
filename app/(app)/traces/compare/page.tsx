import type { Metadata } from "next";
import { CompareClient } from "@/components/replay/compare-client";
import { ApiError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { compareTraces } from "@/lib/replay/compare-traces";
import { CompareQuery, type CompareResponse } from "@/lib/replay/schemas";

export const metadata: Metadata = { title: "Compare traces · Replay Audit" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Two traces side by side (?a=&b=): steps aligned, differences highlighted. Without both ids, only the picker. */
export default async function ComparePage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const a = first(raw.a).trim();
  const b = first(raw.b).trim();
  const qs = new URLSearchParams({ ...(a ? { a } : {}), ...(b ? { b } : {}) });
  await requireUser("traces:read", `/traces/compare${qs.size ? `?${qs}` : ""}`);

  let data: CompareResponse | null = null;
  let error: string | null = null;
  if (a || b) {
    const parsed = CompareQuery.safeParse({ a, b });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      error = `${String(issue.path[0])}: ${issue.message}`;
    } else {
      try {
        data = await compareTraces(parsed.data.a, parsed.data.b);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        error = e.message;
      }
    }
  }
  return <CompareClient a={a} b={b} data={data} error={error} />;
}
