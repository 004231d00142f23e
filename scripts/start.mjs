// npm start: build if there is no build yet, then (via with-db) start/choose the database, apply migrations,
// seed an empty database with demo data and a first admin, and serve the app.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { superviseTree } from "./process-tree.mjs";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });

if (!existsSync(path.join(root, distDir, "BUILD_ID"))) {
  console.error("[start] no production build yet: running `npm run build` (about a minute, once)");
  const b = run("npm", ["run", "-s", "build"]);
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const port = process.env.PORT ?? "3000";
const child = spawn("node", ["scripts/with-db.mjs", "bash", "-c",
  `npx tsx --conditions=react-server prisma/seed.ts && exec npx next start -p ${port} -H ${process.env.HOST ?? "127.0.0.1"}`],
{ cwd: root, stdio: "inherit", env: process.env });
// a signal here (npm forwards SIGINT/SIGTERM) or npm dying stops with-db and, through it, next-server and Postgres
superviseTree(child, { label: "start", childFirst: true });
