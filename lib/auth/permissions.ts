/**
 * Every permission string, and which role holds which. The one table that decides who may do what;
 * routes and pages name a permission, never a role.
 */
export const PERMISSIONS = [
  "traces:read",
  "events:read",
  "evidence:export",
  "replay:run",
  "approvals:read",
  "approvals:decide",
  "policies:read",
  "policies:write",
  "agents:read",
  "agents:write",
  "keys:write",
  "users:read",
  "users:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["viewer", "reviewer", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

const viewer: Permission[] = ["traces:read", "events:read", "approvals:read", "policies:read", "agents:read"];
const reviewer: Permission[] = [...viewer, "evidence:export", "replay:run"];
const approver: Permission[] = [...reviewer, "approvals:decide"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(viewer),
  reviewer: new Set(reviewer),
  approver: new Set(approver),
  admin: new Set(PERMISSIONS),
};

/** What an agent's API key may do. Agents never read the review API. */
export const AGENT_PERMISSIONS: ReadonlySet<string> = new Set(["events:write", "evaluate", "approvals:poll", "tokens:verify"]);

export function roleCan(role: Role, p: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(p);
}
