// Prisma 6.19.3 with the wasm schema engine: the only Prisma migrate that runs offline (see tools/migrate/README.md).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";

const envFile = new URL("../../.env", import.meta.url); // Prisma 6 skips .env when a config file exists
if (!process.env.DATABASE_URL && existsSync(envFile)) process.loadEnvFile(envFile);

// prisma/orm#27403: adapter-pg cannot read Postgres `name`/`"char"` catalog columns; report them as text/text[].
const require = createRequire(import.meta.url);
const Result = require("pg/lib/result.js");
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (fields: Array<{ dataTypeID: number }>) {
  for (const f of fields) {
    if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    else if (f.dataTypeID === 1003 || f.dataTypeID === 1002) f.dataTypeID = 1009;
  }
  return addFields.call(this, fields);
};

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  adapter: async () => {
    const u = new URL(process.env.DATABASE_URL!); // discrete fields, so the shadow DB is really a separate database
    return new PrismaPg({
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      idleTimeoutMillis: 1, // else DROP DATABASE of the shadow DB fails: "being accessed by other users"
    });
  },
});
