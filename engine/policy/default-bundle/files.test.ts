import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

describe("default-bundle/files.ts", () => {
  it("embeds exactly the bundle files on disk (re-run `node scripts/gen-default-bundle.mjs` after editing them)", () => {
    const dir = import.meta.dirname;
    const onDisk = fs.readdirSync(dir).filter((n) => /\.(yaml|cedarschema|cedar)$/.test(n)).sort();
    const embedded = defaultBundleFiles();
    expect(embedded.map((f) => f.name).sort()).toEqual(onDisk);
    for (const f of embedded) expect(f.text, f.name).toBe(fs.readFileSync(path.join(dir, f.name), "utf8"));
  });
});
