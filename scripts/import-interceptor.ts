// npm run import -- <audit.jsonl> [approvals.jsonl] [--approvals <approvals.jsonl>] --agent <agent-id>
// Imports a reference AISecOps Interceptor audit log into the database (the same mapping as
// POST /api/v1/events?format=interceptor), and its approval store (approvals.jsonl, the same as
// ?format=interceptor-approvals) so imported approval steps show who approved or rejected them and when.
// A file is read as an approval store when given with --approvals or when its first record looks like one.
// Malformed lines are reported by line number, the rest import, and re-importing stores nothing twice.
import { readFileSync } from "node:fs";
import { looksLikeApprovalRecord } from "@/engine/events/interceptor-approvals";
import { parseInterceptorJsonl, readJsonlObjects } from "@/engine/events/interceptor";
import { prisma } from "@/lib/db";
import { importInterceptorApprovals } from "@/lib/ingest/import-approvals";
import { storeEvents } from "@/lib/ingest/store-events";

function usage(msg?: string): never {
  if (msg) console.error(`error: ${msg}`);
  console.error("usage: npm run import -- <audit.jsonl> [approvals.jsonl] [--approvals <approvals.jsonl>] --agent <agent-id>");
  process.exit(2);
}

function readText(file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    usage(`cannot read ${file}: ${(e as Error).message}`);
  }
}

async function importAudit(file: string, text: string, agentId: string): Promise<{ ok: boolean }> {
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
  return { ok: good.length > 0 || lines.length === 0 };
}

async function importApprovals(file: string, text: string, agentId: string): Promise<{ ok: boolean }> {
  const results = await importInterceptorApprovals(text, agentId);
  const n = (s: string) => results.filter((r) => r.status === s).length;
  const traces = new Set(results.flatMap((r) => (r.trace_id ? [r.trace_id] : [])));
  console.log(`${file} (approval store): ${results.length} records read; ${n("stored")} imported, ${n("duplicate")} already present, ${n("invalid")} not imported; traces: ${[...traces].join(", ") || "none"}`);
  for (const r of results) if (r.error) console.log(`  line ${r.line}: ${r.error.replace(/^line \d+: /, "")}`);
  return { ok: n("invalid") < results.length || results.length === 0 };
}

async function main() {
  const args = process.argv.slice(2);
  const flagValue = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const agentId = flagValue("--agent");
  const forcedApprovals = args.flatMap((x, i) => (x === "--approvals" && args[i + 1] ? [args[i + 1]] : []));
  const positional = args.filter((x, i) => !x.startsWith("--") && args[i - 1] !== "--agent" && args[i - 1] !== "--approvals");
  if (!positional.length && !forcedApprovals.length) usage("no file given");
  if (!agentId) usage("--agent <agent-id> is required: imported events belong to a registered agent");
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { id: true } });
  if (!agent) usage(`no agent "${agentId}"; create it in the UI (Agents) first`);

  // audit logs first: an approval record goes into the trace whose audit line requested it
  const files = [...positional, ...forcedApprovals].map((file) => {
    const text = readText(file);
    const first = readJsonlObjects(text).find((l) => l.ok);
    const approvals = forcedApprovals.includes(file) || (first?.ok === true && looksLikeApprovalRecord(first.value));
    return { file, text, approvals };
  });
  let ok = true;
  for (const f of files.filter((x) => !x.approvals)) ok = (await importAudit(f.file, f.text, agentId)).ok && ok;
  for (const f of files.filter((x) => x.approvals)) ok = (await importApprovals(f.file, f.text, agentId)).ok && ok;
  await prisma.$disconnect();
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
