import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replayDiff } from "../replay/diff";
import { parseInterceptorJsonl } from "./interceptor";
import { approvalIdsOf, looksLikeApprovalRecord, mapApprovalRecord, parseInterceptorApprovalsJsonl } from "./interceptor-approvals";
import type { RecordedEvent } from "./recorded";
import { RuntimeEvent } from "./schema";

const AGENT = "agt-importer";
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const APPROVALS = fixture("interceptor-approvals.jsonl");
const AUDIT = fixture("interceptor-defects.jsonl");
const TRACE_1 = "a9900000000000000000000000000003";
const TRACE_2 = "a9900000000000000000000000000004";
const traceOf = (id: string) => ({ "apr-a99000000001": TRACE_1, "apr-a99000000002": TRACE_2 })[id];

describe("the reference's approval store (approvals.jsonl)", () => {
  it("is told apart from audit lines by its shape", () => {
    const [first] = APPROVALS.split("\n");
    expect(looksLikeApprovalRecord(JSON.parse(first))).toBe(true);
    expect(looksLikeApprovalRecord(JSON.parse(AUDIT.split("\n")[0]))).toBe(false);
    expect(approvalIdsOf(APPROVALS).sort()).toEqual(["apr-000000000bad", "apr-a99000000001", "apr-a99000000002"]);
  });

  it("maps approved and rejected records to the events the live approval flow writes, with who and when", () => {
    const r = parseInterceptorApprovalsJsonl(APPROVALS, AGENT, traceOf);
    const ok = r.flatMap((x) => (x.ok ? [x.event] : []));
    for (const e of ok) expect(RuntimeEvent.parse(e)).toEqual(e);
    expect(ok.map((e) => `${e.trace_id.slice(-1)}:${e.type}:${e.decision ?? "-"}`)).toEqual([
      "3:approval.requested:-", "4:approval.requested:-", "3:approval.granted:allow", "4:approval.denied:block",
    ]);
    expect(ok[2]).toMatchObject({
      stage: "approval", timestamp: "2026-05-20T08:09:12.000000+00:00", tool: "send_email", flags: ["imported"],
      agent: { id: AGENT, name: "support_agent" },
      approval: { id: "apr-a99000000001", status: "approved", actor: "alice@example.com", note: "customer asked for it" },
      payload: { interceptor: { reason: "Approval required for send_email", created_at: "2026-05-20T08:02:00.400500+00:00" } },
    });
    expect(ok[3].approval).toEqual({ id: "apr-a99000000002", status: "rejected", actor: "bob@example.com", note: null });
    // the same file maps to the same ids: re-importing stores nothing twice
    expect(parseInterceptorApprovalsJsonl(APPROVALS, AGENT, traceOf)).toEqual(r);
  });

  it("names a sink-failure record, an approval nobody requested, and bad fields", () => {
    const errors = parseInterceptorApprovalsJsonl(APPROVALS, AGENT, traceOf).flatMap((x) => (x.ok ? [] : [x.error]));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^line 5: a sink-failure record of the reference \(sink_failures\.jsonl: its WebhookEventSink failed to write an event of type approval_required: ConnectError: /);
    expect(errors[0]).not.toMatch(/timestamp/);
    expect(errors[1]).toMatch(/^line 6: approval_id: no imported audit event of agent "agt-importer" requests approval apr-000000000bad/);
    const ctx = { agentId: AGENT, rawLine: "{}", traceOf };
    const bad = (o: Record<string, unknown>) => {
      const m = mapApprovalRecord(o, ctx);
      return m.ok ? "ok" : m.error;
    };
    const base = { approval_id: "apr-a99000000001", status: "approved", reviewed_at: "2026-05-20T08:09:12Z", reviewed_by: "alice" };
    expect(bad({ ...base, status: "maybe" })).toBe('status: must be pending, approved or rejected (got "maybe")');
    expect(bad({ ...base, reviewed_at: null })).toMatch(/^reviewed_at: missing; an approved approval record needs the time it was decided/);
    expect(bad({ ...base, reviewed_at: "yesterday" })).toMatch(/^reviewed_at: must be an ISO-8601 date-time/);
    expect(bad({ ...base, reviewed_by: "x".repeat(201) })).toMatch(/^reviewed_by: /);
    expect(bad({ event_type: "plan", approval_id: "apr-1" })).toMatch(/^an audit log line \(it has event_type\), not an approval record/);
    expect(bad({ ...base, approval_id: undefined })).toMatch(/^approval_id: missing/);
    expect(bad({ ...base, decided_at: "2026-05-20T08:09:12Z", reviewed_at: undefined, decided_by: "dee" })).toBe("ok");
  });

  it("turns an imported approval step from pending into its real outcome in replay", () => {
    const audit = parseInterceptorJsonl(AUDIT, AGENT).flatMap((x) => (x.ok ? [x.event] : []));
    const approvals = parseInterceptorApprovalsJsonl(APPROVALS, AGENT, traceOf).flatMap((x) => (x.ok ? [x.event] : []));
    const chain = (trace: string): RecordedEvent[] =>
      [...audit, ...approvals].filter((e) => e.trace_id === trace).map((event, i) => ({ trace_id: trace, seq: i + 1, hash: `h${i + 1}`, event }));
    const step = (trace: string) => replayDiff(chain(trace)).plans.flatMap((p) => p.steps)[0];
    expect(step(TRACE_1).step.approval).toMatchObject({ id: "apr-a99000000001", status: "approved", actor: "alice@example.com", decided_at: "2026-05-20T08:09:12.000000+00:00" });
    expect(step(TRACE_1).effective_decision).toBe("allow");
    expect(step(TRACE_2).step.approval).toMatchObject({ status: "denied", actor: "bob@example.com", decided_at: "2026-05-20T08:10:30.000000+00:00" });
    expect(step(TRACE_2).result).toBe("enforced");
  });
});
