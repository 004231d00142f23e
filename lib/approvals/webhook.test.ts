import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyWebhook } from "./create-approval";

let server: http.Server;
let url: string;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("approval webhook", () => {
  it("posts the request signed with HMAC-SHA256 over timestamp and body", async () => {
    process.env.WEBHOOK_SECRET = "s3cret";
    expect(await notifyWebhook(url, { type: "approval.requested", approval: { id: "apr_1" } })).toBe(true);
    const { headers, body } = received.at(-1)!;
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers["x-replay-audit-signature"]));
    expect(m).not.toBeNull();
    expect(m![2]).toBe(createHmac("sha256", "s3cret").update(`${m![1]}.${body}`).digest("hex"));
    expect(JSON.parse(body).approval.id).toBe("apr_1");
  });

  it("sends nothing unsigned when no secret is configured", async () => {
    delete process.env.WEBHOOK_SECRET;
    const before = received.length;
    expect(await notifyWebhook(url, { type: "approval.requested" })).toBe(false);
    expect(received.length).toBe(before);
  });
});
