import { describe, expect, it } from "vitest";
import { recorded } from "../testing/story-trace";
import { STORY_BENIGN_SUPPORT, STORY_INJECTION, story } from "../testing/stories";
import { alignSequences, compareTraces, keyDiffs } from "./compare";
import { decide, plan, run, trace } from "./test-events";

describe("alignSequences", () => {
  it("aligns by the longest common subsequence of tool names, one-sided steps in between", () => {
    expect(alignSequences(["a", "x", "b", "c"], ["a", "b", "y", "c"]).pairs).toEqual([[0, 0], [1, -1], [2, 1], [-1, 2], [3, 3]]);
  });
  it("is deterministic under ties (a's steps first)", () => {
    const r1 = alignSequences(["a", "b"], ["b", "a"]);
    const r2 = alignSequences(["a", "b"], ["b", "a"]);
    expect(r1).toEqual(r2);
    expect(r1.pairs.filter(([i, j]) => i !== -1 && j !== -1)).toHaveLength(1);
  });
  it("falls back to positional alignment when the middle is too large", () => {
    const r = alignSequences(["a", "b", "c"], ["x", "y"], 4);
    expect(r.mode).toBe("position");
    expect(r.pairs).toEqual([[0, 0], [1, 1], [2, -1]]);
  });
});

describe("compareTraces", () => {
  const base = (id: string, to: string, trust: string, decision: "allow" | "block") => trace(id, [
    plan("p", [
      { index: 1, tool: "get_ticket", arguments: { id: 1 } },
      { index: 2, tool: "send_email", arguments: { to, subject: "Hi" }, provenance: [{ source_type: "retrieval_chunk", source_name: "kb/17", trust_level: trust }] },
    ]),
    decide(1, "get_ticket", "allow"), run(1, "get_ticket", { arguments: { id: 1 } }),
    decide(2, "send_email", decision, { policy: { determining: [decision === "block" ? "forbid-x" : "permit-y"] } }),
    ...(decision === "allow" ? [run(2, "send_email", { arguments: { to, subject: "Hi" } })] : []),
  ]);

  it("tells sources with the same name apart by origin_uri, so a changed origin is reported with both values", () => {
    const withOrigin = (id: string, uri: string) => trace(id, [
      plan("p", [{ index: 1, tool: "get_page", arguments: {}, provenance: [{ source_type: "web_page", source_name: "vendor docs", origin_uri: uri, trust_level: "external" }] }]),
      decide(1, "get_page", "allow"),
    ]);
    const p = compareTraces(withOrigin("A", "https://docs.vendor.example/a"), withOrigin("B", "https://evil.example/a")).pairs[0];
    expect(p.changed).toEqual(["provenance"]);
    expect(p.provenance?.only_a.map((s) => [s.source_name, s.origin_uri])).toEqual([["vendor docs", "https://docs.vendor.example/a"]]);
    expect(p.provenance?.only_b.map((s) => [s.source_name, s.origin_uri])).toEqual([["vendor docs", "https://evil.example/a"]]);
  });

  it("marks identical steps same and reports per-key argument, provenance, decision and outcome differences", () => {
    const c = compareTraces(base("A", "evil@x.example", "unverified", "block"), base("B", "user@corp.example", "internal", "allow"));
    expect(c.pairs.map((p) => p.status)).toEqual(["same", "changed"]);
    const p = c.pairs[1];
    expect(p.changed).toEqual(["arguments", "provenance", "decision", "outcome"]);
    expect(p.arguments).toEqual([{ key: "to", a: "evil@x.example", b: "user@corp.example" }]);
    expect(p.provenance?.trust_changed).toEqual([{ source: "retrieval_chunk:kb/17", a: "unverified", b: "internal" }]);
    expect(c.summary).toMatchObject({ same: 1, changed: 1, only_a: 0, only_b: 0 });
    expect(c.a.verdict).toBe("blocked");
    expect(c.b.verdict).toBe("matched");
  });

  it("pairs a different tool in the same step slot as changed (tool), and leaves extra steps one-sided", () => {
    const a = trace("A", [plan("p", [{ index: 1, tool: "a" }, { index: 2, tool: "b" }, { index: 3, tool: "c" }])]);
    const b = trace("B", [plan("p", [{ index: 1, tool: "a" }, { index: 2, tool: "z" }])]);
    const c = compareTraces(a, b);
    expect(c.pairs.map((p) => [p.status, p.a?.tool ?? null, p.b?.tool ?? null])).toEqual([
      ["same", "a", "a"], ["changed", "b", "z"], ["only_a", "c", null],
    ]);
    expect(c.pairs[1].changed).toContain("tool");
  });

  it("keyDiffs compares canonical JSON per key", () => {
    expect(keyDiffs({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 2, x: 1 }, b: 2, c: 3 })).toEqual([{ key: "b", a: 1, b: 2 }, { key: "c", b: 3 }]);
  });

  it("compares the injection story with a benign support run: replies aligned, the forward has no benign counterpart", () => {
    const c = compareTraces(recorded(story(STORY_INJECTION)), recorded(story(STORY_BENIGN_SUPPORT)));
    // benign: shipping.track (1), zendesk.reply (2); injection: get_ticket (1), email.forward (2), zendesk.reply (3)
    expect(c.pairs.map((p) => [p.status, p.a?.tool ?? null, p.b?.tool ?? null])).toEqual([
      ["changed", "zendesk.get_ticket", "shipping.track"], ["only_a", "email.forward", null], ["changed", "zendesk.reply", "zendesk.reply"],
    ]);
    const reply = c.pairs[2];
    expect(reply.changed).toContain("outcome"); // executed vs failed
    expect(c.a.verdict).toBe("blocked");
    expect(c.b.verdict).toBe("matched");
  });
});
