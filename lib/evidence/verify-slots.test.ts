import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { MAX_CONCURRENT_VERIFICATIONS, withVerifySlot } from "./verify-upload";

describe("evidence verification slots", () => {
  it("refuses a verification beyond the process's limit with 429, and frees the slot when one finishes", async () => {
    const release: Array<() => void> = [];
    const busy = Array.from({ length: MAX_CONCURRENT_VERIFICATIONS }, () =>
      withVerifySlot(() => new Promise<string>((resolve) => release.push(() => resolve("done")))));
    const refused = await withVerifySlot(async () => "ran").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe("rate_limited");
    release.shift()!();
    await busy[0];
    await expect(withVerifySlot(async () => "ran")).resolves.toBe("ran");
    release.forEach((r) => r());
    await Promise.all(busy);
  });

  it("frees the slot when the verification throws", async () => {
    for (let i = 0; i < MAX_CONCURRENT_VERIFICATIONS + 1; i++) {
      await expect(withVerifySlot(async () => { throw new Error("bad zip"); })).rejects.toThrow("bad zip");
    }
    await expect(withVerifySlot(async () => "ran")).resolves.toBe("ran");
  });
});
