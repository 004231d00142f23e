import { z } from "zod";

export const EXPORT_MAX_TRACE_IDS = 1_000;
/** Largest package POST /api/v1/evidence/verify accepts. */
export const VERIFY_MAX_BYTES = 200 * 1024 * 1024;

const TraceId = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/**
 * `POST /api/v1/evidence`: exactly one of `trace_ids` (a selection) or `filter` (the trace list's query
 * parameters, as on GET /api/v1/traces; `cursor` and `limit` are ignored, the first 1,000 matches are exported).
 */
export const ExportEvidenceBody = z
  .object({
    trace_ids: z.array(TraceId).min(1, "must name at least one trace").max(EXPORT_MAX_TRACE_IDS, `must name at most ${EXPORT_MAX_TRACE_IDS} traces`).optional()
      .describe("the traces to export"),
    filter: z.record(z.string(), z.union([z.string(), z.number()])).optional()
      .describe("trace list filter: agent, decision, tool, trust, risk_min, risk_max, from, to, q, sort, order"),
  })
  .strict()
  .refine((b) => (b.trace_ids === undefined) !== (b.filter === undefined), {
    path: ["trace_ids"],
    message: "send exactly one of trace_ids or filter",
  });
export type ExportEvidenceBody = z.infer<typeof ExportEvidenceBody>;

export const VerifyFailure = z
  .object({
    code: z.string().describe("e.g. event_hash_mismatch, signature_invalid, untrusted_key, missing_file (engine/evidence/README.md)"),
    message: z.string(),
    path: z.string().optional(),
    line: z.number().int().optional(),
    trace_id: z.string().optional(),
    seq: z.number().int().optional(),
  })
  .passthrough();
export type VerifyFailure = z.infer<typeof VerifyFailure>;

export const VerifyResponse = z
  .object({
    ok: z.boolean(),
    failures: z.array(VerifyFailure),
    summary: z.unknown().describe("package id, issued at, traces, tree size, root hash, signer kid … (null when the ZIP could not be read)"),
  })
  .strict();
export type VerifyResponse = z.infer<typeof VerifyResponse>;

export const EvidenceJwks = z
  .object({ keys: z.array(z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string(), alg: z.string(), use: z.literal("sig") }).strict()) })
  .strict();

/** Routes of this domain, for the generated OpenAPI document. */
export const openapi = [
  {
    method: "get",
    path: "/api/v1/traces/{id}/evidence.zip",
    summary: "Signed evidence ZIP of one trace (streamed; application/zip). The export is recorded as an event.",
    permission: "evidence:export",
  },
  {
    method: "post",
    path: "/api/v1/evidence",
    summary: "Signed evidence ZIP of a selection of traces or of a trace list filter (streamed; application/zip). Recorded as an event.",
    permission: "evidence:export",
    body: ExportEvidenceBody,
  },
  {
    method: "post",
    path: "/api/v1/evidence/verify",
    summary: "Verify an evidence ZIP (multipart field `file`, or a raw application/zip body; max 200 MB) against this server's evidence keys; a tampered package is 200 with ok=false",
    permission: "traces:read",
    response: VerifyResponse,
  },
  {
    method: "get",
    path: "/api/v1/.well-known/evidence-jwks.json",
    summary: "Public keys (JWKS) that verify evidence checkpoints; fetch out of band and pass to the offline verifier",
    auth: "public",
    response: EvidenceJwks,
  },
] as const;
