// npm run bench:what-if (DATABASE_URL required) — times what-if runs over every trace in DATABASE_URL
// (the production bundle now active, then the stricter draft: default + forbid on notify.external). Writes runs only.
import { prisma } from "@/lib/db";
import { createWhatIfRun } from "@/lib/replay/what-if/create-run";
import { runWhatIf } from "@/lib/replay/what-if/run-what-if";
import { stricterDraftFiles } from "@/lib/replay/what-if/stricter-draft";


async function main() {
  const active = await prisma.policyActivation.findUniqueOrThrow({ where: { environment: "production" } });
  const filter = { from: new Date(Date.now() - 365 * 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
  const cases = [
    { name: "production bundle now active", body: { bundle_id: active.bundleId, filter } },
    { name: "stricter draft", body: { draft: { files: stricterDraftFiles() }, filter } },
  ];
  for (const c of cases) {
    const run = await createWhatIfRun(c.body, "bench");
    const t0 = performance.now();
    await runWhatIf(run.id);
    const ms = performance.now() - t0;
    const r = await prisma.whatIfRun.findUniqueOrThrow({ where: { id: run.id } });
    const s = r.summary as Record<string, unknown>;
    const flips = await prisma.whatIfFlip.count({ where: { runId: run.id } });
    console.log(`${c.name}: ${r.status} ${r.total} traces, ${ms.toFixed(0)} ms, ${flips} rows stored; ${JSON.stringify({ ...s, error_samples: undefined })}`);
  }
  await prisma.$disconnect();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
