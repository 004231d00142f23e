import "server-only";
import type { Role } from "@/lib/auth/permissions";
import type { User } from "./schemas";

/** Columns of a person's account that may leave the server: never the password hash. */
export const USER_SELECT = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, lastLoginAt: true } as const;

type UserRow = { id: string; email: string; name: string; role: Role; disabled: boolean; createdAt: Date; lastLoginAt: Date | null };

export function userJson(u: UserRow): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    created_at: u.createdAt.toISOString(),
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
  };
}
