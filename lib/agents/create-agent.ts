import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { AGENT_SELECT, agentJson, isUniqueViolation } from "./agent-json";
import type { Agent, CreateAgentBody } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

/** Registers an agent under the id the admin chose; a taken id is a 409 that names it. */
export async function createAgent(actor: Actor, input: CreateAgentBody): Promise<Agent> {
  let row;
  try {
    row = await prisma.$transaction(async (tx) => {
      const created = await tx.agent.create({
      data: {
        id: input.id,
        name: input.name,
        owner: input.owner,
        environment: input.environment,
        trustLevel: input.trust_level,
        description: input.description ?? "",
        createdBy: actor.email,
      },
        select: AGENT_SELECT,
      });
      await recordHumanAction(tx, actor, "agent.created", {
        agent_id: created.id, name: created.name, owner: created.owner, environment: created.environment, trust_level: created.trustLevel,
      });
      return created;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError("conflict", `an agent with id "${input.id}" already exists`);
    throw e;
  }
  return agentJson(row);
}
