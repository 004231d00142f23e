import "server-only";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, newId } from "@/lib/auth/secrets";
import type { Role } from "@/lib/auth/permissions";

/** Creates a person's account; the password is stored as an scrypt hash. `db`: the caller's transaction, if any. */
export async function createUser(input: { email: string; name: string; role: Role; password: string }, db: Prisma.TransactionClient = prisma) {
  return db.user.create({
    data: { id: newId("usr"), email: input.email.trim().toLowerCase(), name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
}
