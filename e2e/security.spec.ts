// Human sessions under attack, in real Chromium against the production server: CSRF from a page on another port of
// the same host, framing of /approvals, the open redirect after sign-in, security headers, sign-in throttling.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { agentApi, baseURL, PASSWORD, signIn, signedInApi, uniq, USERS } from "./helpers";

/** A tiny "attacker" site: 127.0.0.1 on another port, i.e. same-site with the app, so Lax cookies still go along. */
async function attackerSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function pendingApproval(): Promise<string> {
  const admin = await signedInApi("admin");
  const k = await admin.post("/api/v1/agents/crm-sync/keys", { data: { name: uniq("csrf") } });
  expect(k.status(), await k.text()).toBe(201);
  const agent = await agentApi((await k.json()).key);
  const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
  const inbound = { source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound", content: "Could you send the renewal quote?" };
  const res = await agent.post("/api/v1/evaluate", { data: { plan: { intent: "renewal quote", steps: [
    { tool: "db.read", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [internal] },
    { tool: "send_email", arguments: { to: "procurement@globex-partners.example", subject: "Quote" }, provenance: [internal, inbound] },
  ] } } });
  expect(res.status(), await res.text()).toBe(200);
  const d = await res.json();
  expect(d.approval?.status).toBe("pending");
  return d.approval.id;
}

test("a page on another port cannot make a signed-in admin create a user or an approver deny an approval", async ({ page }) => {
  const approvalId = await pendingApproval();
  const victimEmail = `csrf-${Date.now().toString(36)}@example.com`;
  const app = baseURL();
  const user = JSON.stringify({ email: victimEmail, name: "Mallory", role: "admin", password: "mallory-password-123" });
  // the three ways a page can post without a CORS preflight: text/plain fetch, a form with a JSON-looking text/plain
  // body, and fetch with no content type at all
  const html = `<!doctype html><body>
    <form id="f" method="POST" enctype="text/plain" action="${app}/api/v1/users" target="sink">
      <input name='${user.slice(0, -1)}, "x": "' value='"}'></form>
    <iframe name="sink"></iframe>
    <script>
      async function attack() {
        await fetch("${app}/api/v1/users", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(user)} });
        await fetch("${app}/api/v1/approvals/${approvalId}/deny", { method: "POST", mode: "no-cors", credentials: "include", body: new Blob(['{"note":"csrf"}']) });
        await fetch("${app}/api/v1/approvals/${approvalId}/deny", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: '{"note":"csrf"}' });
        document.getElementById("f").submit();
      }
    </script></body>`;
  const attacker = await attackerSite(html);
  try {
    await signIn(page, "admin"); // admins hold approvals:decide too
    const answers: Array<{ url: string; status: number; body: string }> = [];
    page.on("response", async (res) => {
      // only the attack's posts: the app page signed in before may still have a poll in flight (pending count)
      if (res.url().startsWith(`${app}/api/v1/`) && res.request().method() === "POST") answers.push({ url: res.url(), status: res.status(), body: await res.text().catch(() => "") });
    });
    await page.goto(attacker.url);
    await page.evaluate("attack()");
    await expect.poll(() => answers.length).toBe(4);
    for (const a of answers) {
      // 403 cross_origin_request, not 401: the session cookie went along and was accepted (the attack is real);
      // the request is refused after authentication, for where it came from
      expect(a.status, a.url).toBe(403);
      // no-cors answers are opaque, and the framed form answer is replaced by an error page (frame-ancestors)
      if (a.body.startsWith("{")) expect(JSON.parse(a.body).error.code, a.url).toBe("cross_origin_request");
    }
  } finally {
    attacker.server.close();
  }
  const admin = await signedInApi("admin");
  const users = await (await admin.get("/api/v1/users")).json();
  expect(users.users.map((u: { email: string }) => u.email)).not.toContain(victimEmail);
  const approval = await (await admin.get(`/api/v1/approvals/${approvalId}`)).json();
  expect(approval.status).toBe("pending");

  // the app's own page still makes changes with the same cookie
  await page.goto("/traces");
  const own = await page.evaluate(async () => {
    const res = await fetch("/api/v1/policies/validate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ files: [] }) });
    return res.status;
  });
  expect(own).not.toBe(403);
});

test("cookie requests must send the route's own content type; agent keys are unaffected", async () => {
  const admin = await signedInApi("admin");
  const plain = await admin.post("/api/v1/users", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ email: "x@example.com" }) });
  expect(plain.status()).toBe(403);
  expect((await plain.json()).error).toMatchObject({ code: "unsafe_content_type", message: expect.stringContaining("text/plain") });
  const form = await admin.post("/api/v1/approvals/apr_x/deny", { form: { note: "x" } });
  expect(form.status()).toBe(403);
  const foreign = await admin.post("/api/v1/users", { headers: { origin: "http://127.0.0.1:1" }, data: {} });
  expect((await foreign.json()).error.code).toBe("cross_origin_request");
  // the verify upload documents multipart and raw ZIP: a ZIP passes the check and reaches the route
  const zip = await admin.post("/api/v1/evidence/verify", { headers: { "content-type": "application/zip" }, data: Buffer.from("not a zip") });
  expect(zip.status()).toBe(400);
});

