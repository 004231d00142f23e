import "server-only";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import { signCheckpoint } from "@/engine/evidence/checkpoint";
import { writeEvidencePackage, type EvidenceStats, type WriteEvidenceResult } from "@/engine/evidence/write-package";
import type { PolicyVersion } from "@/engine/evidence/checkpoint";
import { ApiError, describeZodError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { prisma } from "@/lib/db";
import { pgPool } from "@/lib/pg-pool";
import { activeSigningKey } from "@/lib/tokens/signing-keys";
import { listTraces } from "@/lib/traces/list-traces";
import { TraceListQuery, type TraceListQueryInput } from "@/lib/traces/schemas";
import { buildAnalysisFiles } from "./analysis-files";
import { renderReadme } from "./readme-text";
import { renderReportHtml, type ReportApproval, type ReportPolicy } from "./report-html";
import { ReportCollector, type PolicyRefSeen } from "./report-model";
import { streamTraceEvents, type ChainEvent, type TraceCut } from "./stream-events";

/** Most traces one package covers; a filter matching more is cut (newest first by the filter's sort) and says so. */
export const EXPORT_MAX_TRACES = 1_000;

export type ExportScope = { trace_ids: string[] } | { filter: TraceListQueryInput };
export type ExportActor = { id: string; email: string; name: string };

export type ResolvedScope = {
  traces: TraceCut[];
  /** set when a filter matched more traces than one package holds */
  truncated: boolean;
  note: string | null;
};

export type ExportRecord = {
  package_id: string;
  trace_ids: string[];
  zip_sha256: string;
  bytes: number;
  tree_size: number;
  root_hash: string;
  /** proved: consistency.json links this package to the previous export of the same traces */
  consistency: WriteEvidenceResult["consistency"];
};

export type EvidenceExport = {
  packageId: string;
  filename: string;
  scope: ResolvedScope;
  /** The ZIP as it is written. The export is recorded once the last byte has been read; cancelling records nothing. */
  body: ReadableStream<Uint8Array>;
  /** Resolves with the record after it is stored; rejects if the export failed or was cancelled. */
  recorded: Promise<ExportRecord>;
};

/** sha256 of the sorted, de-duplicated trace ids, joined by newlines: the same set always gives the same key. */
export function scopeKey(traceIds: string[]): string {
  return sha256Hex([...new Set(traceIds)].sort().join("\n"));
}

/**
 * Which traces a package covers, each cut at its head as of now (events appended while the ZIP is written belong
 * to the next export). Unknown ids are a 404 naming them. A filter uses exactly the trace list's semantics by
 * paging through `listTraces`, up to EXPORT_MAX_TRACES.
 */
export async function resolveScope(scope: ExportScope): Promise<ResolvedScope> {
  if ("trace_ids" in scope) {
    const ids = [...new Set(scope.trace_ids)].sort();
    const traces = await traceCuts(ids);
    const found = new Set(traces.map((t) => t.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw new ApiError("not_found", `no trace with id ${missing.slice(0, 5).map((m) => JSON.stringify(m)).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`, { field: "trace_ids", missing });
    }
    if (ids.length > EXPORT_MAX_TRACES) {
      throw new ApiError("validation_failed", `invalid body: trace_ids: at most ${EXPORT_MAX_TRACES} traces per package`, [{ field: "trace_ids", message: `at most ${EXPORT_MAX_TRACES} traces per package` }]);
    }
    return { traces, truncated: false, note: null };
  }

  const parsed = TraceListQuery.safeParse({ ...scope.filter, limit: undefined, cursor: undefined });
  if (!parsed.success) {
    const details = describeZodError(parsed.error, "parameter").map((d) => ({ field: d.field === "(root)" ? "filter" : `filter.${d.field}`, message: d.message }));
    throw new ApiError("validation_failed", `invalid body: ${details[0].field}: ${details[0].message}`, details);
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  let more = false;
  for (;;) {
    const page = await listTraces({ ...parsed.data, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const t of page.traces) {
      if (ids.length < EXPORT_MAX_TRACES) ids.push(t.id);
      else more = true;
    }
    if (!page.next_cursor || more) {
      more ||= !!page.next_cursor && ids.length >= EXPORT_MAX_TRACES;
      break;
    }
    if (ids.length >= EXPORT_MAX_TRACES) {
      more = true;
      break;
    }
    cursor = page.next_cursor;
  }
  if (!ids.length) throw new ApiError("not_found", "no trace matches the filter", { field: "filter" });
  const traces = await traceCuts(ids);
  const note = more
    ? `The filter matched more than ${EXPORT_MAX_TRACES} traces; this package holds the first ${EXPORT_MAX_TRACES} in the list's order (sort ${parsed.data.sort} ${parsed.data.order}). Narrow the filter to export the rest.`
    : null;
  return { traces, truncated: more, note };
}

async function traceCuts(ids: string[]): Promise<TraceCut[]> {
  if (!ids.length) return [];
  const rows = await prisma.trace.findMany({ where: { id: { in: ids } }, select: { id: true, headSeq: true }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, headSeq: r.headSeq }));
}

/**
 * Starts an evidence export: resolves the scope (throws before any byte is sent: 404 unknown trace, 422 bad
 * filter), then streams the ZIP from the database through the package writer. Nothing is recorded until the whole
 * ZIP has been read from `body`; then the evidence_exports row (checkpoint, tree size, root, the ZIP's SHA-256 and
 * size, who) and the `human.evidence.exported` event are written, before the stream closes — so a client that got
 * the complete file knows it is on record, and one that disconnected leaves no record.
 */
export async function startEvidenceExport(scope: ExportScope, actor: ExportActor): Promise<EvidenceExport> {
  const resolved = await resolveScope(scope);
  const traceIds = resolved.traces.map((t) => t.id);
  const key = scopeKey(traceIds);
  const packageId = `evx_${randomBytes(12).toString("hex")}`;
  const issuedAt = new Date().toISOString();
  const signer = await activeSigningKey("evidence_checkpoint");
  const previousRow = await prisma.evidenceExport.findFirst({
    where: { scopeKey: key },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { checkpoint: true, treeSize: true, rootHash: true },
  });
  const totalEvents = resolved.traces.reduce((s, t) => s + t.headSeq, 0);
  const previousJws = (previousRow?.checkpoint as { jws?: unknown } | null)?.jws;
  const previous =
    previousRow && typeof previousJws === "string" && previousRow.treeSize > 0 && previousRow.treeSize <= totalEvents
      ? { checkpointJws: previousJws, tree_size: previousRow.treeSize, root_hash: previousRow.rootHash }
      : undefined;

  const abort = new AbortController();
  const collector = new ReportCollector();
  async function* tapped(): AsyncGenerator<ChainEvent> {
    for await (const e of streamTraceEvents(resolved.traces, { signal: abort.signal })) {
      collector.add(e);
      yield e;
    }
  }

  const written = writeEvidencePackage({
    packageId,
    issuedAt: new Date(issuedAt),
    events: tapped(),
    previous,
    sign: (payload: Uint8Array) => signCheckpoint(payload, signer),
    files: async (stats: EvidenceStats) => {
      const model = collector.finish();
      const [policies, approvals, analysis] = await Promise.all([
        policyFiles(model.policy_refs),
        approvalRows(traceIds),
        buildAnalysisFiles(resolved.traces, abort.signal),
      ]);
      const files: Record<string, string | Uint8Array> = {
        ...policies.files,
        "approvals.json": canonicalJson({ approvals }) + "\n",
        "graph.json": analysis["graph.json"],
        "diff.json": analysis["diff.json"],
        "report.html": renderReportHtml(model, {
          packageId, issuedAt, signerKid: signer.kid, rootHash: stats.root_hash,
          treeSize: stats.tree_size, scopeNote: resolved.note, approvals, policies: policies.listed,
          graphNote: analysis.note,
          taintPaths: analysis.taintPaths,
        }),
        "README.txt": renderReadme({ packageId, signerKid: signer.kid, traceIds }),
      };
      return { files, policy_versions: policies.versions };
    },
  });

  let resolveRecorded!: (r: ExportRecord) => void;
  let rejectRecorded!: (e: unknown) => void;
  const recorded = new Promise<ExportRecord>((res, rej) => {
    resolveRecorded = res;
    rejectRecorded = rej;
  });
  recorded.catch(() => {}); // callers that only read the body need not await it
  written.done.catch(() => {});

  const nodeStream: Readable = written.stream;
  const chunks = nodeStream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let finished = false;
  const fail = (e: unknown) => {
    if (finished) return;
    finished = true;
    abort.abort(e);
    nodeStream.destroy();
    rejectRecorded(e);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (!next.done) {
            controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
            return;
          }
          const result = await written.done;
          const record = await recordExport({ packageId, traceIds, scopeKey: key, actor, result });
          finished = true;
          resolveRecorded(record);
          controller.close();
        } catch (e) {
          // the headers are out: the client sees a broken download; say why in the server log
          if (!finished) console.error(`[evidence] export ${packageId} failed:`, (e as Error)?.message ?? e);
          fail(e);
          controller.error(e);
        }
      },
      cancel(reason) {
        fail(reason ?? new Error("the client cancelled the download"));
      },
    },
    { highWaterMark: 0 },
  );

  return { packageId, filename: `evidence-${packageId}.zip`, scope: resolved, body, recorded };
}

