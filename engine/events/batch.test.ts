import { describe, expect, it } from "vitest";
import { eventsArraySlices, jsonStorageProblem, MAX_DEPTH, splitNdjson } from "./batch";

describe("eventsArraySlices", () => {
  it("returns each element's exact source text", () => {
    const body = '{ "events" : [ {"id":"a", "x": "]}\\"," } ,\n{"id":"b","n":[1,{"y":2}]} ] }';
    expect(eventsArraySlices(body)).toEqual(['{"id":"a", "x": "]}\\"," }', '{"id":"b","n":[1,{"y":2}]}']);
  });
  it("takes the last of duplicate keys, as JSON.parse does", () => {
    const body = '{"events":[1],"other":{"events":[9]},"events":[2,3]}';
    expect(eventsArraySlices(body)).toEqual(["2", "3"]);
    expect(JSON.parse(body).events).toEqual([2, 3]);
  });
});

describe("jsonStorageProblem", () => {
  it("rejects nesting deeper than the limit", () => {
    const deep = JSON.parse("[".repeat(MAX_DEPTH + 5) + "]".repeat(MAX_DEPTH + 5));
    expect(jsonStorageProblem({ payload: deep })).toMatch(/nested deeper than 64/);
    expect(jsonStorageProblem({ payload: [[[1]]] })).toBeNull();
  });
  it("rejects U+0000 and lone surrogates, which Postgres jsonb refuses", () => {
    expect(jsonStorageProblem({ a: "x\u0000y" })).toMatch(/a: strings must not contain U\+0000/);
    expect(jsonStorageProblem({ a: ["\ud800"] })).toMatch(/a\[0\]: .*surrogate/);
  });
});

describe("splitNdjson", () => {
  it("numbers lines, skips blanks and reports bad lines", () => {
    const items = splitNdjson('{"a":1}\r\n\n{bad\n{"b":2}');
    expect(items.map((i) => [i.line, i.raw, !!i.error])).toEqual([[1, '{"a":1}', false], [3, "{bad", true], [4, '{"b":2}', false]]);
    expect(items[1].error).toMatch(/^line 3: not valid JSON/);
  });
});

describe("numbers JSON.parse turns into Infinity", () => {
  it("are refused before they reach hashing", () => {
    expect(jsonStorageProblem(JSON.parse('{"payload":{"n":1e400}}'))).toMatch(/payload\.n: number out of range/);
  });
});

describe("eventsArraySlices on escapes", () => {
  it("is not fooled by escaped quotes and backslash runs", () => {
    const a = '{"id":"a","s":"x\\\\","t":"q\\"]}"}';
    const b = '{"id":"b","s":"\\\\\\"]"}';
    const body = `{"events":[${a},${b}]}`;
    expect(JSON.parse(body).events).toHaveLength(2);
    expect(eventsArraySlices(body)).toEqual([a, b]);
  });
});
