import pg from "pg";

/** Refuses to run database tests anywhere but a database whose name ends in `_test`. */
export function assertTestDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run database tests through `npm test`");
  const name = new URL(url).pathname.slice(1);
  if (!name.endsWith("_test")) throw new Error(`refusing to run database tests against "${name}": the name must end in _test`);
  return url;
}

/** Empties every table (tests start from a known state). */
export async function resetDatabase(): Promise<void> {
  const c = new pg.Client({ connectionString: assertTestDatabase() });
  await c.connect();
  try {
    await c.query(
      "TRUNCATE events, traces, api_keys, agents, sessions, users, policy_bundles, policy_activations, approvals, capability_tokens, signing_keys, agent_usage, sign_in_throttles RESTART IDENTITY CASCADE",
    );
  } finally {
    await c.end();
  }
}
