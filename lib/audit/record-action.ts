import "server-only";
import { randomUUID } from "node:crypto";
import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";
import { storeEvents } from "@/lib/ingest/store-events";

/** Trace that holds one UTC day of human changes: `ops-2026-11-21`. */
export function opsTraceId(at: Date): string {
  return `ops-${at.toISOString().slice(0, 10)}`;
}

/**
 * Records a human change (agent created, key issued or revoked, user changed, later approvals and exports)
 * as a hash-chained event in the day's ops trace, so configuration changes are evidence like any agent action.
 * `details` must never carry secrets.
 */
export async function recordHumanAction(
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
  await storeEvents([{ event, raw: JSON.stringify(event), format: "system" }]);
}
