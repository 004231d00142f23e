import "server-only";
import { prisma } from "@/lib/db";
import { expireDue } from "@/lib/approvals/approvals";
import { evaluatePlan } from "@/lib/decisions/evaluate-plan";
import type { EvaluateBody } from "@/lib/decisions/schemas";

export const DEMO_APPROVAL_AGENT = "crm-sync";

const crm = { source_type: "tool_result", trust_level: "internal", source_name: "crm/contacts" };
const DEMO_EMAIL_ARGUMENTS = { to: "procurement@globex-partners.example", subject: "Your renewal quote Q-2291", attachment: "quote-Q-2291.pdf" };
/** The worked example of spec v0.1 §8, as the engine decides it under the default bundle: step 2 waits for a person. */
export const DEMO_PENDING_PLAN: EvaluateBody["plan"] = {
  intent: "Send renewal quote Q-2291 to Globex procurement and update the contact record",
  steps: [
    { tool: "db.read", intent: "Read the customer's contact record", arguments: { table: "contacts", customer_id: "CUST-20417" }, provenance: [crm] },
    {
      tool: "send_email", intent: "Email the renewal quote to the external procurement contact",
      arguments: DEMO_EMAIL_ARGUMENTS,
      provenance: [crm, { source_type: "retrieval_chunk", trust_level: "external", source_name: "inbound-email/globex", content: "Hi — could you send us the renewal quote for next year? Thanks, Globex procurement" }],
    },
    { tool: "db.write", intent: "Update the contact record", arguments: { table: "contacts", customer_id: "CUST-20417", set: { renewal_stage: "quote_sent" } }, provenance: [crm] },
  ],
};

/**
 * Keeps one live demo request in the approval queue: approvals expire after 15 minutes, so a queue seeded on the first
 * start is empty for anyone arriving later. On every start, when the demo agent exists and none of its demo requests
 * is pending and unexpired, the worked example is asked again through the real engine — a new trace with new events
 * and a new approval with a fresh expiry; earlier traces and approvals are left as they are (expired ones become
 * `expired` through the normal transition, recorded in their own traces). Returns the pending request's id, or null
 * when there is no demo agent (or the engine did not ask for approval, e.g. a changed policy).
 */
export async function ensureDemoApproval(): Promise<string | null> {
  const agent = await prisma.agent.findUnique({ where: { id: DEMO_APPROVAL_AGENT }, select: { disabled: true } });
  if (!agent || agent.disabled) return null;
  await expireDue();
  const live = await prisma.approval.findFirst({
    where: { agentId: DEMO_APPROVAL_AGENT, tool: "send_email", status: "pending", expiresAt: { gt: new Date() }, arguments: { equals: DEMO_EMAIL_ARGUMENTS } },
    select: { id: true },
  });
  if (live) return live.id;
  const answer = await evaluatePlan(DEMO_APPROVAL_AGENT, { plan: DEMO_PENDING_PLAN }, "evaluate");
  return answer.approval?.id ?? null;
}
