import { NextResponse, type NextRequest } from "next/server";
import { badUrlResponse } from "@/lib/api/bad-url";

/**
 * Sends a browser without a session cookie to sign-in, remembering the page it asked for (filters included),
 * so a shared link still lands where it points after signing in. This is convenience only: every page and
 * route checks the session itself (lib/auth), which is where access is decided.
 */
export function proxy(req: NextRequest) {
  const api = req.nextUrl.pathname.startsWith("/api/");
  const bad = badUrlResponse(req.nextUrl, api); // lib/api/bad-url.ts: URLs Next or Postgres would answer with a 500
  if (bad || api) return bad ?? NextResponse.next();
  if (req.cookies.has("ra_session")) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?next=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // pages only: not the API (it answers 401 itself), sign-in, Next's assets or static files
  matcher: [
    "/((?!api/|signin|_next/|favicon\\.ico|.*\\.[a-z0-9]+$).*)",
    // API paths only when percent-encoded: Next answers an undecodable segment with a bare 500 (lib/api/bad-url.ts).
    // Kept this narrow because a proxied request's body is copied for the proxy, which an upload must not pay for.
    "/api/(.*%.*)",
  ],
};
