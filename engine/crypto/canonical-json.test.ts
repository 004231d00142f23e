import { describe, expect, it } from "vitest";
import { CANONICAL_MAX_DEPTH, canonicalJson, CanonicalJsonError } from "./canonical-json";
import { linkHash, linkHashFromCanonical, sha256Hex } from "./hash-chain";

describe("canonicalJson (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], "\u20ac": 0, "\ud83d\ude00": 1, "\ufb33": 2 })).toBe(
      '{"a":[true,null,"x"],"b":1,"\u20ac":0,"\ud83d\ude00":1,"\ufb33":2}',
    );
  });
  it("writes numbers in ECMAScript shortest form (RFC 8785 appendix samples)", () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 5e-324, 1.0])).toBe("[1e+21,1e-7,0.000001,0,333333333.3333333,5e-324,1]");
  });
  it("escapes strings as JSON does and refuses what JSON cannot hold", () => {
    expect(canonicalJson({ s: 'a"\\\n\u0001é' })).toBe('{"s":"a\\"\\\\\\n\\u0001é"}');
    expect(() => canonicalJson({ n: Infinity })).toThrow(/NaN or Infinity/);
  });
  it("skips undefined members like JSON.stringify", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

/** What canonicalJson threw for `value` (or null when it encoded it). */
function thrown(value: unknown): unknown {
  try {
    canonicalJson(value);
    return null;
  } catch (e) {
    return e;
  }
}

describe("canonicalJson refuses what JSON cannot hold with a typed error", () => {
  it("names a number JSON.parse turned into Infinity, with its path", () => {
    const e = thrown(JSON.parse('{"plan":{"steps":[{"arguments":{"n":1e400}}]}}'));
    expect(e).toBeInstanceOf(CanonicalJsonError);
    expect(e).toMatchObject({ problem: "non_finite_number", path: "plan.steps[0].arguments.n" });
    expect(thrown([NaN])).toMatchObject({ problem: "non_finite_number", path: "[0]" });
  });
  it("refuses 10,000 and 100,000 levels of nesting as too deep, never with a RangeError", () => {
    for (const levels of [10_000, 100_000]) {
      const deep = JSON.parse('{"a":'.repeat(levels) + "1" + "}".repeat(levels));
      const e = thrown({ arguments: deep });
      expect(e).toBeInstanceOf(CanonicalJsonError);
      expect(e).toMatchObject({ problem: "too_deep" });
      expect((e as CanonicalJsonError).path).toMatch(/^arguments(\.a)+$/);
      const arrays = thrown(JSON.parse("[".repeat(levels) + "]".repeat(levels)));
      expect(arrays).toMatchObject({ problem: "too_deep" });
    }
  });
  it("encodes nesting up to the limit", () => {
    const levels = CANONICAL_MAX_DEPTH;
    expect(canonicalJson(JSON.parse("[".repeat(levels) + "]".repeat(levels)))).toBe("[".repeat(levels) + "]".repeat(levels));
    expect(thrown(JSON.parse("[".repeat(levels + 1) + "]".repeat(levels + 1)))).toMatchObject({ problem: "too_deep" });
  });
  it("names a value of a type JSON has no form for", () => {
    expect(thrown({ a: { b: () => 1 } })).toMatchObject({ problem: "unsupported_type", path: "a.b" });
    expect(thrown({ n: 1n })).toMatchObject({ problem: "unsupported_type", path: "n" });
  });
});

describe("link hash", () => {
  it("assembles the same bytes as canonicalising the whole link", () => {
    const event = { z: 1, id: "e1", nested: { b: [1, 2], a: "é" } };
    const raw = sha256Hex('{"id":"e1"}');
    const whole = sha256Hex(canonicalJson({ seq: 7, prev_hash: "ab".repeat(32), event, raw_sha256: raw }));
    expect(linkHash({ seq: 7, prev_hash: "ab".repeat(32), event, raw_sha256: raw })).toBe(whole);
    expect(linkHashFromCanonical(7, "ab".repeat(32), canonicalJson(event), raw)).toBe(whole);
  });
});
