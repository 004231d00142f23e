// Process-tree helpers for start.mjs and with-db.mjs: `npm start` is npm → node start.mjs → node with-db.mjs →
// bash → npx → next-server (plus the embedded Postgres under with-db), and a signal to any level must stop the
// levels below it. Killing only the direct child is not enough: bash and npx die without taking next-server along.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
export const STOP_SIGNALS = Object.keys(SIGNAL_EXIT);

/** pid → parent pid of every process, from /proc (Linux) or `ps` elsewhere. */
function parentTable() {
  const table = new Map();
  if (existsSync("/proc/self/stat")) {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        // "pid (comm) state ppid …" — comm may contain spaces and parentheses, so split after the last ")"
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] !== "Z") table.set(Number(name), Number(fields[1]));
      } catch { /* exited meanwhile */ }
    }
  } else {
    const out = spawnSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout ?? "";
    for (const line of out.split("\n")) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid) table.set(pid, ppid);
    }
  }
  return table;
}

/** Every live (non-zombie) descendant of `pid`, children before grandchildren. */
export function descendants(pid) {
  const table = parentTable();
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [child, parent] of table) if (parent === p) { out.push(child); queue.push(child); }
  }
  return out;
}

/** Whether `pid` is still running (a zombie counts as gone: PID 1 here does not always reap). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return !existsSync("/proc/self/stat");
  }
}

function signal(pid, sig) {
  try { process.kill(pid, sig); } catch { /* already gone */ }
}

/**
 * Sends `sig` to every process in `pids`, waits up to `graceMs` for them to exit, then SIGKILLs the rest. Resolves
 * once none is left, so the caller can release what they were using (Postgres, ports) after them.
 */
export async function stopAll(pids, sig = "SIGTERM", graceMs = 5000) {
  for (const p of pids) signal(p, sig);
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of pids.filter(alive)) signal(p, "SIGKILL");
  while (pids.some(alive)) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Supervises `child` and everything it starts. Keeps a fresh list of its descendants (once a second, so processes
 * reparented after their parent died are still known), and when this process gets SIGINT/SIGTERM/SIGHUP, when its
 * own parent dies, or when the child exits leaving descendants behind, stops all of them. Then runs `cleanup` and
 * exits with the child's code (or 128 + signal number). Replaces any earlier handlers of those signals: the caller
 * decides the order of shutdown. `childFirst`: signal only the child and give it time to stop its own tree (with-db
 * stops Postgres after the app), then stop whatever is left.
 */
export function superviseTree(child, { cleanup = async () => {}, label = "supervisor", childFirst = false } = {}) {
  let known = new Set();
  const refresh = () => {
    if (child.pid && alive(child.pid)) for (const p of [child.pid, ...descendants(child.pid)]) known.add(p);
    known = new Set([...known].filter(alive));
  };
  refresh();
  const poll = setInterval(refresh, 1000);
  poll.unref();

  let stopping = null;
  const stop = (sig, code) => {
    if (stopping) return stopping;
    clearInterval(poll);
    refresh();
    stopping = (async () => {
      if (childFirst && child.pid) await stopAll([child.pid], sig, 15_000);
      refresh();
      await stopAll([...known].filter((p) => p !== process.pid), sig);
      await cleanup().catch((e) => console.error(`[${label}] cleanup failed: ${e?.message ?? e}`));
      process.exit(code);
    })();
    return stopping;
  };

  for (const sig of STOP_SIGNALS) {
    process.removeAllListeners(sig);
    process.on(sig, () => stop(sig, SIGNAL_EXIT[sig]));
  }
  // parent killed without a chance to tell us (SIGKILL, crash): we were reparented, so stop on our own
  const parent = process.ppid;
  const watch = setInterval(() => { if (process.ppid !== parent) stop("SIGTERM", SIGNAL_EXIT.SIGTERM); }, 500);
  watch.unref();

  child.on("exit", (code, sig) => stop("SIGTERM", code ?? (sig ? SIGNAL_EXIT[sig] ?? 1 : 0)));
  // the command could not be started at all (not found, not executable): say so instead of crashing on the event
  child.on("error", (e) => {
    console.error(`[${label}] could not run ${child.spawnargs.join(" ")}: ${e.message}`);
    stop("SIGTERM", 127);
  });
  return { stop };
}
