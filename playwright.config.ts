import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_ADMIN = { email: "admin@example.com", password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-1" };

const serverEnv = {
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? "",
  ADMIN_EMAIL: E2E_ADMIN.email,
  ADMIN_PASSWORD: E2E_ADMIN.password,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
  WEBHOOK_SECRET: "e2e-webhook-secret",
};

export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  webServer: [
    {
      // the real production server (npm start) on the e2e database prepared by scripts/with-db.mjs --test
      command: "node scripts/start.mjs",
      env: { ...serverEnv, PORT: String(PORT) },
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: "pipe",
    },
    {
      // a second app process on the same database (no seeding), for exactly-once approval decisions across servers
      command: `node scripts/with-db.mjs --quiet node node_modules/next/dist/bin/next start -p ${PORT + 1} -H 127.0.0.1`,
      env: { ...serverEnv, PORT: String(PORT + 1) },
      url: `http://127.0.0.1:${PORT + 1}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
