/**
 * A streaming reader of one file field out of a multipart/form-data body (RFC 7578): the bytes of the part named
 * `field` go to `sink` as they arrive and everything else is skipped, so an upload of any size passes through a
 * buffer of about one chunk plus the boundary. Written for POST /api/v1/evidence/verify, where Request.formData()
 * would hold the whole body and then the file again in memory.
 */

export type FileSink = (bytes: Uint8Array) => Promise<void> | void;

/** The boundary of a multipart/form-data content type, or null when it has none. */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;

type State = "preamble" | "after-delimiter" | "headers" | "body" | "done";

export class MultipartError extends Error {}

/**
 * Feed it the body's chunks with `write`, then call `end`; `found` says whether the field was present. The body is
 * seen as if it began with CRLF, so the first delimiter needs no special case (RFC 2046 §5.1.1).
 */
export class MultipartFileReader {
  private readonly delimiter: Buffer;
  private buf: Buffer = CRLF;
  private state: State = "preamble";
  private inField = false;
  found = false;
  /** Bytes written to the sink. */
  size = 0;

  constructor(
    boundary: string,
    private readonly field: string,
    private readonly sink: FileSink,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.state === "done") return; // the epilogue is ignored
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (;;) {
      const progressed = await this.step();
      if (!progressed) return;
    }
  }

  end(): void {
    if (this.state !== "done") throw new MultipartError("the multipart body ends before its closing boundary");
  }

  /** One transition of the state machine over the buffered bytes; false when more input is needed. */
  private async step(): Promise<boolean> {
    switch (this.state) {
      case "preamble":
      case "body": {
        const at = this.buf.indexOf(this.delimiter);
        if (at < 0) {
          // keep a tail that could be the start of a delimiter split across chunks
          const keep = Math.min(this.buf.length, this.delimiter.length - 1);
          await this.emit(this.buf.subarray(0, this.buf.length - keep));
          this.buf = Buffer.from(this.buf.subarray(this.buf.length - keep));
          return false;
        }
        await this.emit(this.buf.subarray(0, at));
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.inField = false;
        this.state = "after-delimiter";
        return true;
      }
      case "after-delimiter": {
        if (this.buf.length < 2) return false;
        if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
          this.state = "done";
          this.buf = Buffer.alloc(0);
          return false;
        }
        const eol = this.buf.indexOf(CRLF);
        if (eol < 0) {
          if (this.buf.length > 256) throw new MultipartError("a multipart boundary line is malformed");
          return false;
        }
        if (this.buf.subarray(0, eol).toString("latin1").trim() !== "") throw new MultipartError("a multipart boundary line is malformed");
        this.buf = this.buf.subarray(eol + 2);
        this.state = "headers";
        return true;
      }
      case "headers": {
        // a part with no headers at all starts straight with its blank line
        const end = this.buf[0] === 0x0d && this.buf[1] === 0x0a ? -2 : this.buf.indexOf(HEADER_END);
        if (end === -1) {
          if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError(`a multipart part's headers exceed ${MAX_HEADER_BYTES} bytes`);
          return false;
        }
        const headers = end === -2 ? "" : this.buf.subarray(0, end).toString("utf8");
        this.buf = this.buf.subarray(end === -2 ? 2 : end + 4);
        const name = partName(headers);
        this.inField = name === this.field && !this.found;
        if (this.inField) this.found = true;
        this.state = "body";
        return true;
      }
      case "done":
        return false;
    }
  }

  private async emit(bytes: Buffer): Promise<void> {
    if (!this.inField || this.state !== "body" || bytes.length === 0) return;
    this.size += bytes.length;
    await this.sink(bytes);
  }
}

/** The `name` of a part's Content-Disposition: form-data header. */
function partName(headers: string): string | null {
  for (const line of headers.split("\r\n")) {
    const [k, ...rest] = line.split(":");
    if (k.trim().toLowerCase() !== "content-disposition") continue;
    const m = /;\s*name=(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))/i.exec(rest.join(":"));
    return m ? (m[1] ?? m[2]) : null;
  }
  return null;
}
