import "server-only";
import { randomBytes } from "node:crypto";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import { loadBundle } from "@/engine/policy/load-bundle";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { STALE_AFTER_MS } from "./get-run";
import type { CreateWhatIfBody } from "./schemas";

/** A single-trace run up to this many events finishes before the response (201); anything larger runs in the background. */
/** What-if runs one person may have queued or running at once: each can take a core for a while. */
export const MAX_RUNS_IN_PROGRESS_PER_PERSON = 2;

export const INLINE_MAX_EVENTS = 5_000;

/**
 * Validates a what-if request and stores the run (status `queued`); nothing runs yet. The candidate bundle's content
 * is kept on the run, so it can be evaluated by whichever process picks it up and shown later even if it was a
 * draft (a draft is never stored as a policy version and never activated). Returns whether it is small enough to
 * finish inline.
 */
export async function createWhatIfRun(
  body: CreateWhatIfBody, by: string | null,
  record?: (tx: Prisma.TransactionClient, run: { id: string; inline: boolean; label: string }) => Promise<void>,
): Promise<{ id: string; inline: boolean; label: string }> {
  if (by) {
    // runs whose process stopped (no heartbeat for STALE_AFTER_MS) do not count: readers mark them failed
    const since = new Date(Date.now() - STALE_AFTER_MS);
    const busy = await prisma.whatIfRun.count({
      where: { createdBy: by, status: { in: ["queued", "running"] }, OR: [{ heartbeatAt: { gte: since } }, { heartbeatAt: null, createdAt: { gte: since } }] },
    });
    if (busy >= MAX_RUNS_IN_PROGRESS_PER_PERSON) {
      throw new ApiError("rate_limited", `you have ${busy} what-if runs in progress; wait for one to finish before starting another`);
    }
  }
  let content: unknown;
  let label: string;
  let policy: Record<string, unknown>;
  if (body.bundle_id) {
    const row = await prisma.policyBundle.findUnique({ where: { id: body.bundle_id }, select: { id: true, environment: true, version: true, content: true } });
    if (!row) throw new ApiError("validation_failed", `bundle_id: no stored policy bundle version ${body.bundle_id}`, [{ field: "bundle_id", message: `no stored policy bundle version ${body.bundle_id}` }]);
    content = row.content;
    label = `${row.environment} v${row.version}`;
    policy = { bundle_id: row.id, environment: row.environment, version: row.version };
  } else {
    // the same loader as the policy upload: every problem with its file and line
    const loaded = loadBundle(body.draft!.files);
    if (!loaded.ok) {
      const first = loaded.errors[0];
      throw new ApiError("validation_failed", `draft: policy bundle is invalid: ${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}`, loaded.errors.map((e) => ({ field: "draft.files", ...e })));
    }
    content = loaded.bundle;
    const sha = sha256Hex(canonicalJson(loaded.bundle));
    label = `draft ${sha.slice(0, 12)}`;
    policy = { draft: { sha256: sha, files: body.draft!.files.map((f) => f.name) }, environment: loaded.bundle.environment };
  }

  let inline = false;
  if (body.trace_id) {
    const t = await prisma.trace.findUnique({ where: { id: body.trace_id }, select: { eventCount: true } });
    if (!t) throw new ApiError("not_found", `trace_id: trace ${body.trace_id} not found`, [{ field: "trace_id", message: "no such trace" }]);
    inline = t.eventCount <= INLINE_MAX_EVENTS;
  }
  const id = `wi_${randomBytes(8).toString("hex")}`;
  const scope = body.trace_id ? { trace_id: body.trace_id } : { filter: { from: new Date(body.filter!.from).toISOString(), to: new Date(body.filter!.to).toISOString(), ...(body.filter!.agent ? { agent: body.filter!.agent } : {}) } };
  await prisma.$transaction(async (tx) => {
    await tx.whatIfRun.create({
      data: { id, status: "queued", params: JSON.parse(JSON.stringify({ ...policy, ...scope })), bundleLabel: label, bundle: JSON.parse(JSON.stringify(content)), createdBy: by },
    });
    await record?.(tx, { id, inline, label });
  });
  return { id, inline, label };
}
