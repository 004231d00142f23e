import { z } from "zod";

export const MAX_SCAN_TEXTS = 50;
export const MAX_SCAN_CHARS = 100_000;

export const ScanProvenance = z
  .object({
    source_type: z.string().min(1).max(100).describe("where the text came from: web_page, email, tool_result, retrieval_chunk…"),
    trust_level: z.string().min(1).max(50).optional().describe("as the agent labels it; echoed, does not change the score"),
    source_name: z.string().max(500).nullable().optional(),
  })
  .strict();

export const ScanBody = z
  .object({
    texts: z
      .array(
        z
          .object({
            id: z.string().min(1).max(200).optional().describe("the caller's id for this text, echoed"),
            text: z.string().max(MAX_SCAN_CHARS),
            provenance: ScanProvenance.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_SCAN_TEXTS),
  })
  .strict();
export type ScanBody = z.infer<typeof ScanBody>;

const Finding = z.object({
  detector: z.string().describe("a rule id, or learned_model"),
  category: z.string(),
  score: z.number(),
  evidence: z.string().describe("the excerpt, ≤ 200 chars"),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
});
const Window = z.object({
  score: z.number().describe("the score of the worst window: the learned model's, or the rules' when they scored the text higher (then `detector` names the rule)"),
  start: z.number().int().describe("offset of the window in `text` (UTF-16 code units)"),
  end: z.number().int(),
  segment: z.string().describe("text, or the hiding it was decoded from: base64, hex, percent-encoding, tag characters, leetspeak, spaced letters, diacritics, rot13, reversed"),
  top_features: z.array(z.object({ text: z.string(), weight: z.number(), start: z.number().int(), end: z.number().int() })).describe("the words the model weighed most in its window (empty for a rule's window)"),
  detector: z.string().optional().describe("present when the window is the sentence of the rules' strongest match: that rule's id"),
});
/** One text's result; also exactly what `scanText` of engine/guard/edge.ts returns in-process. */
export const ScanResultSchema = z.object({
  index: z.number().int(),
  id: z.string().optional(),
  score: z.number().describe("0..1: the larger of the rules' and the model's score"),
  verdict: z.enum(["clean", "signal", "block"]),
  rules_score: z.number(),
  model_score: z.number(),
  findings: z.array(Finding),
  window: Window,
  provenance: ScanProvenance.nullable(),
  model_version: z.string(),
});
export const ScanResponse = z.object({
  thresholds: z.object({ signal_score: z.number(), block_score: z.number(), from: z.string() }),
  verdict: z.enum(["clean", "signal", "block"]).describe("the worst verdict over the texts"),
  results: z.array(ScanResultSchema),
});

export const openapi = [
  {
    method: "post", path: "/api/v1/guard/scan", auth: "agent", permission: "evaluate", body: ScanBody, response: ScanResponse,
    summary: "Scan retrieved texts for prompt injection before they reach the model (rules + learned model; writes nothing). The same detector runs in-process as engine/guard/edge.ts scanText(text, provenance), whose result is one element of `results`.",
  },
];
