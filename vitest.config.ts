import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run server modules directly
      "server-only": path.resolve(import.meta.dirname, "scripts/empty-module.cjs"),
    },
  },
  test: {
    include: ["engine/**/*.test.ts", "lib/**/*.test.ts", "tests/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
