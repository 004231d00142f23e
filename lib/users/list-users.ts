import "server-only";
import { prisma } from "@/lib/db";
import { USER_SELECT, userJson } from "./user-json";
import type { User } from "./schemas";

/** Every account, oldest first (the first admin on top). Accounts number in the tens, so no paging. */
export async function listUsers(): Promise<User[]> {
  const rows = await prisma.user.findMany({ select: USER_SELECT, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(userJson);
}
