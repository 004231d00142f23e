import "server-only";
import { prisma } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { recordHumanAction } from "@/lib/audit/record-action";
import { USER_SELECT, userJson } from "./user-json";
import type { UpdateUserBody, User } from "./schemas";

type Actor = Parameters<typeof recordHumanAction>[1];

// one lock for every change that can remove an admin, so two admins demoting each other at once cannot
// leave nobody able to administer (the count and the update happen under the same lock)
const ADMIN_CHANGE_LOCK = 7_301_002;

/**
 * Changes a person's name or role, or disables / enables the account. Rules: admins cannot disable or demote
 * themselves, and the last active admin cannot be disabled or demoted. Disabling ends the person's sessions.
 */
export async function updateUser(actor: Actor, id: string, patch: UpdateUserBody): Promise<User> {
  const { row, changes } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK}::bigint)`;
    const before = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
    if (!before) throw new ApiError("not_found", `no user with id "${id}"`);

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (patch.name !== undefined && patch.name !== before.name) changes.name = { from: before.name, to: patch.name };
    if (patch.role !== undefined && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
    if (patch.disabled !== undefined && patch.disabled !== before.disabled) changes.disabled = { from: before.disabled, to: patch.disabled };
    if (Object.keys(changes).length === 0) return { row: before, changes };

    const demotes = changes.role !== undefined && patch.role !== "admin";
    const disables = patch.disabled === true && changes.disabled !== undefined;
    if (id === actor.id && (demotes || disables)) {
      throw new ApiError("conflict", `you cannot ${disables ? "disable" : "demote"} your own account; ask another admin`);
    }
    if (before.role === "admin" && !before.disabled && (demotes || disables)) {
      const otherAdmins = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: id } } });
      if (otherAdmins === 0) {
        throw new ApiError("conflict", `${before.email} is the last active admin; make someone else an admin first`);
      }
    }

    const row = await tx.user.update({
      where: { id },
      data: { name: patch.name, role: patch.role, disabled: patch.disabled },
      select: USER_SELECT,
    });
    if (disables) await tx.session.deleteMany({ where: { userId: id } });
    await recordHumanAction(tx, actor, "user.updated", { user_id: row.id, email: row.email, changes });
    return { row, changes };
  });
  return userJson(row);
}
