import "server-only";
import { prisma } from "@/lib/db";
import { createUser } from "@/lib/users/create-user";
import { seedDefaultPolicies } from "./seed-policies";
import { ensureDemoApproval } from "./ensure-demo-approval";
import { expireDue } from "@/lib/approvals/approvals";

import type { Role } from "@/lib/auth/permissions";
import { demoData } from "./demo-data";
import { playScenario, type PlayedScenario } from "./play-scenario";

/** Demo people besides the admin, one per other role, so the role matrix can be tried right away. */
export const DEMO_PEOPLE: Array<{ email: string; name: string; role: Role }> = [
  { email: "viewer@example.com", name: "Vera Viewer", role: "viewer" },
  { email: "reviewer@example.com", name: "Rafael Reviewer", role: "reviewer" },
  { email: "approver@example.com", name: "Ada Approver", role: "approver" },
];

export interface SeedResult {
  seeded: boolean;
  users?: string[];
  agents?: number;
  events?: number;
  traces?: number;
  /** what the engine decided for each demo trace */
  played?: PlayedScenario[];
}

/**
 * Seeds a fresh database: the first admin, three demo people (viewer, reviewer, approver, same password), the demo
 * agents and the demo traces: each scenario's plans are decided by the engine through evaluatePlan (the evaluate
 * path), its executions posted through ingest, its approvals decided by the demo approver — so every decision in the
 * demo is the engine's, hash-chained and rolled up like anything an agent sends. A database that already has users is left alone (`seeded: false`).
 */
export async function seedDatabase(opts: { adminEmail: string; adminPassword: string; now?: Date }): Promise<SeedResult> {
  if ((await prisma.user.count()) > 0) return { seeded: false };

  const admin = await createUser({ email: opts.adminEmail, name: "Administrator", role: "admin", password: opts.adminPassword });
  const others = DEMO_PEOPLE.filter((p) => p.email !== admin.email);
  await Promise.all(others.map((p) => createUser({ ...p, password: opts.adminPassword })));

  const now = opts.now ?? new Date();
  const { agents, scenarios } = demoData(now);
  await prisma.agent.createMany({ data: agents.map((a) => ({ ...a, createdBy: admin.email })), skipDuplicates: true });
  // the default bundle in force for every environment the demo agents use, plus "development" for new agents tried locally
  await seedDefaultPolicies([...agents.map((a) => a.environment), "development"], admin.email);

  // the demo's approvals are decided by the approver (never the agents' owners), else by the admin
  const approverRow = (await prisma.user.findFirst({ where: { role: "approver" }, orderBy: { email: "asc" } })) ?? admin;
  const approver = { id: approverRow.id, email: approverRow.email, name: approverRow.name, role: approverRow.role as Role };
  const played: PlayedScenario[] = [];
  for (const s of scenarios) played.push(await playScenario(s, approver));
  // requests nobody answered expire as of the seed's clock, like every other demo event
  await expireDue(now);
  // one live request waiting in the approval queue: the spec's worked example, asked through the real engine
  await ensureDemoApproval();
  return {
    seeded: true,
    users: [admin.email, ...others.map((p) => p.email)],
    agents: agents.length,
    events: await prisma.event.count({ where: { traceId: { in: played.map((p) => p.traceId) } } }),
    traces: played.length,
    played,
  };
}
