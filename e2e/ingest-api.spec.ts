import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { agentApi, anonymousApi, event, newAgentWithKey, signedInApi, uniq } from "./helpers";

test.describe("POST /api/v1/events", () => {
  test("stores valid events, reports each, and is idempotent", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    const trace = uniq("tr");
    const events = [0, 1, 2].map((n) => event(id, trace, n));
    const first = await api.post("/api/v1/events", { data: { events } });
    expect(first.status()).toBe(207);
    const body = await first.json();
    expect(body.stored).toBe(3);
    expect(body.results.map((r: { status: string; seq: number }) => [r.status, r.seq])).toEqual([["stored", 1], ["stored", 2], ["stored", 3]]);

    const again = await api.post("/api/v1/events", { data: { events } });
    expect((await again.json()).results.map((r: { status: string }) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);

    const detail = await admin.get(`/api/v1/traces/${trace}`);
    expect(detail.status()).toBe(200);
    expect((await detail.json()).event_count).toBe(3);
  });

  test("a mixed batch stores exactly the valid events and names the bad field", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    const trace = uniq("tr");
    const events = [
      event(id, trace, 0),
      { ...event(id, trace, 1), stage: "launch" },
      { ...event(id, trace, 2), timestamp: "yesterday" },
      { ...event(id, trace, 3), colour: "red" },
      event(id, trace, 4),
      { ...event(id, trace, 5), agent: { id: "someone-else" } },
    ];
    const res = await api.post("/api/v1/events", { data: { events } });
    expect(res.status()).toBe(207);
    const body = await res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(["stored", "invalid", "invalid", "invalid", "stored", "rejected"]);
    expect(body.results[1].error).toMatch(/^stage: /);
    expect(body.results[2].error).toMatch(/^timestamp: .*ISO-8601/);
    expect(body.results[3].error).toMatch(/unknown field\(s\): colour/);
    expect(body.results[5].error).toMatch(/agent\.id: .*cannot write events for agent "someone-else"/);
    const page = await (await admin.get(`/api/v1/traces/${trace}/events`)).json();
    expect(page.events.map((e: { id: string }) => e.id)).toEqual([`${trace}-e0`, `${trace}-e4`]);
  });

  test("keeps each event's raw JSON byte for byte", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const trace = uniq("tr");
    const raw = `{ "id": "${trace}-raw",   "trace_id": "${trace}", "timestamp": "2026-11-21T09:00:00Z", "type": "input.received", "stage": "input",\n  "agent": {"id": "${id}"}, "schema_version": "1.0", "payload": {"b": 1.50, "a": "\\u00e9t\\u00e9"} }`;
    const res = await (await agentApi(key)).post("/api/v1/events", {
      headers: { "content-type": "application/json" }, data: Buffer.from(`{"events": [${raw}]}`),
    });
    expect(res.status()).toBe(207);
    const stored = await admin.get(`/api/v1/events/${trace}-raw?format=raw`);
    expect(await stored.text()).toBe(raw);
  });

  test("accepts NDJSON and reports bad lines by line number", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const trace = uniq("tr");
    const lines = [JSON.stringify(event(id, trace, 0)), "{not json", "", JSON.stringify(event(id, trace, 1))].join("\n");
    const res = await (await agentApi(key)).post("/api/v1/events", { headers: { "content-type": "application/x-ndjson" }, data: Buffer.from(lines) });
    expect(res.status()).toBe(207);
    const body = await res.json();
    expect(body.stored).toBe(2);
    expect(body.results[1]).toMatchObject({ status: "invalid", line: 2 });
    expect(body.results[1].error).toMatch(/^line 2: not valid JSON/);
  });

  test("imports reference-interceptor JSONL unchanged, detected or forced", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    const text = readFileSync("engine/events/fixtures/interceptor-sample.jsonl", "utf8");
    const lines = text.split("\n").filter((l) => l.trim());
    // a unique trace per run: rewrite nothing but the trace ids, so this run's events are new
    const suffix = uniq("x");
    const body = lines.map((l) => l.replaceAll(/"trace_id": ?"([^"]+)"/g, (_m, t) => `"trace_id": "${t}-${suffix}"`).replaceAll(/"event_id": ?"([^"]+)"/g, (_m, t) => `"event_id": "${t}-${suffix}"`)).join("\n");
    const res = await api.post("/api/v1/events?format=interceptor", { headers: { "content-type": "application/x-ndjson" }, data: Buffer.from(body) });
    expect(res.status()).toBe(207);
    const out = await res.json();
    expect(out.stored).toBeGreaterThan(5);
    const bad = out.results.filter((r: { status: string }) => r.status === "invalid");
    expect(bad.length).toBeGreaterThan(0); // the fixture carries a malformed line
    for (const b of bad) expect(b.error).toMatch(/^line \d+: /);
    const storedOne = out.results.find((r: { status: string }) => r.status === "stored");
    const ev = await (await admin.get(`/api/v1/events/${storedOne.id}`)).json();
    expect(ev.format).toBe("interceptor");
    expect(ev.event.agent.id).toBe(id);
    expect(lines.map((l) => l.replaceAll(/"trace_id": ?"([^"]+)"/g, (_m, t) => `"trace_id": "${t}-${suffix}"`).replaceAll(/"event_id": ?"([^"]+)"/g, (_m, t) => `"event_id": "${t}-${suffix}"`))).toContain(ev.raw);
    // detection without ?format
    const again = await api.post("/api/v1/events", { headers: { "content-type": "application/x-ndjson" }, data: Buffer.from(body) });
    expect((await again.json()).duplicates).toBe(out.stored);
  });

  test("malformed requests get a clear 4xx, never a 5xx, and the server keeps serving", async () => {
    const admin = await signedInApi("admin");
    const { id, key } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    const json = { "content-type": "application/json" };
    const cases: Array<{ name: string; headers?: Record<string, string>; data: string | Buffer; status: number | number[]; message: RegExp }> = [
      { name: "invalid JSON", headers: json, data: '{"events": [', status: 400, message: /not valid JSON/ },
      { name: "empty body", headers: json, data: "", status: 400, message: /empty/ },
      { name: "no events array", headers: json, data: '{"event": []}', status: 400, message: /"events" array/ },
      { name: "wrong content type", headers: { "content-type": "text/csv" }, data: "a,b", status: 415, message: /content-type must be/ },
      { name: "invalid UTF-8", headers: json, data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, message: /UTF-8/ },
      { name: "too many events", headers: json, data: JSON.stringify({ events: Array.from({ length: 1001 }, (_, n) => event(id, "big", n)) }), status: 413, message: /limit is 1000 events/ },
      { name: "too many bytes", headers: json, data: JSON.stringify({ events: [{ ...event(id, "big", 0), payload: "x".repeat(5 * 1024 * 1024) }] }), status: 413, message: /limit of 5242880 bytes|limit is 5242880 bytes/ },
    ];
    for (const c of cases) {
      // a Buffer is sent as-is (Playwright would JSON-encode a string sent as application/json)
      const res = await api.post("/api/v1/events", { headers: c.headers, data: typeof c.data === "string" ? Buffer.from(c.data) : c.data });
      expect(res.status(), c.name).toBe(c.status);
      const body = await res.json();
      expect(body.error.message, c.name).toMatch(c.message);
    }
    // per-event problems: wrong types, missing fields, a huge string, deep nesting → 207 with the reason
    const trace = uniq("tr");
    const perEvent = [
      { ...event(id, trace, 0), step: "two" },
      { id: `${trace}-missing`, trace_id: trace },
      { ...event(id, trace, 2), tool: "t".repeat(100_000) },
      { ...event(id, trace, 3), payload: "DEEP" },
      { ...event(id, trace, 4), payload: { s: "a\u0000b" } },
      "just a string",
    ];
    // 5,000 levels of nesting, written as text (serialisers overflow on it too)
    const text = JSON.stringify({ events: perEvent }).replace('"DEEP"', "[".repeat(5000) + "]".repeat(5000));
    const res = await api.post("/api/v1/events", { headers: json, data: Buffer.from(text) });
    expect(res.status()).toBe(207);
    const results = (await res.json()).results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill("invalid"));
    expect(results[0].error).toMatch(/^step: /);
    expect(results[1].error).toMatch(/timestamp/);
    expect(results[2].error).toMatch(/^tool: /);
    expect(results[3].error).toMatch(/nested deeper than 64/);
    expect(results[4].error).toMatch(/U\+0000/);
    expect(results[5].error).toMatch(/must be a JSON object/);
    // still serving
    expect((await api.post("/api/v1/events", { data: { events: [event(id, trace, 9)] } })).status()).toBe(207);
  });

  test("keys: unknown and revoked keys are refused; an agent key cannot read the review API", async () => {
    const admin = await signedInApi("admin");
    const { id, key, keyId } = await newAgentWithKey(admin);
    const api = await agentApi(key);
    expect((await api.get("/api/v1/traces")).status()).toBe(403);
    expect((await api.get("/api/v1/agents")).status()).toBe(403);
    const bogus = await agentApi("ra_live_" + "A".repeat(43));
    expect((await bogus.post("/api/v1/events", { data: { events: [event(id, uniq("tr"), 0)] } })).status()).toBe(401);
    const anon = await anonymousApi();
    expect((await anon.post("/api/v1/events", { data: { events: [event(id, uniq("tr"), 0)] } })).status()).toBe(401);
    expect((await admin.delete(`/api/v1/agents/${id}/keys/${keyId}`)).status()).toBe(200);
    expect((await api.post("/api/v1/events", { data: { events: [event(id, uniq("tr"), 0)] } })).status()).toBe(401);
  });
});
