"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { TRUST_LEVELS } from "@/engine/events/schema";
import type { Agent, CreateAgentBody } from "@/lib/agents/schemas";
import { requestJson } from "@/components/ui/request-json";
import { EnvBadge, StatusBadge } from "@/components/ui/badges";
import { TrustBadge } from "@/components/ui/trust-badge";
import { formatDate, formatTime } from "@/components/ui/format";
import { Button, Card, ErrorBanner, Field, inputClass, Modal, PageHeader, td, th } from "@/components/ui/primitives";

export const TRUST_HELP: Record<string, string> = {
  trusted: "Operated by your team, reviewed code and prompts",
  internal: "Internal system, not independently reviewed",
  external: "Third-party or vendor agent",
  unverified: "Identity or origin not established",
};

export function AgentsClient({ agents, canWrite }: { agents: Agent[]; canWrite: boolean }) {
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    if (!f) return agents;
    return agents.filter((a) => [a.id, a.name, a.owner, a.environment, a.trust_level].some((v) => v.toLowerCase().includes(f)));
  }, [agents, filter]);
  const active = agents.filter((a) => !a.disabled).length;

  return (
    <>
      <PageHeader
        title="Agents"
        description="AI agents that send runtime events. Each authenticates with its own API keys; an agent can only write events as itself."
        actions={canWrite && <Button variant="primary" onClick={() => setCreating(true)}>New agent</Button>}
      />
      <Card
        title={<span>{agents.length} {agents.length === 1 ? "agent" : "agents"} <span className="font-normal text-slate-500">· {active} active</span></span>}
        actions={agents.length > 0 && (
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter agents…" aria-label="Filter agents"
            className={`${inputClass} w-64 py-1 text-xs`} />
        )}
      >
        {agents.length === 0 ? (
          <div className="px-6 py-14 text-center">
            <p className="text-sm font-semibold text-slate-900">No agents yet</p>
            <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
              Register an agent to issue it an API key. Events it sends are attributed to it and checked against its identity.
            </p>
            {canWrite ? (
              <Button variant="primary" className="mt-4" onClick={() => setCreating(true)}>Register the first agent</Button>
            ) : (
              <p className="mt-3 text-xs text-slate-500">Ask an admin to register one.</p>
            )}
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>Name</th>
                  <th className={th}>Agent ID</th>
                  <th className={th}>Owner</th>
                  <th className={th}>Environment</th>
                  <th className={th}>Trust level</th>
                  <th className={`${th} text-right`}>Active keys</th>
                  <th className={th}>Status</th>
                  <th className={th}>Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {shown.map((a) => (
                  <tr key={a.id} className={`hover:bg-slate-50 ${a.disabled ? "text-slate-500" : ""}`}>
                    <td className={td}>
                      <Link href={`/agents/${a.id}`} className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline">{a.name}</Link>
                      {a.description && <div className="max-w-xs truncate text-xs text-slate-500" title={a.description}>{a.description}</div>}
                    </td>
                    <td className={`${td} font-mono text-xs text-slate-700`}>{a.id}</td>
                    <td className={td}>{a.owner}</td>
                    <td className={td}><EnvBadge>{a.environment}</EnvBadge></td>
                    <td className={td}><TrustBadge level={a.trust_level} /></td>
                    <td className={`${td} text-right tabular-nums`}>{a.key_count === 0 ? <span className="text-slate-500">0</span> : a.key_count}</td>
                    <td className={td}><StatusBadge active={!a.disabled} /></td>
                    <td className={`${td} whitespace-nowrap text-slate-600`} title={formatTime(a.created_at)}>{formatDate(a.created_at)}</td>
                  </tr>
                ))}
                {shown.length === 0 && (
                  <tr><td colSpan={8} className="px-4 py-8 text-center text-sm text-slate-500">No agent matches “{filter}”.</td></tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {canWrite && <NewAgentDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);
}

const EMPTY: CreateAgentBody = { id: "", name: "", owner: "", environment: "production", trust_level: "internal", description: "" };

function NewAgentDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [form, setForm] = useState<CreateAgentBody>(EMPTY);
  const [idTouched, setIdTouched] = useState(false);
  const create = useMutation({
    mutationFn: (body: CreateAgentBody) => requestJson<Agent>("POST", "/api/v1/agents", body),
    onSuccess: (agent) => {
      router.push(`/agents/${agent.id}`);
      router.refresh();
    },
  });
  const set = <K extends keyof CreateAgentBody>(k: K, v: CreateAgentBody[K]) => setForm((f) => ({ ...f, [k]: v }));
  const idValid = /^[a-z0-9][a-z0-9-]{1,62}$/.test(form.id);
  function close() {
    if (create.isPending) return;
    setForm(EMPTY);
    setIdTouched(false);
    create.reset();
    onClose();
  }

  return (
    <Modal open={open} onClose={close} title="Register an agent" description="The agent ID appears in every event the agent sends and cannot be changed later."
      footer={
        <>
          <Button onClick={close} disabled={create.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="new-agent" disabled={create.isPending || !idValid}>{create.isPending ? "Creating…" : "Create agent"}</Button>
        </>
      }>
      <form id="new-agent" className="space-y-3.5" onSubmit={(e) => {
        e.preventDefault();
        create.mutate(form);
      }}>
        <Field label="Display name">
          <input className={inputClass} required maxLength={200} value={form.name} placeholder="Billing reconciliation bot" autoFocus
            onChange={(e) => {
              set("name", e.target.value);
              if (!idTouched) set("id", slugify(e.target.value));
            }} />
        </Field>
        <Field label="Agent ID" error={form.id && !idValid ? "2–63 characters: lowercase letters, digits and hyphens, starting with a letter or digit" : null}
          hint="Lowercase letters, digits and hyphens. Agents put this in agent.id of their events.">
          <input className={`${inputClass} font-mono`} required value={form.id} placeholder="billing-bot" spellCheck={false}
            onChange={(e) => {
              setIdTouched(true);
              set("id", e.target.value.toLowerCase());
            }} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Owner" hint="Team or person accountable">
            <input className={inputClass} required maxLength={200} value={form.owner} placeholder="payments-platform" onChange={(e) => set("owner", e.target.value)} />
          </Field>
          <Field label="Environment">
            <input className={inputClass} required maxLength={100} list="agent-environments" value={form.environment} onChange={(e) => set("environment", e.target.value)} />
            <datalist id="agent-environments">
              <option value="production" />
              <option value="staging" />
              <option value="development" />
            </datalist>
          </Field>
        </div>
        <Field label="Trust level" hint={TRUST_HELP[form.trust_level]}>
          <select className={inputClass} value={form.trust_level} onChange={(e) => set("trust_level", e.target.value as CreateAgentBody["trust_level"])}>
            {TRUST_LEVELS.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </Field>
        <Field label="Description (optional)">
          <textarea className={inputClass} rows={2} maxLength={2000} value={form.description} placeholder="What the agent does and which tools it may call"
            onChange={(e) => set("description", e.target.value)} />
        </Field>
        <ErrorBanner message={create.error?.message ?? null} />
      </form>
    </Modal>
  );
}
