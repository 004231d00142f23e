// GET /api/v1/approvals/{id} — one approval; agents poll their own (JSON, or server-sent events with Accept: text/event-stream)
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { getApproval, pollApprovalAsAgent, toView } from "@/lib/approvals/approvals";
import { roleCan } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "any" }, async ({ principal, params, req }) => {
  if (principal.kind === "user") {
    if (!roleCan(principal.role, "approvals:read")) throw new ApiError("forbidden", `role ${principal.role} lacks permission approvals:read`);
    return toView(await getApproval(params.id));
  }
  const agentId = principal.agentId;
  const first = await pollApprovalAsAgent(params.id, agentId);
  if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) return first;

  // server-sent events: one `status` event now and on every change; closes once the approval is settled
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      const send = (v: unknown) => controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify(v)}\n\n`));
      let last = first;
      send(first);
      const deadline = Date.now() + 16 * 60_000;
      while (last.status === "pending" && Date.now() < deadline && !req.signal.aborted) {
        await new Promise((r) => setTimeout(r, 1000));
        const next = await pollApprovalAsAgent(params.id, agentId).catch(() => null);
        if (!next) break;
        if (next.status !== last.status || next.token) send(next);
        last = next;
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" } });
});
