import { SCHEMA_VERSION, type RuntimeEvent } from "@/engine/events/schema";

/**
 * The smallest valid runtime event for an agent, used in the "your new key" curl example so a first request
 * succeeds as pasted. Ids are unique per call so re-running a fresh example stores a new event.
 */
export function exampleEvent(agentId: string, now: Date, nonce: string): RuntimeEvent {
  return {
    id: `evt-${nonce}`,
    trace_id: `trace-${nonce}`,
    timestamp: now.toISOString(),
    type: "agent.started",
    stage: "input",
    agent: { id: agentId },
    schema_version: SCHEMA_VERSION,
  };
}

/**
 * A shell command that sends one example event with the given key. The body is pretty-printed so it reads in a
 * dialog; single quotes keep it literal (newlines inside them are fine for every POSIX shell).
 */
export function curlExample(baseUrl: string, key: string, event: RuntimeEvent): string {
  const body = JSON.stringify({ events: [event] }, null, 2);
  return [
    `curl -X POST ${baseUrl}/api/v1/events \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '${body.replaceAll("'", "'\\''")}'`,
  ].join("\n");
}
