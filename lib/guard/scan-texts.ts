import "server-only";
import { scanText } from "@/engine/guard/edge";
import { DEFAULT_BLOCK_SCORE, DEFAULT_SIGNAL_SCORE } from "@/engine/guard/guard";
import { activeBundle } from "@/lib/policies/active-bundle";
import { prisma } from "@/lib/db";
import type { ScanBody } from "./schemas";

/**
 * POST /api/v1/guard/scan: the guard on texts an agent retrieved, before they reach its model (AIS-EDG-01). Uses
 * the thresholds of the bundle active in the agent's environment (the default bundle's when none is active), so
 * the verdict is the one evaluate would give. Reads only; writes nothing, grants nothing.
 */
export async function scanTexts(agentId: string, body: ScanBody) {
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { environment: true } });
  const bundle = agent ? await activeBundle(agent.environment) : null;
  const signalScore = bundle?.content.guard.signal_score ?? DEFAULT_SIGNAL_SCORE;
  const blockScore = bundle?.content.guard.block_score ?? DEFAULT_BLOCK_SCORE;
  const results = body.texts.map((t, i) => {
    const r = scanText(t.text, t.provenance ? { source_name: null, ...t.provenance } : null, { signalScore, blockScore });
    return { index: i, ...(t.id ? { id: t.id } : {}), ...r };
  });
  return {
    thresholds: { signal_score: signalScore, block_score: blockScore, from: bundle ? `bundle ${bundle.id} v${bundle.version}` : "default" },
    verdict: results.some((r) => r.verdict === "block") ? "block" : results.some((r) => r.verdict === "signal") ? "signal" : "clean",
    results,
  };
}
