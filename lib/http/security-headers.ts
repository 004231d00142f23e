/**
 * The security headers of every response. Static ones (nosniff, referrer policy, X-Frame-Options) are set for every
 * path in next.config.ts; the ones that depend on the request are set by proxy.ts with these functions: the page CSP
 * with a fresh nonce (Next reads it from the request's CSP header and puts it on its own inline and chunk scripts),
 * a locked-down CSP for API responses, and HSTS when the browser came over https. See lib/http/README.md.
 */

/** Headers every path gets from next.config.ts `headers()`. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // the CSP's frame-ancestors says the same; this is for browsers that predate it
  { key: "X-Frame-Options", value: "DENY" },
];

/** A year, with subdomains: the value browsers' preload lists expect. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** 128 random bits, base64: unguessable per response, as a CSP nonce must be. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP of an HTML page. Scripts run only with this response's nonce, or when loaded by a script that has it
 * ('strict-dynamic': Next's chunk loader, the ELK web worker module). Styles allow 'unsafe-inline' because React
 * renders `style` props as attributes (React Flow positions every node that way), which a nonce cannot cover; CSS
 * cannot run code. Images allow data: and blob: for the graph's PNG/SVG export; workers 'self' and blob:.
 */
export function pageCsp(nonce: string, opts: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The CSP of an API response: nothing in it may load or run anything, and it may not be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
