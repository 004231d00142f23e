import { z } from "zod";

/** Typed configuration, parsed once. Every variable is documented in .env.example. */
const Env = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  INGEST_MAX_EVENTS: z.coerce.number().int().positive().default(1000),
  INGEST_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
});
export type Env = z.infer<typeof Env>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = Env.safeParse(process.env);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`invalid configuration: ${why}`);
    }
    cached = parsed.data;
  }
  return cached;
}
