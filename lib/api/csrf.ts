import { ApiError } from "./errors";
import { requestOrigin } from "./request-origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type CsrfRule = {
  /** Media types the route documents for its body; default `application/json`. */
  accepts?: readonly string[];
  /** The route reads a body (a JSON schema or its own types); false: a bodiless request may omit the content type. */
  hasBody: boolean;
};

/**
 * Refuses a state-changing request that a page on another origin could have made with the person's cookies.
 *
 * - `Sec-Fetch-Site` (sent by every current browser) must say `same-origin` (or `none`: typed by the person). A page
 *   on another port of the same host is `same-site`, which carries SameSite=Lax cookies and is refused here.
 * - Without it, an `Origin` header must equal this app's origin.
 * - With neither, the request is not from a browser (curl, scripts, tests), so no one's cookies were borrowed.
 * - The body must be one of the route's documented types: `application/json` for JSON routes, because a page on
 *   another origin can send `text/plain`, form-encoded and multipart bodies without a CORS preflight, but not JSON.
 *
 * Requests with an agent key (`Authorization: Bearer`) are not checked: browsers never add that header by themselves.
 * The rule follows Go's net/http CrossOriginProtection; lib/api/README.md says why.
 */
export function assertSameOriginRequest(req: Request & { nextUrl?: URL }, rule: CsrfRule): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  if (/^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return;
  assertSameOrigin(req);
  assertContentType(req, rule);
}

function assertSameOrigin(req: Request & { nextUrl?: URL }): void {
  const site = req.headers.get("sec-fetch-site")?.toLowerCase();
  if (site) {
    if (site === "same-origin" || site === "none") return;
    throw new ApiError("cross_origin_request", `refused: this request came from another site or origin (Sec-Fetch-Site: ${site}); changes can only be made from this app's own pages`);
  }
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const own = requestOrigin(req.headers, req.nextUrl ?? new URL(req.url));
  if (origin !== own) {
    throw new ApiError("cross_origin_request", `refused: Origin ${origin.slice(0, 200)} is not this app's origin ${own}; changes can only be made from this app's own pages`);
  }
}

function assertContentType(req: Request, rule: CsrfRule): void {
  const accepts = rule.accepts ?? ["application/json"];
  const raw = req.headers.get("content-type");
  if (raw === null) {
    const length = req.headers.get("content-length");
    const empty = (length === null || length === "0") && !req.headers.has("transfer-encoding");
    if (!rule.hasBody && empty) return;
    throw new ApiError("unsafe_content_type", `refused: the content-type header is missing; send ${accepts.join(" or ")}`);
  }
  const type = raw.split(";")[0].trim().toLowerCase();
  if (!accepts.includes(type) && type !== "application/json") {
    throw new ApiError("unsafe_content_type", `refused: content-type ${type.slice(0, 100) || "(empty)"} is not accepted here; send ${accepts.join(" or ")}`);
  }
}
