"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { TRUST_LEVELS } from "@/engine/events/schema";
import type { Agent, ApiKey, IssuedApiKey, UpdateAgentBody } from "@/lib/agents/schemas";
import { TRUST_HELP } from "./agents-client";
import { requestJson } from "@/components/ui/request-json";
import { EnvBadge, StatusBadge } from "@/components/ui/badges";
import { TrustBadge } from "@/components/ui/trust-badge";
import { CopyButton } from "@/components/ui/copy-button";
import { curlExample, exampleEvent } from "./curl-example";
import { formatTime } from "@/components/ui/format";
import { Button, Card, ConfirmDialog, ErrorBanner, Field, inputClass, Modal, PageHeader, td, th } from "@/components/ui/primitives";

type Props = { agent: Agent; keys: ApiKey[]; canWrite: boolean; canIssueKeys: boolean };

export function AgentDetailClient({ agent, keys, canWrite, canIssueKeys }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirmToggle, setConfirmToggle] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const toggle = useMutation({
    mutationFn: () => requestJson<Agent>("PATCH", `/api/v1/agents/${agent.id}`, { disabled: !agent.disabled }),
    onSuccess: () => {
      setConfirmToggle(false);
      router.refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => requestJson<ApiKey>("DELETE", `/api/v1/agents/${agent.id}/keys/${k.id}`),
    onSuccess: () => {
      setRevoking(null);
      router.refresh();
    },
  });

  const activeKeys = keys.filter((k) => !k.revoked_at);
  // active keys first (the ones an admin acts on), then the revoked ones as history; each newest first
  const ordered = [...activeKeys, ...keys.filter((k) => k.revoked_at)];

  return (
    <>
      <PageHeader
        breadcrumb={<><Link href="/agents" className="hover:text-slate-800 hover:underline">Agents</Link> <span aria-hidden>/</span> <span className="font-mono">{agent.id}</span></>}
        title={<span className="flex items-center gap-2.5">{agent.name} <StatusBadge active={!agent.disabled} /></span>}
        description={agent.description || undefined}
        actions={
          <>
            <Link href={`/traces?agent=${encodeURIComponent(agent.id)}`} className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50">View traces</Link>
            {canWrite && <Button onClick={() => setEditing(true)}>Edit</Button>}
            {canWrite && (
              <Button variant={agent.disabled ? "primary" : "danger-outline"} onClick={() => {
                toggle.reset();
                setConfirmToggle(true);
              }}>
                {agent.disabled ? "Enable agent" : "Disable agent"}
              </Button>
            )}
          </>
        }
      />

      {agent.disabled && (
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-900">
          <span className="font-semibold">This agent is disabled.</span> Its API keys are refused until it is enabled again; no new keys can be issued.
        </div>
      )}

      <div className="grid items-start gap-5 lg:grid-cols-[340px_minmax(0,1fr)]">
        <Card title="Identity">
          <dl className="divide-y divide-slate-100 text-sm">
            <Row label="Agent ID"><span className="font-mono text-xs">{agent.id}</span></Row>
            <Row label="Owner">{agent.owner}</Row>
            <Row label="Environment"><EnvBadge>{agent.environment}</EnvBadge></Row>
            <Row label="Trust level">
              <div><TrustBadge level={agent.trust_level} /></div>
              <div className="mt-1 text-xs text-slate-500">{TRUST_HELP[agent.trust_level]}</div>
            </Row>
            <Row label="Created">{formatTime(agent.created_at)}</Row>
            <Row label="Created by">{agent.created_by ?? <span className="text-slate-500">system</span>}</Row>
          </dl>
        </Card>

        <Card
          title={<span>API keys <span className="font-normal text-slate-500">· {activeKeys.length} active{keys.length > activeKeys.length ? `, ${keys.length - activeKeys.length} revoked` : ""}</span></span>}
          actions={canIssueKeys && <Button variant="primary" size="sm" disabled={agent.disabled} title={agent.disabled ? "Enable the agent to issue keys" : undefined} onClick={() => setIssuing(true)}>Issue key</Button>}
        >
          {keys.length === 0 ? (
            <div className="px-6 py-12 text-center">
              <p className="text-sm font-semibold text-slate-900">No API keys</p>
              <p className="mx-auto mt-1 max-w-sm text-sm text-slate-500">This agent cannot send events until it has a key. Keys are shown once when issued and stored only as a hash.</p>
              {canIssueKeys && !agent.disabled && <Button variant="primary" className="mt-4" onClick={() => setIssuing(true)}>Issue the first key</Button>}
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <thead className="bg-slate-50">
                  <tr>
                    <th className={th}>Name</th>
                    <th className={th}>Key</th>
                    <th className={th}>Created</th>
                    <th className={th}>Last used</th>
                    <th className={th}>Status</th>
                    {canIssueKeys && <th className={th}><span className="sr-only">Actions</span></th>}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {ordered.map((k) => (
                    <tr key={k.id} className={k.revoked_at ? "text-slate-500" : ""}>
                      <td className={`${td} font-medium ${k.revoked_at ? "" : "text-slate-900"}`}>{k.name}</td>
                      <td className={`${td} font-mono text-xs`}>{k.prefix}<span className="text-slate-500">…</span></td>
                      <td className={`${td} whitespace-nowrap`}>
                        <div>{formatTime(k.created_at)}</div>
                        {k.created_by && <div className="text-xs text-slate-500">{k.created_by}</div>}
                      </td>
                      <td className={`${td} whitespace-nowrap`}>{k.last_used_at ? formatTime(k.last_used_at) : <span className="text-slate-500">Never</span>}</td>
                      <td className={`${td} whitespace-nowrap`}>
                        {k.revoked_at ? (
                          <span className="inline-flex items-center gap-1.5 rounded bg-rose-50 px-1.5 py-0.5 text-xs font-medium text-rose-700 ring-1 ring-inset ring-rose-600/20" title={`Revoked ${formatTime(k.revoked_at)}`}>
                            Revoked {formatTime(k.revoked_at).slice(0, 10)}
                          </span>
                        ) : (
                          <StatusBadge active={!agent.disabled} inactiveLabel="Suspended" />
                        )}
                      </td>
                      {canIssueKeys && (
                        <td className={`${td} text-right`}>
                          {!k.revoked_at && (
                            <Button size="sm" variant="danger-ghost" onClick={() => {
                              revoke.reset();
                              setRevoking(k);
                            }}>Revoke</Button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="border-t border-slate-200 bg-slate-50 px-4 py-2.5 text-xs text-slate-600">
            Agents send events with <code className="rounded bg-white px-1 py-0.5 font-mono ring-1 ring-slate-200">Authorization: Bearer &lt;key&gt;</code> to{" "}
            <code className="rounded bg-white px-1 py-0.5 font-mono ring-1 ring-slate-200">POST /api/v1/events</code>. Events must carry{" "}
            <code className="rounded bg-white px-1 py-0.5 font-mono ring-1 ring-slate-200">&quot;agent&quot;: {`{ "id": "${agent.id}" }`}</code>; events claiming another agent are rejected.
          </div>
        </Card>
      </div>

      {canWrite && <EditAgentDialog agent={agent} open={editing} onClose={() => setEditing(false)} />}
      {canIssueKeys && <IssueKeyDialog agentId={agent.id} open={issuing} onClose={() => setIssuing(false)} />}

      <ConfirmDialog
        open={confirmToggle}
        title={agent.disabled ? `Enable ${agent.name}?` : `Disable ${agent.name}?`}
        confirmLabel={agent.disabled ? "Enable agent" : "Disable agent"}
        danger={!agent.disabled}
        busy={toggle.isPending}
        error={toggle.error?.message}
        onClose={() => setConfirmToggle(false)}
        onConfirm={() => toggle.mutate()}
        body={agent.disabled ? (
          <p>Its {activeKeys.length} active {activeKeys.length === 1 ? "key" : "keys"} will authenticate again immediately.</p>
        ) : (
          <p>All of its API keys ({activeKeys.length} active) stop authenticating immediately; its events are kept. You can enable it again later. The change is recorded in the audit trail.</p>
        )}
      />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke API key?"
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        error={revoke.error?.message}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        body={revoking && (
          <>
            <p>
              Key <span className="font-semibold">{revoking.name}</span> (<span className="font-mono text-xs">{revoking.prefix}…</span>) will be refused on its next request. This cannot be undone; issue a new key if the agent still needs one.
            </p>
            <p className="text-xs text-slate-500">Last used: {revoking.last_used_at ? formatTime(revoking.last_used_at) : "never"}</p>
          </>
        )}
      />
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[110px_minmax(0,1fr)] gap-3 px-4 py-2.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

function EditAgentDialog({ agent, open, onClose }: { agent: Agent; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const initial = { name: agent.name, owner: agent.owner, environment: agent.environment, trust_level: agent.trust_level, description: agent.description };
  const [form, setForm] = useState(initial);
  const save = useMutation({
    mutationFn: (patch: UpdateAgentBody) => requestJson<Agent>("PATCH", `/api/v1/agents/${agent.id}`, patch),
    onSuccess: () => {
      onClose();
      router.refresh();
    },
  });
  function close() {
    if (save.isPending) return;
    setForm(initial);
    save.reset();
    onClose();
  }
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Modal open={open} onClose={close} title={`Edit ${agent.name}`} description={<>Agent ID <span className="font-mono">{agent.id}</span> cannot be changed.</>}
      footer={
        <>
          <Button onClick={close} disabled={save.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="edit-agent" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save changes"}</Button>
        </>
      }>
      <form id="edit-agent" className="space-y-3.5" onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ ...form, trust_level: form.trust_level as UpdateAgentBody["trust_level"] });
      }}>
        <Field label="Display name"><input className={inputClass} required maxLength={200} value={form.name} onChange={(e) => set("name", e.target.value)} /></Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Owner"><input className={inputClass} required maxLength={200} value={form.owner} onChange={(e) => set("owner", e.target.value)} /></Field>
          <Field label="Environment"><input className={inputClass} required maxLength={100} value={form.environment} onChange={(e) => set("environment", e.target.value)} /></Field>
        </div>
        <Field label="Trust level" hint={TRUST_HELP[form.trust_level]}>
          <select className={inputClass} value={form.trust_level} onChange={(e) => set("trust_level", e.target.value)}>
            {TRUST_LEVELS.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </Field>
        <Field label="Description"><textarea className={inputClass} rows={2} maxLength={2000} value={form.description} onChange={(e) => set("description", e.target.value)} /></Field>
        <ErrorBanner message={save.error?.message ?? null} />
      </form>
    </Modal>
  );
}

function randomNonce(): string {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Two steps: name the key, then show it once with a ready-to-run curl example. */
function IssueKeyDialog({ agentId, open, onClose }: { agentId: string; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<{ key: IssuedApiKey; curl: string } | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const issue = useMutation({
    mutationFn: (n: string) => requestJson<IssuedApiKey>("POST", `/api/v1/agents/${agentId}/keys`, { name: n }),
    onSuccess: (key) => {
      const curl = curlExample(window.location.origin, key.key, exampleEvent(agentId, new Date(), randomNonce()));
      setIssued({ key, curl });
      router.refresh();
    },
  });
  function close() {
    if (issue.isPending) return;
    setName("");
    setIssued(null);
    setAcknowledged(false);
    issue.reset();
    onClose();
  }

  if (issued) {
    return (
      <Modal open={open} onClose={close} dismissible={false} width="max-w-3xl" title="Copy your new API key"
        description={<>Key <span className="font-medium text-slate-700">{issued.key.name}</span> for agent <span className="font-mono">{agentId}</span></>}
        footer={
          <>
            <label className="mr-auto flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" />
              I have stored this key somewhere safe
            </label>
            <Button variant="primary" onClick={close} disabled={!acknowledged}>Done</Button>
          </>
        }>
        <div className="space-y-4">
          <div className="flex gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
            <span aria-hidden className="mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full bg-amber-500 text-[11px] font-bold text-white">!</span>
            <p><span className="font-semibold">This is the only time the full key is shown.</span> Replay Audit stores only its SHA-256 hash. Put it in your secret manager now; if it is lost, revoke it and issue a new one.</p>
          </div>
          <div>
            <div className="mb-1 text-xs font-semibold text-slate-700">API key</div>
            <div className="flex items-center gap-2 rounded-md bg-slate-50 p-2 ring-1 ring-inset ring-slate-300">
              <code data-testid="issued-key" className="min-w-0 flex-1 select-all break-all px-1 font-mono text-sm text-slate-900">{issued.key.key}</code>
              <CopyButton text={issued.key.key} label="Copy key" />
            </div>
          </div>
          <div>
            <div className="mb-1 flex items-end justify-between">
              <div>
                <div className="text-xs font-semibold text-slate-700">Send a first event</div>
                <div className="text-xs text-slate-500">A minimal valid event for this agent. Run it, then open Traces to see it arrive.</div>
              </div>
            </div>
            <div className="relative rounded-md bg-slate-900 ring-1 ring-slate-800">
              <CopyButton text={issued.curl} label="Copy command" tone="dark" className="absolute right-2 top-2" />
              <pre className="overflow-x-auto px-4 py-3 pr-32 font-mono text-xs leading-relaxed text-slate-100"><code>{issued.curl}</code></pre>
            </div>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal open={open} onClose={close} title="Issue an API key" description={<>For agent <span className="font-mono">{agentId}</span>. The key is shown once, right after you create it.</>}
      footer={
        <>
          <Button onClick={close} disabled={issue.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="issue-key" disabled={issue.isPending || !name.trim()}>{issue.isPending ? "Issuing…" : "Issue key"}</Button>
        </>
      }>
      <form id="issue-key" className="space-y-3.5" onSubmit={(e) => {
        e.preventDefault();
        issue.mutate(name.trim());
      }}>
        <Field label="Key name" hint="Where the key will be used, so you can tell keys apart and rotate them, e.g. “prod-k8s ingest”.">
          <input className={inputClass} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="prod ingest" autoFocus />
        </Field>
        <ErrorBanner message={issue.error?.message ?? null} />
      </form>
    </Modal>
  );
}
