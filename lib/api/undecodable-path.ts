import { NextResponse } from "next/server";

/**
 * The answer to an /api/ path with a segment that is not percent-encoded UTF-8 (`%ED%A0%80`, a lone surrogate;
 * `%FF`): Next.js fails to decode the route's params before any handler runs and answers a bare 500, so proxy.ts
 * refuses such a path first with the 4xx withApi would give, naming the segment. Null when every segment decodes.
 */
export function undecodableApiPath(pathname: string): Response | null {
  const segments = pathname.split("/");
  for (let i = 0; i < segments.length; i++) {
    try {
      decodeURIComponent(segments[i]);
    } catch {
      const reason = `path segment ${JSON.stringify(segments[i])} is not valid percent-encoded UTF-8 (a lone surrogate or a stray byte)`;
      return NextResponse.json({ error: { code: "validation_failed", message: `invalid path: ${reason}`, details: [{ field: "path", message: reason, in: "path" }] } }, { status: 422 });
    }
  }
  return null;
}
