import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
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

describe("link hash", () => {
  it("assembles the same bytes as canonicalising the whole link", () => {
    const event = { z: 1, id: "e1", nested: { b: [1, 2], a: "é" } };
    const raw = sha256Hex('{"id":"e1"}');
    const whole = sha256Hex(canonicalJson({ seq: 7, prev_hash: "ab".repeat(32), event, raw_sha256: raw }));
    expect(linkHash({ seq: 7, prev_hash: "ab".repeat(32), event, raw_sha256: raw })).toBe(whole);
    expect(linkHashFromCanonical(7, "ab".repeat(32), canonicalJson(event), raw)).toBe(whole);
  });
});