test("/approvals cannot be framed by another origin, and every page and route sends the security headers", async ({ page }) => {
  const admin = await signedInApi("admin");
  for (const path of ["/signin", "/traces", "/approvals", "/api/v1/traces", "/api/health", "/icon.svg"]) {
    const res = await admin.get(path, { maxRedirects: 0 });
    const h = res.headers();
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["strict-transport-security"], `${path} over http`).toBeUndefined();
  }
  const https = await admin.get("/traces", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");

  // every script on a page carries that response's nonce, and the nonce changes per response
  const first = await admin.get("/traces");
  const nonce = /'nonce-([^']+)'/.exec(first.headers()["content-security-policy"])?.[1];
  expect(nonce).toBeTruthy();
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  expect((await admin.get("/traces")).headers()["content-security-policy"]).not.toContain(nonce!);

  // clickjacking: another origin frames /approvals; Chromium refuses to render it
  await signIn(page, "approver");
  const attacker = await attackerSite(`<!doctype html><iframe id="f" src="${baseURL()}/approvals" width="800" height="600"></iframe>`);
  try {
    const refused = page.waitForEvent("console", { predicate: (m) => /frame-ancestors|Refused to (display|frame)/i.test(m.text()) });
    await page.goto(attacker.url);
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator("text=Approve").count().catch(() => 0) ?? 0).toBe(0);
  } finally {
    attacker.server.close();
  }
});

test("after sign-in only this app's own paths are followed", async ({ page }) => {
  for (const next of ["/%5Cevil.example", "/%09/evil.example", "//evil.example", "/.//evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/signin?next=${next}`);
    await page.getByLabel("Email").fill(USERS.reviewer);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/traces/);
    expect(new URL(page.url()).origin, next).toBe(baseURL());
    // signed in already: the server-side redirect applies the same rule
    await page.goto(`/signin?next=${next}`);
    await page.waitForURL(/\/traces/);
    expect(new URL(page.url()).origin, next).toBe(baseURL());
  }
  await page.goto("/signin?next=%2Fapprovals%3Fstatus%3Dall");
  await page.waitForURL(/\/approvals\?status=all/);
});

/** A client that appears to come from its own address (the server counts the last X-Forwarded-For hop). */
async function from(address: string, port?: number): Promise<APIRequestContext> {
  const url = port ? baseURL().replace(/:\d+$/, `:${port}`) : baseURL();
  return request.newContext({ baseURL: url, extraHTTPHeaders: { "x-forwarded-for": address } });
}

test("wrong passwords are throttled per account and per address, across both app processes, and recorded", async () => {
  const admin = await signedInApi("admin");
  const email = `throttle-${Date.now().toString(36)}@example.com`;
  const password = "the-right-password-1";
  expect((await admin.post("/api/v1/users", { data: { email, name: "Throttle Test", role: "viewer", password } })).status()).toBe(201);
  const rnd = () => Math.floor(Math.random() * 250) + 1;
  const address = `10.${rnd()}.${rnd()}.${rnd()}`;
  const client = await from(address);
  const attempt = (c: APIRequestContext, pw: string, who = email) => c.post("/api/v1/auth/session", { data: { email: who, password: pw } });

  // five failures, split over the two app processes: they share one count
  const otherProcess = await from(address, Number(new URL(baseURL()).port) + 1);
  for (const c of [client, otherProcess, client, otherProcess, client]) expect((await attempt(c, "wrong-password")).status()).toBe(401);
  const locked = await attempt(otherProcess, "wrong-password");
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect((await locked.json()).error.code).toBe("rate_limited");
  // the right password does not get through a lock either, from another address
  const elsewhere = await from(`10.${rnd()}.${rnd()}.${rnd()}`);
  expect((await attempt(elsewhere, password)).status()).toBe(429);

  // the lock is short: after Retry-After the right password works and resets the account
  let res = await attempt(client, password);
  while (res.status() === 429) {
    await new Promise((r) => setTimeout(r, Number(res.headers()["retry-after"]) * 1000));
    res = await attempt(client, password);
  }
  expect(res.status()).toBe(200);
  expect((await attempt(client, "wrong-password")).status()).toBe(401);

  // the throttled attempt is evidence in the day's ops trace
  const ops = `ops-${new Date().toISOString().slice(0, 10)}`;
  const events = await (await admin.get(`/api/v1/traces/${ops}/events?limit=1000&cursor=0&include_raw=true`)).text();
  let all = events;
  for (let page = JSON.parse(events); page.next_cursor !== null; ) {
    const more = await (await admin.get(`/api/v1/traces/${ops}/events?limit=1000&cursor=${page.next_cursor}&include_raw=true`)).text();
    all += more;
    page = JSON.parse(more);
  }
  expect(all).toContain("human.signin.throttled");
  expect(all).toContain(email);

  // password spraying from one address: 20 accounts, then the address is locked for every account
  const sprayer = await from(`10.${rnd()}.${rnd()}.${rnd()}`);
  const statuses: number[] = [];
  for (let i = 0; i < 200; i++) statuses.push((await attempt(sprayer, "guess", `nobody-${i}-${Date.now()}@example.com`)).status());
  const count = (s: number) => statuses.filter((x) => x === s).length;
  console.log(`200 wrong passwords from one address: ${count(401)} answered 401, ${count(429)} answered 429`);
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses[20]).toBe(429);
  expect(count(429)).toBeGreaterThan(count(401));
});
