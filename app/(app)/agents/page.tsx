import type { Metadata } from "next";
import { AgentsClient } from "@/components/admin/agents-client";
import { listAgents } from "@/lib/agents/list-agents";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requireUser("agents:read", "/agents");
  const agents = await listAgents();
  return <AgentsClient agents={agents} canWrite={roleCan(user.role, "agents:write")} />;
}
