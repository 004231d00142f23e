import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { expect, test } from "@playwright/test";
import { signedInApi, signIn } from "./helpers";

const spooled = () => readdirSync(tmpdir()).filter((n) => n.startsWith("replay-audit-verify-"));

// The Verify evidence page uploads with the browser's own multipart encoding, which the server now streams to a
// temporary file (lib/evidence/spool-upload.ts) rather than parsing in memory; the file is gone afterwards.
test("a viewer verifies an exported ZIP on the Verify evidence page; the upload leaves no temporary file", async ({ page }) => {
  const reviewer = await signedInApi("reviewer");
  const trace = (await (await reviewer.get("/api/v1/traces?limit=1")).json()).traces[0].id as string;
  const zip = await reviewer.get(`/api/v1/traces/${encodeURIComponent(trace)}/evidence.zip`);
  expect(zip.status()).toBe(200);
  const bytes = await zip.body();
  const before = spooled().length;

  await signIn(page, "viewer");
  await page.goto("/evidence/verify");
  await page.getByTestId("verify-file").setInputFiles({ name: "evidence.zip", mimeType: "application/zip", buffer: bytes });
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-ok", "true", { timeout: 30_000 });

  // one byte of the archive flipped: a verification result with failures, not an error
  const tampered = Buffer.from(bytes);
  tampered[Math.floor(tampered.length / 3)] ^= 0x01;
  await page.getByTestId("verify-file").setInputFiles({ name: "tampered.zip", mimeType: "application/zip", buffer: tampered });
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-ok", "false", { timeout: 30_000 });
  expect(spooled().length).toBe(before);
});
