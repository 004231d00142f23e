import type { Metadata } from "next";
import { UsersClient } from "@/components/admin/users-client";
import { roleCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser("users:read", "/users");
  const users = await listUsers();
  return <UsersClient users={users} canWrite={roleCan(user.role, "users:write")} currentUserId={user.id} />;
}
