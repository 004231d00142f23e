import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentDetailClient } from "@/components/admin/agent-detail-client";
import { getAgent } from "@/lib/agents/get-agent";
import { listApiKeys } from "@/lib/agents/list-api-keys";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Agent ${decodeURIComponent(id)}` };
}

export default async function AgentPage({ params }: Params) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  const user = await requireUser("agents:read", `/agents/${encodeURIComponent(id)}`);
  const agent = await getAgent(id);
  if (!agent) notFound();
  const keys = await listApiKeys(id);
  return <AgentDetailClient agent={agent} keys={keys} canWrite={roleCan(user.role, "agents:write")} canIssueKeys={roleCan(user.role, "keys:write")} />;
}
