import type { Metadata } from "next";
import { WhatIfClient } from "@/components/what-if/what-if-client";
import { requireUser } from "@/lib/auth/session";
import { listBundles } from "@/lib/policies/list-bundles";
import { listRuns } from "@/lib/replay/what-if/get-run";
import { listAgentOptions } from "@/lib/traces/list-agent-options";

export const metadata: Metadata = { title: "What-if" };
export const dynamic = "force-dynamic";

export default async function ReplayPage({ searchParams }: { searchParams: Promise<{ trace?: string; run?: string }> }) {
  await requireUser("replay:run", "/replay");
  const [sp, bundles, runs, agents] = await Promise.all([searchParams, listBundles(), listRuns(20), listAgentOptions()]);
  return (
    <WhatIfClient
      versions={bundles.versions.map((v) => ({ id: v.id, environment: v.environment, version: v.version, active: v.active, created_at: v.created_at, note: v.note }))}
      agents={agents}
      initialRuns={runs.runs}
      initialTrace={typeof sp.trace === "string" ? sp.trace.slice(0, 200) : null}
      initialRunId={typeof sp.run === "string" ? sp.run.slice(0, 100) : null}
    />
  );
}
