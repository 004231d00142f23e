import "server-only";
import { randomUUID } from "node:crypto";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storeInTransaction, type Sql } from "@/lib/ingest/store-events";

/** Trace that holds one UTC day of human changes: `ops-2026-11-21`. */
export function opsTraceId(at: Date): string {
  return `ops-${at.toISOString().slice(0, 10)}`;
}

/**
 * Records a human change (agent created, key issued or revoked, user changed, later approvals and exports)
 * as a hash-chained event in the day's ops trace, so configuration changes are evidence like any agent action.
 * It is written through the caller's transaction `tx`, so the change and its record commit together or not at
 * all (a failure to record rolls the change back). `details` must never carry secrets.
 */
export async function recordHumanAction(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string; name: string },
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  const now = new Date();
  const event: RuntimeEvent = {
    id: `ops_${randomUUID()}`,
    trace_id: opsTraceId(now),
    timestamp: now.toISOString(),
    type: `human.${action}`,
    stage: "admin",
    agent: { id: `human:${actor.id}`, name: actor.name, owner: actor.email },
    schema_version: SCHEMA_VERSION,
    decision: "observed",
    reasons: [`${actor.name} <${actor.email}>: ${action}`],
    flags: ["system"],
    payload: { actor: { id: actor.id, email: actor.email, name: actor.name }, action, details: JSON.parse(JSON.stringify(details)) },
  };
  await storeInTransaction(prismaSql(tx), [{ event, raw: JSON.stringify(event), format: "system" }]);
}

/** The ingest store's view of a Prisma transaction (no COPY: a human action is one row). */
function prismaSql(tx: Prisma.TransactionClient): Sql {
  return {
    query: async <T>(text: string, params: unknown[] = []) => {
      const rows = /\bRETURNING\b|^\s*SELECT/i.test(text) ? await tx.$queryRawUnsafe<T[]>(text, ...params) : (await tx.$executeRawUnsafe(text, ...params), []);
      return { rows };
    },
  };
}
