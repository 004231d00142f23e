import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { createUser } from "./create-user";
import { USER_SELECT, userJson } from "./user-json";
import type { CreateUserBody, User } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

/** An admin creates a person's account: a taken email is a 409 that names it, and the creation is recorded. */
export async function registerUser(actor: Actor, input: CreateUserBody): Promise<User> {
  const email = input.email.trim().toLowerCase();
  try {
    const row = await prisma.$transaction(async (tx) => {
      const created = await createUser({ ...input, email }, tx);
      const r = await tx.user.findUniqueOrThrow({ where: { id: created.id }, select: USER_SELECT });
      await recordHumanAction(tx, actor, "user.created", { user_id: r.id, email: r.email, name: r.name, role: r.role });
      return r;
    });
    return userJson(row);
  } catch (e) {
    if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002") {
      throw new ApiError("conflict", `a user with email "${email}" already exists`);
    }
    throw e;
  }
}
