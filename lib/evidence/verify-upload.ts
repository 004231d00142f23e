import "server-only";
import { verifyEvidencePackage } from "@/engine/evidence/verify-package";
import { ApiError } from "@/lib/api/errors";
import { readLimited } from "@/lib/api/with-api";
import { activeSigningKey, publicJwks } from "@/lib/tokens/signing-keys";
import { VERIFY_MAX_BYTES, type VerifyResponse } from "./schemas";

/**
 * Verifications one app process runs at once. An upload is held in memory while it is checked (up to
 * VERIFY_MAX_BYTES, briefly twice for multipart), so without a bound a handful of signed-in users could exhaust the
 * server's memory; beyond it the request is refused with 429 and can simply be retried.
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

/**
 * The ZIP of a verify request: a multipart form's `file` field, or the raw body (application/zip or
 * application/octet-stream). Read within VERIFY_MAX_BYTES (413 beyond, also for chunked uploads without a length).
 */
export async function readUploadedZip(req: Request, maxBytes = VERIFY_MAX_BYTES): Promise<Uint8Array> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    throw new ApiError("payload_too_large", `the upload is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
  if (type.startsWith("multipart/form-data")) {
    // a little room for the multipart framing around the file
    const raw = await readLimited(req, maxBytes + 64 * 1024, "the upload");
    let form: FormData;
    try {
      form = await new Response(raw as BodyInit, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
    } catch {
      throw new ApiError("bad_request", "the multipart body cannot be parsed");
    }
    const file = form.get("file");
    if (!file || typeof file === "string") {
      throw new ApiError("validation_failed", "invalid body: file: attach the evidence ZIP as the multipart field `file`", [{ field: "file", message: "attach the evidence ZIP as the multipart field `file`" }]);
    }
    if (file.size > maxBytes) throw new ApiError("payload_too_large", `the file is ${file.size} bytes; the limit is ${maxBytes} bytes`);
    return new Uint8Array(await file.arrayBuffer());
  }
  if (type && !type.startsWith("application/zip") && !type.startsWith("application/octet-stream") && !type.startsWith("application/x-zip-compressed")) {
    throw new ApiError("unsupported_media_type", `send the ZIP as multipart/form-data (field \`file\`) or as application/zip, not ${type.split(";")[0]}`);
  }
  return readLimited(req, maxBytes, "the upload");
}

/** Whether the bytes start like a ZIP (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Verifies an uploaded package against this server's evidence-checkpoint public keys — never a key found inside
 * the package. A damaged or tampered package is a result (ok: false with each failure), not an error; only an
 * upload that is not a ZIP at all is refused (400).
 */
export async function verifyUploadedPackage(bytes: Uint8Array): Promise<VerifyResponse> {
  if (bytes.length === 0) throw new ApiError("validation_failed", "invalid body: file: the upload is empty", [{ field: "file", message: "the upload is empty" }]);
  if (!looksLikeZip(bytes)) {
    throw new ApiError("bad_request", "the upload is not a ZIP file (it does not start with the ZIP signature PK); upload the evidence-<package id>.zip as exported", { field: "file" });
  }
  await activeSigningKey("evidence_checkpoint"); // the key exists once anything was exported; this keeps an empty set from looking like tampering
  const { keys } = await publicJwks("evidence_checkpoint");
  const r = await verifyEvidencePackage(bytes, { trustedKeys: keys });
  return { ok: r.ok, failures: r.failures, summary: r.summary };
}
