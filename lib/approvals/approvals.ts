import "server-only";
import { SCHEMA_VERSION, type Provenance, type RuntimeEvent } from "@/engine/events/schema";
import { isUntrusted } from "@/engine/risk/chain-risk";
import { ApiError } from "@/lib/api/errors";
import { roleCan, type Role } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { newId, type DecisionClock } from "@/lib/decisions/clock";
import { grantStep } from "@/lib/decisions/grant-step";
import { storeEvents } from "@/lib/ingest/store-events";
import { bundleById } from "@/lib/policies/active-bundle";
import type { Approval } from "@/lib/generated/prisma/client";
import type { ApprovalView } from "./schemas";

export function toView(a: Approval, withEvidence = true): ApprovalView {
  return {
    id: a.id,
    status: a.status as ApprovalView["status"],
    agent_id: a.agentId,
    trace_id: a.traceId,
    step_index: a.stepIndex,
    tool: a.tool,
    capability: a.capability,
    arguments: a.arguments,
    projected_risk: a.projectedRisk,
    policy: { bundle_id: a.policyBundleId, version: a.policyVersion },
    requested_at: a.requestedAt.toISOString(),
    expires_at: a.expiresAt.toISOString(),
    decided_at: a.decidedAt?.toISOString() ?? null,
    decided_by: a.decidedBy,
    decided_by_name: a.decidedByName,
    note: a.note,
    token_issued: a.tokenJti !== null,
    ...(withEvidence ? { evidence: a.evidence } : {}),
  };
}

/** Writes an approval transition into the agent's trace, with the actor and note. */
async function recordTransition(a: Approval, type: string, decision: RuntimeEvent["decision"], actor: string | null, note: string | null, extra: Partial<RuntimeEvent> = {}, clock?: DecisionClock) {
  const event: RuntimeEvent = {
    id: newId(clock, `${a.id}_${type.replace(/\W/g, "_")}`, 4),
    trace_id: a.traceId,
    timestamp: (clock?.now ?? new Date()).toISOString(),
    type,
    stage: type === "capability.granted" ? "decision" : "approval",
    agent: { id: a.agentId },
    schema_version: SCHEMA_VERSION,
    step: a.stepIndex,
    tool: a.tool,
    decision,
    approval: { id: a.id, status: a.status, actor, note },
    reasons: [
      type === "approval.expired" ? `approval ${a.id} for step ${a.stepIndex} (${a.tool}) expired unanswered`
        : type === "capability.granted" ? `step ${a.stepIndex} (${a.tool}) granted on approval ${a.id}`
          : `${actor} ${a.status} step ${a.stepIndex} (${a.tool})${note ? `: ${note}` : ""}`,
    ],
    ...extra,
  };
  await storeEvents([{ event, raw: JSON.stringify(event), format: "system" }]);
}

/**
 * Pending requests past their expiry become `expired` (each transition recorded). Runs lazily on every read. `at` (the
 * demo seed's fixed clock) expires as of that time instead of the database's now().
 */
