import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RuntimeEvent } from "@/engine/events/schema";

/** The clock the test fixtures seed the demo at. */
export const DEMO_NOW = new Date("2026-11-21T12:00:00.000Z");

const ROOT = path.resolve(import.meta.dirname, "..");

/** Everything the seed's output depends on: the engine, lib (the seed, evaluate, approvals, ingest) and the migrations. */
function sourcesHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, name.name);
      if (name.isDirectory()) { if (name.name !== "generated" && name.name !== "fixtures") walk(p); continue; }
      if (/\.test\.ts$/.test(name.name) || !/\.(ts|cedar|cedarschema|yaml|sql)$/.test(name.name)) continue;
      h.update(path.relative(ROOT, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  for (const d of ["engine", "lib", "prisma/migrations"]) walk(path.join(ROOT, d));
  return h.update(DEMO_NOW.toISOString()).digest("hex").slice(0, 16);
}

/**
 * The demo traces' events as the seed stores them — decided by the engine through evaluatePlan, executions through
 * ingest, approvals through the approval path — in demo order, each trace in chain order. lib tests use them to check
 * what the demo data claims (engine tests never do: they play stories in memory, engine/testing/). The first call
 * after a source change seeds the test database (so it needs one, like any DB test) and caches the events in
 * `.data/demo-events/<hash of engine, lib, migrations>.json`; later calls read the cache.
 */
export async function seededDemoEvents(): Promise<RuntimeEvent[]> {
  const file = path.join(ROOT, ".data", "demo-events", `${sourcesHash()}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as RuntimeEvent[];
  process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString("base64");
  const { resetDatabase } = await import("./test-db");
  const { seedDatabase } = await import("@/lib/demo/seed-database");
  const { prisma } = await import("@/lib/db");
  await resetDatabase();
  const seeded = await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "demo-fixture-password", now: DEMO_NOW });
  const order = seeded.played!.map((p) => p.traceId);
  const rows = await prisma.event.findMany({ where: { traceId: { in: order } }, orderBy: [{ traceId: "asc" }, { seq: "asc" }], select: { traceId: true, body: true } });
  const byTrace = new Map<string, RuntimeEvent[]>(order.map((id) => [id, []]));
  for (const r of rows) byTrace.get(r.traceId)!.push(r.body as RuntimeEvent);
  const events = order.flatMap((id) => byTrace.get(id)!);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(events));
  renameSync(`${file}.tmp`, file);
  return events;
}
