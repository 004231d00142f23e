"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { ROLES, type Role } from "@/lib/auth/permissions";
import type { CreateUserBody, UpdateUserBody, User } from "@/lib/users/schemas";
import { requestJson } from "@/components/ui/request-json";
import { RoleBadge, StatusBadge } from "@/components/ui/badges";
import { formatDate, formatTime } from "@/components/ui/format";
import { Button, Card, ConfirmDialog, ErrorBanner, Field, inputClass, Modal, PageHeader, td, th } from "@/components/ui/primitives";

const MIN_PASSWORD = 12;

export const ROLE_HELP: Record<Role, string> = {
  viewer: "Reads traces, events, approvals, policies and agents",
  reviewer: "Viewer, plus exports evidence and runs replays",
  approver: "Reviewer, plus approves or denies escalated actions",
  admin: "Everything, including people, agents, API keys and policies",
};

export function UsersClient({ users, canWrite, currentUserId }: { users: User[]; canWrite: boolean; currentUserId: string }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<User | null>(null);
  const [pendingRole, setPendingRole] = useState<{ user: User; role: Role } | null>(null);

  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserBody }) => requestJson<User>("PATCH", `/api/v1/users/${id}`, patch),
    onSuccess: () => {
      setToggling(null);
      setPendingRole(null);
      router.refresh();
    },
  });
  const activeAdmins = users.filter((u) => u.role === "admin" && !u.disabled).length;
  const counts = ROLES.map((r) => [r, users.filter((u) => u.role === r && !u.disabled).length] as const);

  return (
    <>
      <PageHeader
        title="Users"
        description="People who sign in to review traces and decide approvals. Roles map to permissions in one table; every change here is recorded as an event."
        actions={canWrite && <Button variant="primary" onClick={() => setCreating(true)}>New user</Button>}
      />
      <Card
        title={<span>{users.length} {users.length === 1 ? "account" : "accounts"}</span>}
        actions={<div className="flex gap-3 text-xs text-slate-500">{counts.map(([r, n]) => <span key={r}><span className="capitalize">{r}</span> <span className="font-semibold tabular-nums text-slate-700">{n}</span></span>)}</div>}
      >
        {users.length === 0 ? (
          <div className="px-6 py-14 text-center text-sm text-slate-500">No accounts yet.</div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>Name</th>
                  <th className={th}>Email</th>
                  <th className={th}>Role</th>
                  <th className={th}>Status</th>
                  <th className={th}>Last sign-in</th>
                  <th className={th}>Created</th>
                  {canWrite && <th className={th}><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {users.map((u) => {
                  const self = u.id === currentUserId;
                  const lastAdmin = u.role === "admin" && !u.disabled && activeAdmins <= 1;
                  const lockReason = self ? "You cannot change your own role or disable yourself" : lastAdmin ? "The last active admin cannot be demoted or disabled" : undefined;
                  return (
                    <tr key={u.id} className={`hover:bg-slate-50 ${u.disabled ? "text-slate-500" : ""}`}>
                      <td className={td}>
                        <span className={`font-medium ${u.disabled ? "" : "text-slate-900"}`}>{u.name}</span>
                        {self && <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700">You</span>}
                      </td>
                      <td className={`${td} text-slate-700`}>{u.email}</td>
                      <td className={td}>
                        {canWrite && !lockReason ? (
                          <select aria-label={`Role of ${u.name}`} value={u.role} disabled={update.isPending}
                            onChange={(e) => {
                              update.reset();
                              setPendingRole({ user: u, role: e.target.value as Role });
                            }}
                            className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-xs font-medium capitalize text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600">
                            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                          </select>
                        ) : (
                          <span title={canWrite ? lockReason : undefined}><RoleBadge role={u.role} /></span>
                        )}
                      </td>
                      <td className={td}><StatusBadge active={!u.disabled} /></td>
                      <td className={`${td} whitespace-nowrap text-slate-600`}>{u.last_login_at ? formatTime(u.last_login_at) : <span className="text-slate-500">Never</span>}</td>
                      <td className={`${td} whitespace-nowrap text-slate-600`} title={formatTime(u.created_at)}>{formatDate(u.created_at)}</td>
                      {canWrite && (
                        <td className={`${td} text-right`}>
                          {lockReason && !u.disabled ? (
                            <span className="text-xs text-slate-500" title={lockReason}>{self ? "—" : "Last admin"}</span>
                          ) : (
                            <Button size="sm" variant={u.disabled ? "ghost" : "danger-ghost"} onClick={() => {
                              update.reset();
                              setToggling(u);
                            }}>{u.disabled ? "Enable" : "Disable"}</Button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <ConfirmDialog
        open={pendingRole !== null}
        title="Change role?"
        confirmLabel="Change role"
        busy={update.isPending}
        error={update.error?.message}
        onClose={() => setPendingRole(null)}
        onConfirm={() => pendingRole && update.mutate({ id: pendingRole.user.id, patch: { role: pendingRole.role } })}
        body={pendingRole && (
          <>
            <p>
              <span className="font-semibold">{pendingRole.user.name}</span> ({pendingRole.user.email}) goes from{" "}
              <RoleBadge role={pendingRole.user.role} /> to <RoleBadge role={pendingRole.role} />.
            </p>
            <p className="text-xs text-slate-500">{ROLE_HELP[pendingRole.role]}.</p>
          </>
        )}
      />
      <ConfirmDialog
        open={toggling !== null}
        title={toggling?.disabled ? "Enable account?" : "Disable account?"}
        confirmLabel={toggling?.disabled ? "Enable" : "Disable account"}
        danger={!toggling?.disabled}
        busy={update.isPending}
        error={update.error?.message}
        onClose={() => setToggling(null)}
        onConfirm={() => toggling && update.mutate({ id: toggling.id, patch: { disabled: !toggling.disabled } })}
        body={toggling && (toggling.disabled ? (
          <p><span className="font-semibold">{toggling.name}</span> ({toggling.email}) can sign in again with their existing password.</p>
        ) : (
          <p><span className="font-semibold">{toggling.name}</span> ({toggling.email}) is signed out everywhere and can no longer sign in. Their past actions stay in the record.</p>
        ))}
      />
      {canWrite && <NewUserDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const b = new Uint32Array(20);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => alphabet[x % alphabet.length]).join("");
}

const EMPTY: CreateUserBody = { email: "", name: "", role: "viewer", password: "" };

function NewUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [form, setForm] = useState<CreateUserBody>(EMPTY);
  const [showPassword, setShowPassword] = useState(false);
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => requestJson<User>("POST", "/api/v1/users", body),
    onSuccess: () => {
      close(true);
      router.refresh();
    },
  });
  function close(force = false) {
    if (create.isPending && !force) return;
    setForm(EMPTY);
    setShowPassword(false);
    create.reset();
    onClose();
  }
  const set = <K extends keyof CreateUserBody>(k: K, v: CreateUserBody[K]) => setForm((f) => ({ ...f, [k]: v }));
  const short = form.password.length > 0 && form.password.length < MIN_PASSWORD;

  return (
    <Modal open={open} onClose={() => close()} title="Create a user" description="Share the initial password with the person over a secure channel."
      footer={
        <>
          <Button onClick={() => close()} disabled={create.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="new-user" disabled={create.isPending || form.password.length < MIN_PASSWORD}>{create.isPending ? "Creating…" : "Create user"}</Button>
        </>
      }>
      <form id="new-user" className="space-y-3.5" onSubmit={(e) => {
        e.preventDefault();
        create.mutate(form);
      }}>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Name"><input className={inputClass} required maxLength={200} value={form.name} onChange={(e) => set("name", e.target.value)} placeholder="Rita Reviewer" autoFocus /></Field>
          <Field label="Email"><input className={inputClass} required type="email" maxLength={320} value={form.email} onChange={(e) => set("email", e.target.value)} placeholder="rita@example.com" /></Field>
        </div>
        <fieldset>
          <legend className="text-xs font-semibold text-slate-700">Role</legend>
          <div className="mt-1 grid grid-cols-2 gap-2">
            {ROLES.map((r) => (
              <label key={r} className={`flex cursor-pointer gap-2 rounded-md px-3 py-2 ring-1 ring-inset ${form.role === r ? "bg-indigo-50 ring-indigo-500" : "ring-slate-200 hover:bg-slate-50"}`}>
                <input type="radio" name="role" value={r} checked={form.role === r} onChange={() => set("role", r)} className="mt-0.5 h-3.5 w-3.5 text-indigo-600 focus:ring-indigo-600" />
                <span>
                  <span className="block text-sm font-medium capitalize text-slate-900">{r}</span>
                  <span className="block text-xs text-slate-500">{ROLE_HELP[r]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Initial password" error={short ? `At least ${MIN_PASSWORD} characters (${form.password.length} so far)` : null} hint={`At least ${MIN_PASSWORD} characters.`}>
          <div className="flex gap-2">
            <input className={`${inputClass} font-mono`} required minLength={MIN_PASSWORD} maxLength={1000} type={showPassword ? "text" : "password"} autoComplete="new-password"
              value={form.password} onChange={(e) => set("password", e.target.value)} />
            <Button onClick={() => setShowPassword((s) => !s)}>{showPassword ? "Hide" : "Show"}</Button>
            <Button onClick={() => {
              set("password", generatePassword());
              setShowPassword(true);
            }}>Generate</Button>
          </div>
        </Field>
        <ErrorBanner message={create.error?.message ?? null} />
      </form>
    </Modal>
  );
}
