// POST /api/v1/evaluate — ask before acting: a decision for every step of a plan, with tokens for the steps allowed now
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { evaluatePlan } from "@/lib/decisions/evaluate-plan";
import { EvaluateBody } from "@/lib/decisions/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "agent", permission: "evaluate", body: EvaluateBody, maxBytes: 1024 * 1024 }, async ({ principal, body }) => {
  const timings: Record<string, number> = {};
  const result = await evaluatePlan(principal.agentId, body, body.dry_run ? "dry_run" : "evaluate", timings);
  // Server-Timing: where the time of a decision went (state, engine, grants, events), for agents and the bench
  const header = Object.entries(timings).map(([k, v]) => `${k};dur=${v.toFixed(1)}`).join(", ");
  return NextResponse.json(result, { headers: { "server-timing": header } });
});
