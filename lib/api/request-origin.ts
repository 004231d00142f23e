/**
 * The origin the browser used to reach this app (`http://127.0.0.1:3000`), from the request itself: the protocol and
 * host a reverse proxy reports in `X-Forwarded-Proto` / `X-Forwarded-Host` (Next's own server fills both from the
 * socket when no proxy did), else the request URL. A cross-site page cannot set those headers on a request that
 * carries cookies without a CORS preflight, which this app never answers, so they are safe to use for the CSRF check.
 */
export function requestOrigin(headers: Headers, url: URL): string {
  return `${requestProtocol(headers, url)}//${firstValue(headers.get("x-forwarded-host")) ?? headers.get("host") ?? url.host}`;
}

/** `https:` when the browser's connection is https (as the nearest proxy reports it), else the URL's protocol. */
export function requestProtocol(headers: Headers, url: URL): "http:" | "https:" {
  const forwarded = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase();
  if (forwarded === "https" || forwarded === "http") return `${forwarded}:`;
  return url.protocol === "https:" ? "https:" : "http:";
}

function firstValue(v: string | null): string | undefined {
  return v?.split(",")[0]?.trim() || undefined;
}
