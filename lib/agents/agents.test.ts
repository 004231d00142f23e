import { beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { RuntimeEvent } from "@/engine/events/schema";
import { prisma } from "@/lib/db";
import { agentFromApiKey, SESSION_COOKIE, userFromSessionToken } from "@/lib/auth/principal";
import { tokenHash } from "@/lib/auth/secrets";
import { createSession } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { registerUser } from "@/lib/users/register-user";
import { updateUser } from "@/lib/users/update-user";
import { User } from "@/lib/users/schemas";
import { assertTestDatabase, resetDatabase } from "@/tests/test-db";
import { createAgent } from "./create-agent";
import { curlExample, exampleEvent } from "@/components/admin/curl-example";
import { getAgent } from "./get-agent";
import { issueApiKey } from "./issue-api-key";
import { listAgents } from "./list-agents";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";
import { Agent, ApiKey, CreateAgentBody, IssuedApiKey } from "./schemas";
import { updateAgent } from "./update-agent";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as agentRoute from "@/app/api/v1/agents/[id]/route";
import * as keysRoute from "@/app/api/v1/agents/[id]/keys/route";
import * as keyRoute from "@/app/api/v1/agents/[id]/keys/[keyId]/route";
import * as tracesRoute from "@/app/api/v1/traces/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";

assertTestDatabase();

const PASSWORD = "correct horse battery";

async function admin(email = "admin@example.test") {
  const u = await createUser({ email, name: "Ada Admin", role: "admin", password: PASSWORD });
  return { id: u.id, email: u.email, name: u.name };
}

const newAgent = (id = "billing-bot"): CreateAgentBody =>
  CreateAgentBody.parse({ id, name: "Billing bot", owner: "payments-team", environment: "production", trust_level: "internal" });

/** The human-action events recorded so far, as `[type, details]`. */
async function auditTrail() {
  const rows = await prisma.event.findMany({ where: { stage: "admin" }, orderBy: [{ receivedAt: "asc" }, { seq: "asc" }], select: { type: true, body: true, raw: true } });
  return rows.map((r) => ({ type: r.type, details: (r.body as { payload: { details: Record<string, unknown> } }).payload.details, raw: r.raw }));
}

describe("agents and API keys", () => {
  beforeEach(resetDatabase);

  it("creates an agent and refuses a taken id with a 409 naming it", async () => {
    const actor = await admin();
    const agent = await createAgent(actor, newAgent());
    expect(Agent.parse(agent)).toMatchObject({ id: "billing-bot", trust_level: "internal", key_count: 0, disabled: false, created_by: actor.email });
    await expect(createAgent(actor, newAgent())).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining('"billing-bot"') });
    expect((await listAgents()).map((a) => a.id)).toEqual(["billing-bot"]);
    expect(await getAgent("nobody")).toBeNull();
  });

  it("rejects ids that are not slugs", () => {
    for (const id of ["A-bot", "-bot", "b", "bot_1", "x".repeat(64), "bot 1"]) {
      expect(CreateAgentBody.safeParse({ ...newAgent(), id }).success, id).toBe(false);
    }
    expect(CreateAgentBody.safeParse({ ...newAgent(), extra: 1 }).success).toBe(false);
  });

  it("issues a key once, stores only its hash, authenticates with it and stops after revoke", async () => {
    const actor = await admin();
    await createAgent(actor, newAgent());
    const issued = IssuedApiKey.parse(await issueApiKey(actor, "billing-bot", "prod ingest"));
    expect(issued.key).toMatch(/^ra_live_[A-Za-z0-9_-]{43}$/);
    expect(issued.prefix).toBe(issued.key.slice(0, 12));

    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.hash).toBe(tokenHash(issued.key));
    expect(JSON.stringify(row)).not.toContain(issued.key);
    // listing never returns the key or the hash
    const listed = await listApiKeys("billing-bot");
    expect(listed.map((k) => ApiKey.parse(k))).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(issued.key.slice(12));
    expect(JSON.stringify(listed)).not.toContain(row.hash);
    expect((await getAgent("billing-bot"))?.key_count).toBe(1);

    expect(row.lastUsedAt).toBeNull();
    const principal = await agentFromApiKey(issued.key);
    expect(principal).toMatchObject({ kind: "agent", agentId: "billing-bot", keyId: issued.id });
    const used = await prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    expect((await listApiKeys("billing-bot"))[0].last_used_at).toBe(used.lastUsedAt!.toISOString());

    const revoked = await revokeApiKey(actor, "billing-bot", issued.id);
    expect(revoked.revoked_at).not.toBeNull();
    expect(await agentFromApiKey(issued.key)).toBeNull();
    expect((await getAgent("billing-bot"))?.key_count).toBe(0);
    // revoking again is a no-op, an unknown key (or another agent's key) is a 404
    expect((await revokeApiKey(actor, "billing-bot", issued.id)).revoked_at).toBe(revoked.revoked_at);
    await expect(revokeApiKey(actor, "billing-bot", "key_nope")).rejects.toMatchObject({ code: "not_found" });
    await createAgent(actor, newAgent("other-bot"));
    await expect(revokeApiKey(actor, "other-bot", issued.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a disabled agent's keys stop working and come back when it is enabled", async () => {
    const actor = await admin();
    await createAgent(actor, newAgent());
    const { key } = await issueApiKey(actor, "billing-bot", "k1");
    const disabled = await updateAgent(actor, "billing-bot", { disabled: true });
    expect(disabled.disabled).toBe(true);
    expect(await agentFromApiKey(key)).toBeNull();
    await expect(issueApiKey(actor, "billing-bot", "k2")).rejects.toMatchObject({ code: "conflict" });
    await updateAgent(actor, "billing-bot", { disabled: false });
    expect(await agentFromApiKey(key)).not.toBeNull();
    await expect(updateAgent(actor, "nobody", { name: "x" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("records every change as a human-action event, without secrets", async () => {
    const actor = await admin();
    await createAgent(actor, newAgent());
    await updateAgent(actor, "billing-bot", { owner: "finance", name: "Billing bot" }); // name unchanged: not listed
    const { id: keyId, key } = await issueApiKey(actor, "billing-bot", "k1");
    await revokeApiKey(actor, "billing-bot", keyId);
    await revokeApiKey(actor, "billing-bot", keyId); // no second event
    const viewer = await registerUser(actor, { email: "Vera@Example.test", name: "Vera", role: "viewer", password: PASSWORD });
    await updateUser(actor, viewer.id, { role: "reviewer" });

    const trail = await auditTrail();
    expect(trail.map((t) => t.type)).toEqual([
      "human.agent.created", "human.agent.updated", "human.api_key.issued", "human.api_key.revoked", "human.user.created", "human.user.updated",
    ]);
    expect(trail[1].details).toEqual({ agent_id: "billing-bot", changes: { owner: { from: "payments-team", to: "finance" } } });
    expect(trail[2].details).toMatchObject({ agent_id: "billing-bot", key_id: keyId });
    expect(trail[5].details).toMatchObject({ changes: { role: { from: "viewer", to: "reviewer" } } });
    const all = trail.map((t) => t.raw).join("\n");
    expect(all).not.toContain(key.slice(12));
    expect(all).not.toContain(tokenHash(key));
    expect(all).not.toContain(PASSWORD);
  });

  it("the curl example's event is a valid runtime event for the agent", () => {
    const ev = exampleEvent("billing-bot", new Date("2026-11-21T10:00:00Z"), "abc123");
    expect(RuntimeEvent.parse(ev).agent.id).toBe("billing-bot");
    const cmd = curlExample("http://localhost:3000", "ra_live_x", ev);
    expect(cmd).toContain('-H "Authorization: Bearer ra_live_x"');
    const body = /-d '([\s\S]*)'$/.exec(cmd)![1];
    expect(RuntimeEvent.parse(JSON.parse(body).events[0])).toEqual(ev);
  });
});

describe("user administration", () => {
  beforeEach(resetDatabase);

  it("creates users, refuses a taken email, changes roles and disables", async () => {
    const actor = await admin();
    const u = User.parse(await registerUser(actor, { email: "rita@example.test", name: "Rita", role: "reviewer", password: PASSWORD }));
    await expect(registerUser(actor, { email: "RITA@example.test", name: "R2", role: "viewer", password: PASSWORD })).rejects.toMatchObject({
      code: "conflict", message: expect.stringContaining("rita@example.test"),
    });
    const { token } = await createSession(u.id);
    const listTracesAs = (t: string) => tracesRoute.GET(new NextRequest("http://localhost/api/v1/traces", { headers: { cookie: `${SESSION_COOKIE}=${t}` } }), { params: Promise.resolve({}) });
    expect((await listTracesAs(token)).status).toBe(200);
    const disabled = await updateUser(actor, u.id, { disabled: true });
    expect(disabled.disabled).toBe(true);
    expect(await prisma.session.count({ where: { userId: u.id } })).toBe(0);
    // the session that worked a moment ago is refused, and so is one created while the user is disabled
    const refused = await listTracesAs(token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("unauthenticated");
    const { token: later } = await createSession(u.id);
    expect(await userFromSessionToken(later)).toBeNull();
    expect((await listTracesAs(later)).status).toBe(401);
    expect((await listUsers()).map((x) => x.email)).toEqual(["admin@example.test", "rita@example.test"]);
    await expect(updateUser(actor, "usr_nope", { role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("an admin cannot demote or disable themselves, and the last active admin stays", async () => {
    const a = await admin();
    await expect(updateUser(a, a.id, { role: "viewer" })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("your own") });
    await expect(updateUser(a, a.id, { disabled: true })).rejects.toMatchObject({ code: "conflict" });

    const b = await admin("bea@example.test");
    // a demotes b: fine, a is still an admin
    await updateUser(a, b.id, { role: "approver" });
    // b (say via a stale session) cannot demote a: a is the last active admin
    await expect(updateUser(b, a.id, { role: "viewer" })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last active admin") });
    await expect(updateUser(b, a.id, { disabled: true })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last active admin") });
    // a disabled admin does not count
    await updateUser(a, b.id, { role: "admin" });
    await updateUser(a, b.id, { disabled: true });
    await expect(updateUser(b, a.id, { role: "viewer" })).rejects.toMatchObject({ message: expect.stringContaining("last active admin") });
    // with a second active admin, demotion works
    await updateUser(a, b.id, { disabled: false });
    expect((await updateUser(b, a.id, { role: "viewer" })).role).toBe("viewer");
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const a = await admin();
    const b = await admin("bea@example.test");
    const results = await Promise.allSettled([updateUser(a, b.id, { role: "viewer" }), updateUser(b, a.id, { role: "viewer" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
  });
});

describe("routes", () => {
  beforeEach(resetDatabase);

  async function as(role: "admin" | "viewer") {
    const u = await createUser({ email: `${role}@example.test`, name: role, role, password: PASSWORD });
    const { token } = await createSession(u.id);
    return (method: string, path: string, body?: unknown) =>
      new NextRequest(`http://localhost${path}`, {
        method,
        headers: { cookie: `${SESSION_COOKIE}=${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  }
  const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

  it("creates, reads, edits an agent and issues / revokes keys over HTTP", async () => {
    const req = await as("admin");
    let res = await agentsRoute.POST(req("POST", "/api/v1/agents", newAgent()), ctx());
    expect(res.status).toBe(201);
    res = await agentsRoute.POST(req("POST", "/api/v1/agents", newAgent()), ctx());
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain("billing-bot");

    res = await agentRoute.GET(req("GET", "/api/v1/agents/nope"), ctx({ id: "nope" }));
    expect(res.status).toBe(404);
    res = await agentRoute.PATCH(req("PATCH", "/api/v1/agents/billing-bot", { environment: "staging" }), ctx({ id: "billing-bot" }));
    expect(Agent.parse(await res.json()).environment).toBe("staging");
    res = await agentRoute.PATCH(req("PATCH", "/api/v1/agents/billing-bot", { id: "renamed" }), ctx({ id: "billing-bot" }));
    expect(res.status).toBe(422);

    res = await keysRoute.POST(req("POST", "/api/v1/agents/billing-bot/keys", { name: "ci" }), ctx({ id: "billing-bot" }));
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const issued = IssuedApiKey.parse(await res.json());
    res = await keysRoute.GET(req("GET", "/api/v1/agents/billing-bot/keys"), ctx({ id: "billing-bot" }));
    const text = await res.text();
    expect(text).not.toContain(issued.key);
    expect(JSON.parse(text).keys.map((k: unknown) => ApiKey.parse(k).id)).toEqual([issued.id]);
    res = await keyRoute.DELETE(req("DELETE", `/api/v1/agents/billing-bot/keys/${issued.id}`), ctx({ id: "billing-bot", keyId: issued.id }));
    expect(ApiKey.parse(await res.json()).revoked_at).not.toBeNull();
    res = await keysRoute.POST(req("POST", "/api/v1/agents/nope/keys", { name: "ci" }), ctx({ id: "nope" }));
    expect(res.status).toBe(404);
  });

  it("viewers read agents but cannot change them or see users; agent keys are refused", async () => {
    const adminReq = await as("admin");
    await agentsRoute.POST(adminReq("POST", "/api/v1/agents", newAgent()), ctx());
    const issued = IssuedApiKey.parse(await (await keysRoute.POST(adminReq("POST", "/api/v1/agents/billing-bot/keys", { name: "ci" }), ctx({ id: "billing-bot" }))).json());

    const req = await as("viewer");
    expect((await agentsRoute.GET(req("GET", "/api/v1/agents"), ctx())).status).toBe(200);
    expect((await agentsRoute.POST(req("POST", "/api/v1/agents", newAgent("x-bot")), ctx())).status).toBe(403);
    expect((await keysRoute.POST(req("POST", "/api/v1/agents/billing-bot/keys", { name: "x" }), ctx({ id: "billing-bot" }))).status).toBe(403);
    expect((await usersRoute.GET(req("GET", "/api/v1/users"), ctx())).status).toBe(403);
    expect((await userRoute.PATCH(req("PATCH", "/api/v1/users/x", { role: "admin" }), ctx({ id: "x" }))).status).toBe(403);

    const anon = new NextRequest("http://localhost/api/v1/agents");
    expect((await agentsRoute.GET(anon, ctx())).status).toBe(401);
    const withKey = new NextRequest("http://localhost/api/v1/agents", { headers: { authorization: `Bearer ${issued.key}` } });
    expect((await agentsRoute.GET(withKey, ctx())).status).toBe(403);
  });

  it("creates users over HTTP with a password of at least 12 characters and a 409 on a taken email", async () => {
    const req = await as("admin");
    let res = await usersRoute.POST(req("POST", "/api/v1/users", { email: "v@example.test", name: "V", role: "viewer", password: "short" }), ctx());
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain("password");
    res = await usersRoute.POST(req("POST", "/api/v1/users", { email: "v@example.test", name: "V", role: "viewer", password: PASSWORD }), ctx());
    expect(res.status).toBe(201);
    const created = User.parse(await res.json());
    expect(JSON.stringify(created)).not.toContain("scrypt");
    res = await usersRoute.POST(req("POST", "/api/v1/users", { email: "v@example.test", name: "V", role: "viewer", password: PASSWORD }), ctx());
    expect(res.status).toBe(409);
    res = await userRoute.PATCH(req("PATCH", `/api/v1/users/${created.id}`, { role: "approver" }), ctx({ id: created.id }));
    expect(User.parse(await res.json()).role).toBe("approver");
    res = await userRoute.PATCH(req("PATCH", "/api/v1/users/usr_nope", { role: "approver" }), ctx({ id: "usr_nope" }));
    expect(res.status).toBe(404);
  });
});
