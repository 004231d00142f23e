#!/usr/bin/env node
// An example agent and executor for Replay Audit: the spec's worked example (v0.1 §8) as a real run.
//   RA_URL=http://localhost:3000 RA_KEY=ra_live_… node examples/crm-agent/run.mjs
// The key must belong to the demo agent crm-sync (Agents → crm-sync → Issue key). No dependencies: Node ≥ 18.
//
// 1. evaluate the 3-step plan → step 1 is allowed now (with a capability token), step 2 needs a person's approval
// 2. the executor verifies and consumes step 1's token, "runs" the tool and reports tool.executed with the token id
// 3. the agent waits for the approval (polling GET /api/v1/approvals/{id}); a person approves it in the UI
// 4. the first poll after approval carries step 2's token; the executor runs step 2
// 5. step 3 is evaluated in the same trace: within the approved projection, so it is allowed; it runs
// The trace then shows the whole story in order, with the risk breakdown and the approver.

const BASE = (process.env.RA_URL ?? "http://localhost:3000").replace(/\/$/, "");
const KEY = process.env.RA_KEY;
const AGENT = process.env.RA_AGENT ?? "crm-sync";
const POLL_MS = Number(process.env.RA_POLL_MS ?? 2000);
if (!KEY) {
  console.error("Set RA_KEY to an API key of the agent crm-sync (Agents → crm-sync → Issue key).");
  process.exit(2);
}

async function api(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (res.status >= 400) throw new Error(`${method} ${path}: HTTP ${res.status} ${json?.error?.message ?? ""}`);
  return json;
}

const internal = { source_type: "tool_result", trust_level: "internal", source_name: "crm" };
const inbound = { source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound-email/globex", content: "Hi — could you send us the renewal quote for next year? Thanks, Globex procurement" };
const STEPS = [
  { index: 1, tool: "db.read", intent: "Read the customer's contact record", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [internal] },
  { index: 2, tool: "send_email", intent: "Email the renewal quote to the external procurement contact", arguments: { to: "procurement@globex-partners.example", subject: "Your renewal quote Q-2291", attachment: "quote-Q-2291.pdf" }, provenance: [internal, inbound] },
  { index: 3, tool: "db.write", intent: "Update the contact record", arguments: { table: "contacts", customer_id: "CUST-20417", set: { renewal_stage: "quote_sent" } }, provenance: [internal] },
];

/** The executor: verify (and consume) the token for exactly this call, run the tool, report what happened. */
async function execute(traceId, step, token) {
  const v = await api("POST", "/api/v1/tokens/verify", { token, agent: AGENT, tool: step.tool, arguments: step.arguments, consume: true });
  if (!v.valid) throw new Error(`executor refused step ${step.index}: ${v.code} — ${v.message}`);
  const jti = v.claims.jti;
  const started = Date.now();
  const result = { ok: true, simulated: true }; // a real executor calls the tool here
  await api("POST", "/api/v1/events", {
    events: [{
      id: `exec-${traceId}-${step.index}-${jti}`, trace_id: traceId, timestamp: new Date().toISOString(), type: "tool.executed",
      stage: "execution", agent: { id: AGENT }, schema_version: "1.0", step: step.index, tool: step.tool, arguments: step.arguments,
      token_jti: jti, decision: "observed", reasons: [`executed ${step.tool} with token ${jti}`], cost: { usd: 0.002 },
      payload: { result, duration_ms: Date.now() - started },
    }],
  });
  console.log(`  ✓ step ${step.index} ${step.tool} executed (token ${jti})`);
}

async function waitForApproval(id) {
  console.log(`  … step needs a person's approval: ${id}\n    approve it at ${BASE}/approvals`);
  for (;;) {
    const a = await api("GET", `/api/v1/approvals/${id}`);
    if (a.status === "approved" && a.token) {
      console.log(`  ✓ approved by ${a.decided_by_name ?? a.decided_by}${a.note ? ` (“${a.note}”)` : ""}`);
      return a.token.token;
    }
    if (a.status === "denied" || a.status === "expired") throw new Error(`approval ${id} ${a.status}${a.note ? `: ${a.note}` : ""}`);
    if (a.status === "approved") throw new Error(`approval ${id} was approved but its token was already delivered`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function main() {
  console.log(`evaluating the 3-step plan at ${BASE} as ${AGENT}`);
  const d = await api("POST", "/api/v1/evaluate", { plan: { intent: "Send renewal quote Q-2291 to Globex procurement and update the contact record", steps: STEPS } });
  const trace = d.trace_id;
  console.log(`  decision ${d.decision}, projected R_total ${d.r_total} (approval above ${d.thresholds.approval}) — trace ${trace}`);
  for (const s of d.steps) console.log(`  step ${s.index} ${s.tool}: ${s.decision}${s.risk ? ` (risk ${s.risk.r_step}×${s.risk.e}×${s.risk.t}×${s.risk.b} = ${s.risk.step_risk})` : ""}`);

  for (const s of d.steps) {
    const step = STEPS.find((x) => x.index === s.index);
    if (s.decision === "allow") await execute(trace, step, s.token.token);
    else if (s.decision === "require_approval") await execute(trace, step, await waitForApproval(s.approval.id));
    else if (s.decision === "pending") {
      const again = await api("POST", "/api/v1/evaluate", { trace_id: trace, plan: { steps: [step] } });
      const r = again.steps[0];
      console.log(`  step ${r.index} re-evaluated: ${r.decision} (R_total ${again.r_total})`);
      if (r.decision === "allow") await execute(trace, step, r.token.token);
      else if (r.decision === "require_approval") await execute(trace, step, await waitForApproval(r.approval.id));
      else throw new Error(`step ${r.index} ${r.decision}: ${r.reasons.join("; ")}`);
    } else throw new Error(`step ${s.index} ${s.decision}: ${s.reasons.join("; ")}`);
  }
  console.log(`done — the whole story: ${BASE}/traces/${trace}`);
  console.log(`TRACE ${trace}`);
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
