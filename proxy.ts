import { NextResponse, type NextRequest } from "next/server";
import { requestProtocol } from "@/lib/api/request-origin";
import { API_CSP, HSTS, newNonce, pageCsp } from "@/lib/http/security-headers";

// the paths that are pages a person must be signed in for: not the API (it answers 401 itself), sign-in, Next's
// assets or static files
const SIGNED_IN_PAGE = /^\/(?!api\/|signin|_next\/|favicon\.ico|.*\.[a-z0-9]+$).*/;

/**
 * Two jobs on every request but Next's static assets.
 * 1. Security headers that depend on the request: a Content-Security-Policy with a fresh nonce for pages (also set on
 *    the request, which is where Next reads the nonce for its own scripts), a locked-down one for the API, and HSTS
 *    when the browser came over https (lib/http/security-headers.ts).
 * 2. A browser without a session cookie is sent to sign-in, remembering the page it asked for (filters included), so a
 *    shared link still lands where it points. This is convenience only: every page and route checks the session
 *    itself (lib/auth), which is where access is decided.
 */
export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const https = requestProtocol(req.headers, req.nextUrl) === "https:";
  const isApi = path.startsWith("/api/");
  const csp = isApi ? API_CSP : pageCsp(newNonce(), { https, dev: process.env.NODE_ENV === "development" });

  let res: NextResponse;
  if (SIGNED_IN_PAGE.test(path) && !req.cookies.has("ra_session")) {
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
  matcher: ["/((?!_next/static|_next/image).*)"],
};
