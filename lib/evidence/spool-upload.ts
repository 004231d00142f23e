import "server-only";
import { open, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApiError } from "@/lib/api/errors";
import { MultipartError, MultipartFileReader, multipartBoundary } from "./multipart-file";
import { VERIFY_MAX_BYTES } from "./schemas";

/** Room for the multipart framing around the file. */
const FRAMING_BYTES = 64 * 1024;

const noFile = () => new ApiError("validation_failed", "invalid body: file: attach the evidence ZIP as the multipart field `file`", [{ field: "file", message: "attach the evidence ZIP as the multipart field `file`" }]);

/**
 * Streams the ZIP of a verify request to a temporary file — a multipart form's `file` field, or the raw body
 * (application/zip or application/octet-stream) — runs `fn` on the file's path and deletes it afterwards, whatever
 * happens. Memory per upload stays at about one chunk: the package is never held whole (the verifier reads it from
 * the file). Refused within VERIFY_MAX_BYTES (413 beyond, also for chunked uploads without a length).
 */
export async function withSpooledUpload<T>(
  req: Request,
  fn: (file: { path: string; size: number }) => Promise<T>,
  opts: { maxBytes?: number; tmpDir?: string } = {},
): Promise<T> {
  const maxBytes = opts.maxBytes ?? VERIFY_MAX_BYTES;
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_BYTES) {
    throw new ApiError("payload_too_large", `the upload is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
  const multipart = type.startsWith("multipart/form-data");
  if (!multipart && type && !type.startsWith("application/zip") && !type.startsWith("application/octet-stream") && !type.startsWith("application/x-zip-compressed")) {
    throw new ApiError("unsupported_media_type", `send the ZIP as multipart/form-data (field \`file\`) or as application/zip, not ${type.split(";")[0]}`);
  }
  const boundary = multipart ? multipartBoundary(req.headers.get("content-type")!) : null;
  if (multipart && !boundary) throw new ApiError("bad_request", "the multipart body cannot be parsed: its content-type names no boundary");

  const dir = await mkdtemp(path.join(opts.tmpDir ?? tmpdir(), "replay-audit-verify-"));
  try {
    const file = path.join(dir, "upload.zip");
    const size = await spool(req, file, boundary, maxBytes);
    return await fn({ path: file, size });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the upload (or its multipart `file` field) to `file`, one chunk at a time; returns the file's size. */
async function spool(req: Request, file: string, boundary: string | null, maxBytes: number): Promise<number> {
  const out = await open(file, "wx", 0o600);
  const reader = req.body?.getReader();
  let read = 0;
  let written = 0;
  const write = async (bytes: Uint8Array) => {
    written += bytes.byteLength;
    if (written > maxBytes) throw new ApiError("payload_too_large", `the file exceeds the limit of ${maxBytes} bytes`);
    await out.write(bytes);
  };
  const parts = boundary ? new MultipartFileReader(boundary, "file", write) : null;
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (read > maxBytes + (parts ? FRAMING_BYTES : 0)) throw new ApiError("payload_too_large", `the upload exceeds the limit of ${maxBytes} bytes`);
      await (parts ? parts.write(value) : write(value));
    }
    if (parts) {
      parts.end();
      if (!parts.found) throw noFile();
    }
    return written;
  } catch (e) {
    await reader?.cancel().catch(() => {});
    if (e instanceof MultipartError) throw new ApiError("bad_request", `the multipart body cannot be parsed: ${e.message}`);
    throw e;
  } finally {
    await out.close();
  }
}
