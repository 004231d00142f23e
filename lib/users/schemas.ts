import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

export const MIN_PASSWORD = 12;

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    created_at: z.iso.datetime(),
    last_login_at: z.iso.datetime().nullable(),
  })
  .strict();
export type User = z.infer<typeof User>;

export const UserList = z.object({ users: z.array(User) }).strict();
export type UserList = z.infer<typeof UserList>;

export const CreateUserBody = z
  .object({
    email: z.string().trim().toLowerCase().email("must be an email address").max(320),
    name: z.string().trim().min(1, "must not be empty").max(200),
    role: z.enum(ROLES),
    password: z.string().min(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`).max(1000),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "send at least one field to change" });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** Route list for the OpenAPI document. */
export const openapi = [
  { method: "get", path: "/api/v1/users", summary: "List people with accounts", permission: "users:read", response: UserList },
  { method: "post", path: "/api/v1/users", summary: "Create a person's account (409 if the email is taken)", permission: "users:write", body: CreateUserBody, response: User, status: 201 },
  { method: "patch", path: "/api/v1/users/{id}", summary: "Change a person's name or role, or disable / enable the account", permission: "users:write", body: UpdateUserBody, response: User },
] as const;