async function recordExport(input: { packageId: string; traceIds: string[]; scopeKey: string; actor: ExportActor; result: WriteEvidenceResult }): Promise<ExportRecord> {
  const { packageId, traceIds, actor, result } = input;
  const record: ExportRecord = {
    package_id: packageId,
    trace_ids: traceIds,
    zip_sha256: result.sha256,
    bytes: result.bytes,
    tree_size: result.treeSize,
    root_hash: result.rootHash,
    consistency: result.consistency,
  };
  // the export row and its human action commit together
  await prisma.$transaction(async (tx) => {
    await tx.evidenceExport.create({
      data: {
        id: packageId,
        scopeKey: input.scopeKey,
        traceIds,
        treeSize: result.treeSize,
        rootHash: result.rootHash,
        checkpoint: { jws: result.checkpointJws, payload: JSON.parse(JSON.stringify(result.checkpoint)) },
        zipSha256: result.sha256,
        zipBytes: BigInt(result.bytes),
        createdBy: actor.email,
      },
    });
    await recordHumanAction(tx, actor, "evidence.exported", {
      package_id: packageId,
      trace_ids: traceIds.length > 100 ? [...traceIds.slice(0, 100), `… and ${traceIds.length - 100} more`] : traceIds,
      trace_count: traceIds.length,
      zip_sha256: result.sha256,
      bytes: result.bytes,
      tree_size: result.treeSize,
      root_hash: result.rootHash,
      consistency: result.consistency,
    });
  });
  return record;
}

