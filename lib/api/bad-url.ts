import { NextResponse } from "next/server";
import { stringProblem } from "@/engine/events/batch";

/**
 * The answer to a URL no handler should see, or null when it is fine. For every path: a segment that is not
 * percent-encoded UTF-8 (`%ED%A0%80`, a lone surrogate; `%FF`) — Next.js fails to decode the route's params before
 * any handler runs and answers a bare 500. For pages also U+0000 or a lone surrogate in a segment or a query value,
 * which the pages would pass to Postgres (API routes refuse those in withApi, naming the field). proxy.ts calls it.
 */
export function badUrlResponse(url: URL, api: boolean): Response | null {
  const problem = urlProblem(url, api);
  if (!problem) return null;
  if (api) {
    return NextResponse.json({ error: { code: "validation_failed", message: `invalid ${problem.in}: ${problem.field}: ${problem.reason}`, details: [problem] } }, { status: 422 });
  }
  return new NextResponse(`Bad request: ${problem.in} ${problem.field}: ${problem.reason}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function urlProblem(url: URL, api: boolean): { field: string; message: string; reason: string; in: "path" | "query" } | null {
  for (const raw of url.pathname.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      const reason = `segment ${JSON.stringify(raw)} is not valid percent-encoded UTF-8 (a lone surrogate or a stray byte)`;
      return { field: "path", message: reason, reason, in: "path" };
    }
    const reason = api ? null : stringProblem(segment);
    if (reason) return { field: "path", message: `segment ${JSON.stringify(raw)}: ${reason}`, reason: `segment ${JSON.stringify(raw)}: ${reason}`, in: "path" };
  }
  if (api) return null;
  for (const [k, v] of url.searchParams) {
    const reason = stringProblem(k) ?? stringProblem(v);
    if (reason) return { field: k, message: reason, reason, in: "query" };
  }
  return null;
}
