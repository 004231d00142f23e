import "server-only";
import { open } from "node:fs/promises";
import { verifyEvidencePackage } from "@/engine/evidence/verify-package";
import { ApiError } from "@/lib/api/errors";
import { activeSigningKey, publicJwks } from "@/lib/tokens/signing-keys";
import type { VerifyResponse } from "./schemas";

/**
 * Verifications one app process runs at once. An upload is streamed to a temporary file and verified from there, so
 * memory stays bounded per upload; the bound keeps a handful of signed-in users from filling the disk and the CPU
 * with parallel 200 MB verifications. Beyond it the request is refused with 429 and can simply be retried.
 */
export const MAX_CONCURRENT_VERIFICATIONS = 2;
let running = 0;

/** Runs `fn` in one of the process's verification slots, or refuses (429) when all are taken. */
export async function withVerifySlot<T>(fn: () => Promise<T>, limit = MAX_CONCURRENT_VERIFICATIONS): Promise<T> {
  if (running >= limit) {
    throw new ApiError("rate_limited", `${running} evidence packages are being verified on this server right now; try again in a few seconds`);
  }
  running++;
  try {
    return await fn();
  } finally {
    running--;
  }
}

/** The body types the verify route documents: a multipart form, or the raw ZIP. */
export const VERIFY_UPLOAD_TYPES = ["multipart/form-data", "application/zip", "application/octet-stream", "application/x-zip-compressed"] as const;

/** Whether the bytes start like a ZIP (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Verifies an uploaded package (a file on disk, see withSpooledUpload) against this server's evidence-checkpoint public
 * keys — never a key found inside the package. The verifier reads the file member by member, so memory does not grow
 * with the package. A damaged or tampered package is a result (ok: false with each failure), not an error; only an
 * upload that is not a ZIP at all is refused (400).
 */
export async function verifyUploadedPackage(file: { path: string; size: number }): Promise<VerifyResponse> {
  if (file.size === 0) throw new ApiError("validation_failed", "invalid body: file: the upload is empty", [{ field: "file", message: "the upload is empty" }]);
  if (!looksLikeZip(await firstBytes(file.path, 4))) {
    throw new ApiError("bad_request", "the upload is not a ZIP file (it does not start with the ZIP signature PK); upload the evidence-<package id>.zip as exported", { field: "file" });
  }
  await activeSigningKey("evidence_checkpoint"); // the key exists once anything was exported; this keeps an empty set from looking like tampering
  const { keys } = await publicJwks("evidence_checkpoint");
  const r = await verifyEvidencePackage(file.path, { trustedKeys: keys });
  return { ok: r.ok, failures: r.failures, summary: r.summary };
}

async function firstBytes(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, "r");
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
