import pg from "pg";

/**
 * A plain pg pool beside Prisma, for the few set-based SQL statements on hot paths (batch ingest)
 * where one `unnest` statement replaces hundreds of ORM calls. Everything else goes through Prisma.
 */
const g = globalThis as unknown as { pgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!g.pgPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    g.pgPool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    g.pgPool.on("error", (e) => console.error("[pg] idle client error", e.message));
  }
  return g.pgPool;
}
