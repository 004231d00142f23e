import { NextResponse, type NextRequest } from "next/server";
import { badUrlResponse } from "@/lib/api/bad-url";
import { requestProtocol } from "@/lib/api/request-origin";
import { API_CSP, HSTS, newNonce, pageCsp } from "@/lib/http/security-headers";

// the paths that are pages a person must be signed in for: not the API (it answers 401 itself), sign-in, Next's
// assets or static files
const SIGNED_IN_PAGE = /^\/(?!api\/|signin|_next\/|favicon\.ico|.*\.[a-z0-9]+$).*/;

/**
 * Three jobs on every page request (and on API paths that are percent-encoded, see the matcher).
 * 1. URLs no handler should see (lib/api/bad-url.ts): Next answers an undecodable segment with a bare 500, and pages
 *    would pass U+0000 or a lone surrogate on to Postgres.
 * 2. Security headers that depend on the request: a Content-Security-Policy with a fresh nonce for pages (also set on
 *    the request, which is where Next reads the nonce for its own scripts) and HSTS when the browser came over https
 *    (lib/http/security-headers.ts). API responses get theirs from next.config.ts.
 * 3. A browser without a session cookie is sent to sign-in, remembering the page it asked for (filters included), so a
 *    shared link still lands where it points. This is convenience only: every page and route checks the session
 *    itself (lib/auth), which is where access is decided.
 */
export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const isApi = path.startsWith("/api/");
  const https = requestProtocol(req.headers, req.nextUrl) === "https:";
  const csp = isApi ? API_CSP : pageCsp(newNonce(), { https, dev: process.env.NODE_ENV === "development" });

  let res: NextResponse | Response | null = badUrlResponse(req.nextUrl, isApi);
  if (res) {
    // fall through to the headers below
  } else if (SIGNED_IN_PAGE.test(path) && !req.cookies.has("ra_session")) {
    const url = req.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?next=${encodeURIComponent(path + req.nextUrl.search)}`;
    res = NextResponse.redirect(url);
  } else if (isApi) {
    res = NextResponse.next();
  } else {
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("Content-Security-Policy", csp);
  if (https) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

export const config = {
  matcher: [
    // every page, sign-in included; not Next's static assets, and not the API
    "/((?!api/|_next/static|_next/image).*)",
    // API paths only when percent-encoded: Next answers an undecodable segment with a bare 500 (lib/api/bad-url.ts).
    // Kept this narrow because Next buffers the body of every request the proxy sees (and cuts it at 10 MB,
    // experimental.proxyClientMaxBodySize), which a 110 MB evidence upload or a 5 MB ingest batch must not go through.
    "/api/(.*%.*)",
  ],
};
