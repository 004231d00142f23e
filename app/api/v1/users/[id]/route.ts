// PATCH /api/v1/users/{id} — change a person's name or role, or disable / enable the account (admin)
import { withApi } from "@/lib/api/with-api";
import { updateUser } from "@/lib/users/update-user";
import { UpdateUserBody } from "@/lib/users/schemas";

export const PATCH = withApi({ auth: "user", permission: "users:write", body: UpdateUserBody, maxBytes: 10_000 }, async ({ principal, body, params }) =>
  updateUser(principal, params.id, body),
);
