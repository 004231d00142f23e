// npm run import -- <audit.jsonl> --agent <agent-id>
// Imports a reference AISecOps Interceptor audit log into the database (the same mapping as
// POST /api/v1/events?format=interceptor): malformed lines are reported by line number, the rest import,
// and re-importing the same file stores nothing twice.
import { readFileSync } from "node:fs";
import { parseInterceptorJsonl } from "@/engine/events/interceptor";
import { prisma } from "@/lib/db";
import { storeEvents } from "@/lib/ingest/store-events";

function usage(msg?: string): never {
  if (msg) console.error(`error: ${msg}`);
  console.error("usage: npm run import -- <audit.jsonl> --agent <agent-id>");
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  const a = args.indexOf("--agent");
  const agentId = a >= 0 ? args[a + 1] : undefined;
  const file = args.find((x, i) => !x.startsWith("--") && i !== a + 1);
  if (!file) usage("no file given");
  if (!agentId) usage("--agent <agent-id> is required: imported events belong to a registered agent");
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { id: true } });
  if (!agent) usage(`no agent "${agentId}"; create it in the UI (Agents) first`);

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    usage(`cannot read ${file}: ${(e as Error).message}`);
  }
  const lines = parseInterceptorJsonl(text, agentId);
  const good = lines.filter((l) => l.ok);
  let stored = 0;
  let duplicates = 0;
  const refused: string[] = [];
  for (let i = 0; i < good.length; i += 1000) {
    const chunk = good.slice(i, i + 1000).map((l) => ({ event: l.event, raw: l.raw, format: "interceptor" as const }));
    for (const r of await storeEvents(chunk)) {
      if (r.status === "stored") stored++;
      else if (r.status === "duplicate") duplicates++;
      else refused.push(`${r.id}: ${r.status}: ${r.error}`);
    }
  }
  const bad = lines.filter((l) => !l.ok);
  const traces = new Set(good.map((l) => l.event.trace_id));
  console.log(`${file}: ${lines.length} lines read; ${stored} events imported, ${duplicates} already present, ${bad.length} malformed; traces: ${[...traces].join(", ") || "none"}`);
  for (const l of bad) console.log(`  line ${l.line}: ${l.error.replace(/^line \d+: /, "")}`);
  for (const r of refused) console.log(`  not stored: ${r}`);
  await prisma.$disconnect();
  process.exit(good.length === 0 && lines.length > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
