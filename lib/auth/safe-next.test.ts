import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this app, with their query and fragment", () => {
    expect(safeNext("/traces?agent=crm-sync&decision=block")).toBe("/traces?agent=crm-sync&decision=block");
    expect(safeNext("/traces/tr_1#graph")).toBe("/traces/tr_1#graph");
    expect(safeNext("/approvals")).toBe("/approvals");
  });

  it("refuses everything a browser would read as another origin", () => {
    for (const next of [
      "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\\/evil.example",
      "/.//evil.example", "/a/../..//evil.example", "https://evil.example", "javascript:alert(1)", "evil.example", "",
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe("/traces");
    }
    expect(safeNext(undefined)).toBe("/traces");
  });

  it("leaves encoded separators encoded, so they stay a path", () => {
    expect(safeNext("/%5Cevil.example")).toBe("/%5Cevil.example");
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });
});
