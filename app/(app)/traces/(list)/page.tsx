import type { Metadata } from "next";
import { headers } from "next/headers";
import { filtersFromParams, filtersToQuery } from "@/components/traces/trace-filters";
import { TraceListClient } from "@/components/traces/trace-list-client";
import { ApiError, zodToApiError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { listAgentOptions } from "@/lib/traces/list-agent-options";
import { listTraces } from "@/lib/traces/list-traces";
import { TraceListQuery, type TraceListResponse } from "@/lib/traces/schemas";

export const metadata: Metadata = { title: "Traces" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Trace list: loads the first page for the URL's filters on the server; the client keeps it live. */
export default async function TracesPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) params.set(k, Array.isArray(v) ? v[0] : v);
  await requireUser("traces:read", `/traces${params.size ? `?${params}` : ""}`);

  // The same canonical query the client will send to GET /api/v1/traces.
  const initialQuery = filtersToQuery(filtersFromParams(params));
  const parsed = TraceListQuery.safeParse(Object.fromEntries(new URLSearchParams(initialQuery)));
  let initial: TraceListResponse | null = null;
  let initialError: string | null = null;
  const [agents] = await Promise.all([
    listAgentOptions(),
    (async () => {
      if (!parsed.success) {
        initialError = zodToApiError(parsed.error, "query").message;
        return;
      }
      try {
        initial = await listTraces(parsed.data);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        initialError = e.message;
      }
    })(),
  ]);

  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");

  return (
    <TraceListClient
      initial={initial}
      initialQuery={initialQuery}
      initialError={initialError}
      agents={agents}
      now={Date.now()}
      origin={`${proto}://${host}`}
    />
  );
}
