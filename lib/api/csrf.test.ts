import { describe, expect, it } from "vitest";
import { assertSameOriginRequest } from "./csrf";
import { ApiError } from "./errors";

const APP = "http://127.0.0.1:3000";

function req(method: string, headers: Record<string, string>, body?: string) {
  return new Request(`${APP}/api/v1/users`, { method, headers: { host: "127.0.0.1:3000", ...headers }, body });
}

function code(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof ApiError) return `${e.status} ${e.code}`;
    throw e;
  }
}

const json = { "content-type": "application/json" };

describe("assertSameOriginRequest", () => {
  it("lets this app's own pages and non-browser clients change things", () => {
    expect(code(() => assertSameOriginRequest(req("POST", { ...json, "sec-fetch-site": "same-origin", origin: APP }, "{}"), { hasBody: true }))).toBeNull();
    expect(code(() => assertSameOriginRequest(req("POST", { ...json, origin: APP }, "{}"), { hasBody: true }))).toBeNull();
    expect(code(() => assertSameOriginRequest(req("POST", json, "{}"), { hasBody: true }))).toBeNull(); // curl, scripts
    expect(code(() => assertSameOriginRequest(req("DELETE", { "sec-fetch-site": "same-origin" }), { hasBody: false }))).toBeNull();
  });

  it("refuses another port of the same host (same-site) and other sites", () => {
    for (const site of ["same-site", "cross-site"]) {
      expect(code(() => assertSameOriginRequest(req("POST", { ...json, "sec-fetch-site": site, origin: "http://127.0.0.1:4000" }, "{}"), { hasBody: true }))).toBe("403 cross_origin_request");
    }
    expect(code(() => assertSameOriginRequest(req("POST", { ...json, origin: "http://127.0.0.1:4000" }, "{}"), { hasBody: true }))).toBe("403 cross_origin_request");
    expect(code(() => assertSameOriginRequest(req("POST", { ...json, origin: "null" }, "{}"), { hasBody: true }))).toBe("403 cross_origin_request");
  });

  it("refuses bodies a cross-origin page could send without a preflight", () => {
    const same = { "sec-fetch-site": "same-origin" };
    expect(code(() => assertSameOriginRequest(req("POST", { ...same, "content-type": "text/plain" }, "{}"), { hasBody: true }))).toBe("403 unsafe_content_type");
    expect(code(() => assertSameOriginRequest(req("POST", { ...same, "content-type": "application/x-www-form-urlencoded" }, "a=b"), { hasBody: true }))).toBe("403 unsafe_content_type");
    expect(code(() => assertSameOriginRequest(req("POST", same), { hasBody: true }))).toBe("403 unsafe_content_type");
    expect(code(() => assertSameOriginRequest(req("POST", { ...same, "content-type": "text/plain" }, ""), { hasBody: false }))).toBe("403 unsafe_content_type");
  });

  it("accepts a route's documented type", () => {
    const zip = { accepts: ["multipart/form-data", "application/zip"], hasBody: true };
    expect(code(() => assertSameOriginRequest(req("POST", { "content-type": "multipart/form-data; boundary=x", origin: APP }, "--x--"), zip))).toBeNull();
    expect(code(() => assertSameOriginRequest(req("POST", { "content-type": "text/plain", origin: APP }, "x"), zip))).toBe("403 unsafe_content_type");
  });

  it("leaves safe methods and agent keys alone", () => {
    expect(code(() => assertSameOriginRequest(req("GET", { "sec-fetch-site": "cross-site" }), { hasBody: false }))).toBeNull();
    expect(code(() => assertSameOriginRequest(req("POST", { authorization: "Bearer ra_live_x", "content-type": "text/plain", "sec-fetch-site": "cross-site" }, "x"), { hasBody: true }))).toBeNull();
  });
});