/** The approval rows of the traces (who, when, note, binding), oldest first. */
async function approvalRows(traceIds: string[]): Promise<ReportApproval[]> {
  const rows = await prisma.approval.findMany({
    where: { traceId: { in: traceIds } },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((a) => ({
    id: a.id,
    trace_id: a.traceId,
    agent_id: a.agentId,
    step_index: a.stepIndex,
    tool: a.tool,
    capability: a.capability,
    arguments: a.arguments,
    binding: a.binding,
    status: a.status,
    projected_risk: a.projectedRisk,
    policy_bundle_id: a.policyBundleId,
    policy_version: a.policyVersion,
    requested_at: a.requestedAt.toISOString(),
    expires_at: a.expiresAt.toISOString(),
    decided_at: a.decidedAt?.toISOString() ?? null,
    decided_by: a.decidedBy,
    decided_by_name: a.decidedByName,
    note: a.note,
    token_jti: a.tokenJti,
    evidence: a.evidence,
  }));
}

type BundleRow = { id: string; environment: string; version: number; sha256: string; bundle_id: string | null };

/**
 * policies/<row id>.json for every policy bundle version the events name. Events carry the bundle's own id
 * (e.g. "default") and version; the stored version is the one of the agent's environment (from the event, else
 * the agent's registration). A row id (pb_…) is taken as is. Unresolvable references are listed in the report.
 */
async function policyFiles(refs: PolicyRefSeen[]): Promise<{ files: Record<string, string>; listed: ReportPolicy[]; versions: PolicyVersion[] }> {
  if (!refs.length) return { files: {}, listed: [], versions: [] };
  const needAgent = [...new Set(refs.filter((r) => !r.environment).map((r) => r.agent_id))];
  const agentEnv = new Map(
    (needAgent.length ? await prisma.agent.findMany({ where: { id: { in: needAgent } }, select: { id: true, environment: true } }) : []).map((a) => [a.id, a.environment]),
  );
  const wanted = [...new Set(refs.map((r) => Number(r.version)).filter(Number.isInteger))];
  const { rows } = await pgPool().query<BundleRow>(
    `SELECT id, environment, version, sha256, content->>'id' AS bundle_id FROM policy_bundles WHERE version = ANY($1::int[]) OR id = ANY($2::text[])`,
    [wanted, refs.map((r) => r.bundle_id)],
  );
  const chosen = new Map<string, BundleRow>();
  const versions = new Map<string, PolicyVersion>();
  const missing: string[] = [];
  for (const r of refs) {
    const env = r.environment ?? agentEnv.get(r.agent_id) ?? null;
    const byRowId = rows.find((b) => b.id === r.bundle_id);
    const candidates = byRowId ? [byRowId] : rows.filter((b) => b.bundle_id === r.bundle_id && String(b.version) === r.version);
    const inEnv = env ? candidates.filter((b) => b.environment === env) : [];
    const pick = inEnv.length ? inEnv : env ? [] : candidates; // environment unknown: every stored match, none dropped
    if (!pick.length) missing.push(`policy bundle ${r.bundle_id} v${r.version}${env ? ` (${env})` : ""} is named by the events but not stored on this server`);
    for (const b of pick) {
      chosen.set(b.id, b);
      // described as the events name it (bundle id + version), plus where it is stored
      versions.set(`${r.bundle_id}\u0000${r.version}\u0000${b.environment}`, { bundle_id: r.bundle_id, environment: b.environment, version: numericOr(r.version), sha256: b.sha256 });
    }
  }
  const ids = [...chosen.keys()].sort();
  const full = ids.length
    ? await prisma.policyBundle.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })
    : [];
  const files: Record<string, string> = {};
  const listed: ReportPolicy[] = [];
  for (const b of full) {
    const path = `policies/${b.id}.json`;
    files[path] = canonicalJson({
      id: b.id, bundle_id: chosen.get(b.id)?.bundle_id ?? null, environment: b.environment, version: b.version, sha256: b.sha256,
      note: b.note, created_at: b.createdAt.toISOString(), created_by: b.createdBy, content: b.content, sources: b.sources,
    }) + "\n";
    listed.push({ path, bundle_id: chosen.get(b.id)?.bundle_id ?? b.id, environment: b.environment, version: b.version, sha256: b.sha256 });
  }
  for (const m of [...new Set(missing)]) listed.push({ missing: m });
  return { files, listed, versions: [...versions.values()] };
}

/** "1" → 1 (events may carry the version as text or number; the checkpoint keeps numbers as numbers). */
function numericOr(v: string): string | number {
  return /^(0|[1-9][0-9]{0,14})$/.test(v) ? Number(v) : v;
}

/** The HTTP response of an export: the ZIP streamed as it is written, as an attachment named after the package. */
export function evidenceZipResponse(exp: EvidenceExport): Response {
  const headers: Record<string, string> = {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename="${exp.filename}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Evidence-Package-Id": exp.packageId,
    "X-Evidence-Trace-Count": String(exp.scope.traces.length),
  };
  if (exp.scope.truncated) headers["X-Evidence-Truncated"] = "true";
  return new Response(exp.body, { status: 200, headers });
}