export async function expireDue(at?: Date): Promise<void> {
  const when = at ?? null;
  const due = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE approvals SET status = 'expired', decided_at = coalesce(${when}::timestamptz, now()) WHERE status = 'pending' AND expires_at <= coalesce(${when}::timestamptz, now()) RETURNING id`;
  for (const { id } of due) {
    const a = await prisma.approval.findUnique({ where: { id } });
    // at a fixed time (the demo seed), the record is as deterministic as the rest: one expiry per approval, at `at`
    if (a) await recordTransition(a, "approval.expired", "block", null, null, {}, at ? { now: at, id: (prefix) => prefix } : undefined);
  }
}

export async function listApprovals(q: { status: string; cursor?: string; limit: number }) {
  await expireDue();
  const where = q.status === "all" ? {} : { status: q.status };
  // keyset on (requested_at, id), newest first; the cursor is "<requested_at ISO>|<id>"
  const [at, id] = (q.cursor ?? "").split("|");
  const after = at && id && !Number.isNaN(Date.parse(at))
    ? { OR: [{ requestedAt: { lt: new Date(at) } }, { requestedAt: new Date(at), id: { lt: id } }] }
    : q.cursor ? (() => { throw new ApiError("validation_failed", "cursor: not a cursor this API returned"); })() : {};
  const rows = await prisma.approval.findMany({
    where: { ...where, ...after },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const pending = await prisma.approval.count({ where: { status: "pending" } });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { approvals: page.map((a) => toView(a)), next_cursor: rows.length > q.limit ? `${last.requestedAt.toISOString()}|${last.id}` : null, pending_count: pending };
}

export async function getApproval(id: string, at?: Date): Promise<Approval> {
  await expireDue(at);
  const a = await prisma.approval.findUnique({ where: { id } });
  if (!a) throw new ApiError("not_found", `approval ${id} not found`);
  return a;
}

/**
 * What the requesting agent sees when it polls: its own approvals only. The first poll after approval carries the
 * step's capability token (issued then, single use); later polls say `token_issued: true`.
 */
export async function pollApprovalAsAgent(id: string, agentId: string, clock?: DecisionClock): Promise<ApprovalView> {
  const a = await getApproval(id, clock?.now);
  if (a.agentId !== agentId) throw new ApiError("not_found", `approval ${id} not found`);
  if (a.status !== "approved" || a.tokenJti) return toView(a, false);
  const bundle = await bundleById(a.policyBundleId);
  // the evidence stored when the request was made (lib/approvals/create-approval.ts)
  const ev = a.evidence as { step?: { access?: string; provenance?: Provenance[] }; stages?: { risk?: { step_risk?: number }; guard?: { verdict?: string } } };
  const token = await grantStep({
    agentId: a.agentId, traceId: a.traceId, index: a.stepIndex, tool: a.tool, capability: a.capability ?? "", arguments: a.arguments,
    access: ev.step?.access ?? "write", stepRisk: ev.stages?.risk?.step_risk ?? a.projectedRisk, guardSignal: ev.stages?.guard?.verdict === "signal",
    untrusted: isUntrusted(ev.step?.provenance ?? []),
    approvalId: a.id, bundleRowId: a.policyBundleId, policyVersion: a.policyVersion, ttlSeconds: bundle?.content.token_ttl_seconds ?? 300, now: clock?.now, jti: clock?.id ? newId(clock, "ct", 16) : undefined,
  });
  const fresh = await prisma.approval.findUniqueOrThrow({ where: { id } });
  if (!token) return toView(fresh, false);
  await recordTransition(fresh, "capability.granted", "allow", fresh.decidedBy, null, { token_jti: token.jti, arguments: fresh.arguments as never }, clock);
  return { ...toView(fresh, false), token };
}

/**
 * Approve or deny. Only people whose role may decide approvals — and whose role the bundle lists as approver — and
 * never the agent's owner. The transition is one guarded UPDATE (… WHERE status = 'pending' AND not expired), so when
 * approve and deny race, on one server or several, exactly one wins and the other gets 409. `clock` (the demo seed's
 * fixed time and ids) decides as of that time instead of the database's now().
 */
export async function decideApproval(
  id: string,
  outcome: "approved" | "denied",
  user: { id: string; email: string; name: string; role: Role },
  note: string,
  clock?: DecisionClock,
): Promise<ApprovalView> {
  const a = await getApproval(id, clock?.now);
  if (!roleCan(user.role, "approvals:decide")) throw new ApiError("forbidden", `role ${user.role} cannot decide approvals`);
  const bundle = await bundleById(a.policyBundleId);
  const roles = bundle?.content.approvals.approver_roles ?? ["approver", "admin"];
  if (!(roles as string[]).includes(user.role)) throw new ApiError("forbidden", `policy bundle ${bundle?.id ?? a.policyBundleId} lets only ${roles.join(", ")} decide approvals`);
  const agent = await prisma.agent.findUnique({ where: { id: a.agentId }, select: { owner: true } });
  const owner = (agent?.owner ?? "").trim().toLowerCase();
  if (owner && (owner === user.email.toLowerCase() || owner === user.name.trim().toLowerCase())) {
    throw new ApiError("forbidden", `you own agent ${a.agentId}; someone else must decide its approvals`);
  }
  const at = clock?.now ?? null;
  const won = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE approvals SET status = ${outcome}, decided_at = coalesce(${at}::timestamptz, now()), decided_by = ${user.email}, decided_by_name = ${user.name}, note = ${note || null}
     WHERE id = ${id} AND status = 'pending' AND expires_at > coalesce(${at}::timestamptz, now()) RETURNING id`;
  const after = await prisma.approval.findUniqueOrThrow({ where: { id } });
  if (won.length !== 1) {
    if (after.status === "pending") {
      await expireDue(clock?.now);
      throw new ApiError("conflict", `approval ${id} expired at ${after.expiresAt.toISOString()}`);
    }
    throw new ApiError("conflict", `approval ${id} is already ${after.status}${after.decidedBy ? ` by ${after.decidedBy}` : ""}`);
  }
  await recordTransition(after, outcome === "approved" ? "approval.granted" : "approval.denied", outcome === "approved" ? "allow" : "block", user.email, note || null, {}, clock);
  return toView(after);
}
