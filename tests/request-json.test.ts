import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, RequestError, requestJson } from "@/components/ui/request-json";

// The kit's one client fetch helper against a real HTTP server speaking the API's error shape
// (`{ error: { code, message, details? } }`, lib/api/with-api.ts).

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.url === "/ok") return send(200, { method: req.method, accept: req.headers.accept, type: req.headers["content-type"] ?? null, body: raw ? JSON.parse(raw) : null });
      if (req.url === "/invalid") {
        return send(422, { error: { code: "validation_failed", message: "invalid body: files.0.text: required", details: [{ field: "files.0.text", message: "required" }, { file: "guardrails.cedar", line: 3, column: 7, message: "unexpected token" }, "not a detail"] } });
      }
      if (req.url === "/conflict") return send(409, { error: { code: "conflict", message: "approval apr_1 is already approved by pat@example.com" } });
      if (req.url === "/session") return send(401, { error: { code: "unauthenticated", message: "no session" } });
      if (req.url === "/html") return send(502, "<html>bad gateway</html>", "text/html");
      if (req.url === "/slow") return setTimeout(() => send(200, {}), 5000);
      send(404, { error: { code: "not_found", message: "no such route" } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function failure(p: Promise<unknown>): Promise<RequestError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RequestError);
  return e as RequestError;
}

describe("requestJson", () => {
  it("sends JSON and returns the parsed answer", async () => {
    const r = await requestJson<{ method: string; accept: string; type: string; body: unknown }>("POST", `${base}/ok`, { a: 1 });
    expect(r).toEqual({ method: "POST", accept: "application/json", type: "application/json", body: { a: 1 } });
    expect(await getJson(`${base}/ok`)).toMatchObject({ method: "GET", type: null, body: null });
  });

  it("carries the API's status, code, message and the field / file details it named", async () => {
    const e = await failure(requestJson("POST", `${base}/invalid`, {}));
    expect(e.status).toBe(422);
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("invalid body: files.0.text: required");
    expect(e.details).toEqual([{ field: "files.0.text", message: "required" }, { file: "guardrails.cedar", line: 3, column: 7, message: "unexpected token" }]);
    expect(e.isClientError).toBe(true);
  });

  it("keeps a 409's message as sent, says a 401 means signing in again, and names the status of a non-JSON failure", async () => {
    const c = await failure(getJson(`${base}/conflict`));
    expect([c.status, c.code, c.message]).toEqual([409, "conflict", "approval apr_1 is already approved by pat@example.com"]);
    const s = await failure(getJson(`${base}/session`));
    expect([s.status, s.code, s.message]).toEqual([401, "unauthenticated", "your session has ended; sign in again"]);
    const h = await failure(getJson(`${base}/html`));
    expect([h.status, h.code, h.message, h.details, h.isClientError]).toEqual([502, "error", "request failed (HTTP 502)", [], false]);
  });

  it("reports an unreachable server as status 0 and passes an abort through untouched", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const n = await failure(getJson(`http://127.0.0.1:${port}/ok`));
    expect([n.status, n.code]).toEqual([0, "network"]);

    const ctrl = new AbortController();
    const p = getJson(`${base}/slow`, ctrl.signal);
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
