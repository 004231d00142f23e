// npm start as a user runs it (npm → start.mjs → with-db.mjs → bash/npx → next-server, plus embedded Postgres): a
// SIGTERM or SIGINT to any level must stop the whole tree and free both ports. Needs a production build (`npm test`
// builds first); skips with a message without one. Uses its own embedded cluster in a temporary directory.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive, descendants } from "../scripts/process-tree.mjs";

const root = path.resolve(import.meta.dirname, "..");
const built = existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
if (!built) console.warn("[process-tree.test] skipped: no production build (.next/BUILD_ID); run `npm run build` first");

const dataDir = mkdtempSync(path.join(os.tmpdir(), "ra-tree-pg-"));
const started: ChildProcess[] = [];

/** A port nobody listens on right now (the OS picks it), unless the caller fixed one. */
async function freePort(fixed?: string): Promise<number> {
  if (fixed) return Number(fixed);
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Whether something still accepts connections on the port (the app or Postgres). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect({ port, host: "127.0.0.1" });
    c.once("connect", () => { c.destroy(); resolve(true); });
    c.once("error", () => resolve(false));
  });
}

const cmdline = (pid: number) => {
  try { return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " "); } catch { return ""; }
};

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number, log: () => string) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `npm start` on its own ports and data directory, waits until it serves, and returns its process tree. */
async function startServer() {
  const port = await freePort(process.env.PROCESS_TREE_PORT);
  const pgPort = await freePort(process.env.PROCESS_TREE_PG_PORT);
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: dataDir,
    ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: "process-tree-test-1", NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  delete env.E2E_DATABASE_URL;
  // its own process group, so afterAll can clean up whatever a failing run left behind
  const npm = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  started.push(npm);
  let out = "";
  npm.stdout!.on("data", (d) => (out += d));
  npm.stderr!.on("data", (d) => (out += d));
  const log = () => out;
  await until("the server to answer /api/health", async () => {
    if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}\n${out.slice(-4000)}`);
    return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
  }, 240_000, log);
  const tree = [npm.pid!, ...descendants(npm.pid!)];
  const find = (re: RegExp) => tree.filter((p) => re.test(cmdline(p)));
  return { port, pgPort, npm, tree, log, withDb: find(/with-db\.mjs/)[0], nextServer: find(/next-server|next\/dist\/bin\/next|next start/).at(-1), postgres: find(/\/postgres\b.*-D|bin\/postgres/) };
}

/** Sends `signal` to one process of the tree and expects every process of it gone and both ports free. */
async function expectTreeStops(target: keyof Pick<Awaited<ReturnType<typeof startServer>>, "npm" | "withDb" | "nextServer">, signal: NodeJS.Signals) {
  const s = await startServer();
  expect(s.withDb, "with-db.mjs in the tree").toBeTruthy();
  expect(s.nextServer, "next-server in the tree").toBeTruthy();
  expect(s.postgres.length, "embedded Postgres in the tree").toBeGreaterThan(0);
  expect(await listening(s.pgPort)).toBe(true);
  const pid = target === "npm" ? s.npm.pid! : s[target]!;
  process.kill(pid, signal);
  await until(`every process of the tree to exit after ${signal} to ${target}`, () => s.tree.every((p) => !alive(p)), 30_000,
    () => `${s.log()}\nstill running:\n${s.tree.filter(alive).map((p) => `${p} ${cmdline(p)}`).join("\n")}`);
  expect(s.tree.filter(alive)).toEqual([]);
  expect(await listening(s.port), `app port ${s.port} freed`).toBe(false);
  expect(await listening(s.pgPort), `Postgres port ${s.pgPort} freed`).toBe(false);
}

describe.skipIf(!built)("npm start's process tree", () => {
  afterAll(() => {
    for (const c of started) try { process.kill(-c.pid!, "SIGKILL"); } catch { /* gone, as it should be */ }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("SIGTERM to npm stops next-server and Postgres and frees both ports", () => expectTreeStops("npm", "SIGTERM"), 300_000);
  it("SIGTERM to with-db.mjs stops next-server and Postgres and frees both ports", () => expectTreeStops("withDb", "SIGTERM"), 300_000);
  it("SIGINT to next-server stops the rest of the tree, Postgres included", () => expectTreeStops("nextServer", "SIGINT"), 300_000);
});
