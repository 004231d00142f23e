// GET /api/v1/users — list accounts; POST /api/v1/users — create an account with a role (admin)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { listUsers } from "@/lib/users/list-users";
import { registerUser } from "@/lib/users/register-user";
import { CreateUserBody, type UserList } from "@/lib/users/schemas";

export const GET = withApi({ auth: "user", permission: "users:read" }, async (): Promise<UserList> => ({ users: await listUsers() }));

export const POST = withApi({ auth: "user", permission: "users:write", body: CreateUserBody, maxBytes: 10_000 }, async ({ principal, body }) =>
  NextResponse.json(await registerUser(principal, body), { status: 201 }),
);
