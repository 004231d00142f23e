import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { withSpooledUpload } from "./spool-upload";
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

describe("withSpooledUpload: the upload goes to a temporary file that is always deleted", () => {
  const ZIPISH = Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(20_000, 7), Buffer.from("\r\n--not-the-boundary\r\n-")]);
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "spool-test-"));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));
  const leftovers = () => readdirSync(tmp);

  /** A request whose body arrives in chunks of `size` bytes (1 byte splits every boundary). */
  function chunked(body: Buffer, type: string, size: number): Request {
    let off = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (off >= body.length) return c.close();
        c.enqueue(new Uint8Array(body.subarray(off, off + size)));
        off += size;
      },
    });
    return new Request("http://x/api/v1/evidence/verify", { method: "POST", body: stream, headers: { "content-type": type }, duplex: "half" } as RequestInit);
  }

  function multipart(fields: Array<[string, Buffer | string]>, boundary = "----formdata-undici-0123456789"): Buffer {
    const parts = fields.map(([name, v]) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${typeof v === "string" ? "" : '; filename="evidence.zip"\r\nContent-Type: application/zip'}\r\n\r\n`), Buffer.from(v), Buffer.from("\r\n")]));
    return Buffer.concat([Buffer.from("preamble\r\n"), ...parts, Buffer.from(`--${boundary}--\r\nepilogue`)]);
  }

  it("writes a raw application/zip body and a multipart `file` field byte for byte, however the chunks fall", async () => {
    const boundary = "----formdata-undici-0123456789";
    const form = multipart([["note", "hello"], ["file", ZIPISH], ["after", "x"]], boundary);
    for (const [body, type] of [[ZIPISH, "application/zip"], [form, `multipart/form-data; boundary=${boundary}`]] as const) {
      for (const size of [1, 7, 65_536, body.length]) {
        let seen = "";
        const got = await withSpooledUpload(chunked(body, type, size), async (f) => {
          seen = f.path;
          expect(f.size).toBe(ZIPISH.length);
          return readFileSync(f.path);
        }, { tmpDir: tmp });
        expect(got.equals(ZIPISH), `${type} in chunks of ${size}`).toBe(true);
        expect(existsSync(seen)).toBe(false);
      }
    }
    expect(leftovers()).toEqual([]);
  });

  it("reads what a real FormData body looks like (as the browser's Verify evidence page sends it)", async () => {
    const form = new FormData();
    form.append("file", new Blob([ZIPISH], { type: "application/zip" }), "evidence.zip");
    const req = new Request("http://x/api/v1/evidence/verify", { method: "POST", body: form });
    const got = await withSpooledUpload(req, async (f) => readFileSync(f.path), { tmpDir: tmp });
    expect(got.equals(ZIPISH)).toBe(true);
  });

  it("deletes the file when verification throws, when the upload is too large mid-stream, and when the form has no file", async () => {
    await expect(withSpooledUpload(chunked(ZIPISH, "application/zip", 4096), async () => { throw new Error("verifier crashed"); }, { tmpDir: tmp })).rejects.toThrow("verifier crashed");
    const big = await withSpooledUpload(chunked(ZIPISH, "application/zip", 4096), async () => "ran", { tmpDir: tmp, maxBytes: 10_000 }).catch((e: unknown) => e);
    expect(big).toMatchObject({ code: "payload_too_large" });
    const form = multipart([["file", ZIPISH]]);
    const bigForm = await withSpooledUpload(chunked(form, "multipart/form-data; boundary=----formdata-undici-0123456789", 4096), async () => "ran", { tmpDir: tmp, maxBytes: 10_000 }).catch((e: unknown) => e);
    expect(bigForm).toMatchObject({ code: "payload_too_large" });
    const none = await withSpooledUpload(chunked(multipart([["note", "x"]]), "multipart/form-data; boundary=----formdata-undici-0123456789", 10), async () => "ran", { tmpDir: tmp }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: "validation_failed", details: [{ field: "file" }] });
    const cut = await withSpooledUpload(chunked(form.subarray(0, 5000), "multipart/form-data; boundary=----formdata-undici-0123456789", 1000), async () => "ran", { tmpDir: tmp }).catch((e: unknown) => e);
    expect(cut).toMatchObject({ code: "bad_request" });
    expect(leftovers()).toEqual([]);
  });

  it("refuses other content types and a multipart type without a boundary before creating anything", async () => {
    expect(await withSpooledUpload(chunked(ZIPISH, "text/plain", 4096), async () => "ran", { tmpDir: tmp }).catch((e: unknown) => e)).toMatchObject({ code: "unsupported_media_type" });
    expect(await withSpooledUpload(chunked(ZIPISH, "multipart/form-data", 4096), async () => "ran", { tmpDir: tmp }).catch((e: unknown) => e)).toMatchObject({ code: "bad_request" });
    expect(leftovers()).toEqual([]);
  });
});
