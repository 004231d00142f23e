"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, Modal, PageHeader } from "@/components/ui/primitives";
import type { ApprovalView } from "@/lib/approvals/schemas";
import { RequestError } from "@/components/ui/request-json";
import { conflictText, decide, fetchApprovals, type ApprovalList } from "./api";
import { AccessBadge, ApprovalEvidence } from "./approval-evidence";
import { ApprovalHistory } from "./approval-history";
import { fmt2, readEvidence, type Evidence } from "./evidence";
import { RiskBar } from "./risk-bar";
import { TimeLeft, useNow } from "./time-left";

type User = { email: string; name: string; role: string };
type Outcome = { id: string; kind: "ok" | "conflict" | "error"; text: string };

const QUEUE_KEY = ["approvals", "pending"] as const;
const FRESH_MS = 6000;

function evidenceOf(a: ApprovalView): Evidence {
  return readEvidence(a.evidence, { step_index: a.step_index, tool: a.tool, capability: a.capability, arguments: a.arguments, agent_id: a.agent_id, projected_risk: a.projected_risk });
}

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

export function ApprovalsClient({ initial, canDecide, user, initialTab }: { initial: ApprovalList; canDecide: boolean; user: User; initialTab: "queue" | "history" }) {
  const [tab, setTab] = useState<"queue" | "history">(initialTab);
  const queue = useQuery({ queryKey: QUEUE_KEY, queryFn: () => fetchApprovals("pending", { limit: 200 }), initialData: initial, refetchInterval: 2000, refetchIntervalInBackground: true });
  const pending = queue.data?.approvals ?? [];
  const pendingCount = queue.data?.pending_count ?? pending.length;
  const qc = useQueryClient();
  // the navigation badge follows the queue while this page is open
  useEffect(() => {
    if (queue.data) qc.setQueryData(["approvals-pending-count"], { approvals: [], next_cursor: null, pending_count: queue.data.pending_count });
  }, [queue.data, qc]);

  function switchTab(t: "queue" | "history") {
    setTab(t);
    const url = new URL(window.location.href);
    if (t === "history") url.searchParams.set("tab", "history");
    else url.searchParams.delete("tab");
    window.history.replaceState(null, "", url);
  }

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Steps that agents may take only with a person's approval. Each request is bound to the exact step and arguments shown, is single use, and expires."
      />
      <div className="mb-3 flex items-center gap-1 border-b border-slate-200" role="tablist">
        <TabButton active={tab === "queue"} onClick={() => switchTab("queue")}>
          Queue
          <span className={`ml-1.5 rounded px-1.5 py-px text-[11px] tabular-nums ${pendingCount > 0 ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-600"}`} data-testid="queue-count">{pendingCount}</span>
        </TabButton>
        <TabButton active={tab === "history"} onClick={() => switchTab("history")}>History</TabButton>
        {tab === "queue" && (
          <div className="ml-auto pb-1.5 text-xs text-slate-500">
            <LiveIndicator fetching={queue.isFetching} error={queue.isError} updatedAt={queue.dataUpdatedAt} />
          </div>
        )}
      </div>
      {tab === "queue" ? <Queue queue={queue} pending={pending} canDecide={canDecide} user={user} /> : <ApprovalHistory />}
    </>
  );
}

function TabButton({ active, onClick, children }: { active: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button type="button" role="tab" aria-selected={active} onClick={onClick}
      className={`-mb-px flex items-center border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-indigo-600 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}>
      {children}
    </button>
  );
}

function LiveIndicator({ fetching, error, updatedAt }: { fetching: boolean; error: boolean; updatedAt: number }) {
  const now = useNow();
  if (error) return <span className="text-red-700">Live updates interrupted; retrying</span>;
  const age = now && updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`h-1.5 w-1.5 rounded-full ${fetching ? "bg-indigo-500" : "bg-emerald-500"}`} aria-hidden />
      Live · refreshes every 2 s{age !== null && age > 4 ? ` · last update ${age} s ago` : ""}
    </span>
  );
}

type QueueQuery = ReturnType<typeof useQuery<ApprovalList>>;

function Queue({ queue, pending, canDecide, user }: { queue: QueueQuery; pending: ApprovalView[]; canDecide: boolean; user: User }) {
  const qc = useQueryClient();
  const now = useNow();
  const [selectedId, setSelectedId] = useState<string | null>(pending[0]?.id ?? null);
  const [fresh, setFresh] = useState<Record<string, number>>({});
  const seen = useRef<Set<string> | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [help, setHelp] = useState(false);
  const [armed, setArmed] = useState(false);
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const lastIndex = useRef(0);

  // requests that arrive while the page is open get a short highlight
  useEffect(() => {
    const ids = pending.map((a) => a.id);
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const added = ids.filter((id) => !seen.current!.has(id));
    ids.forEach((id) => seen.current!.add(id));
    if (added.length) {
      const t = Date.now();
      setFresh((f) => ({ ...f, ...Object.fromEntries(added.map((id) => [id, t])) }));
      setTimeout(() => setFresh((f) => Object.fromEntries(Object.entries(f).filter(([, at]) => Date.now() - at < FRESH_MS))), FRESH_MS + 50);
    }
  }, [pending]);

  // keep a selection: the same request while it is pending, else the one now at its place
  const index = pending.findIndex((a) => a.id === selectedId);
  useEffect(() => {
    if (index >= 0) lastIndex.current = index;
    else if (pending.length > 0) setSelectedId(pending[Math.min(lastIndex.current, pending.length - 1)].id);
    else if (selectedId !== null) setSelectedId(null);
  }, [index, pending, selectedId]);
  const selected = index >= 0 ? pending[index] : null;
  const ev = useMemo(() => (selected ? evidenceOf(selected) : null), [selected]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    setArmed(false);
    setNote("");
    setNoteError(null);
  }, []);

  const move = useCallback((d: 1 | -1) => {
    if (pending.length === 0) return;
    const i = Math.max(0, Math.min(pending.length - 1, (index < 0 ? 0 : index) + d));
    select(pending[i].id);
    listRef.current?.querySelector<HTMLElement>(`[data-approval-id="${pending[i].id}"]`)?.scrollIntoView({ block: "nearest" });
  }, [pending, index, select]);

  const mutation = useMutation({
    mutationFn: (v: { id: string; outcome: "approve" | "deny"; note: string }) => decide(v.id, v.outcome, v.note),
    onSuccess: (a) => {
      const who = a.decided_by_name ?? a.decided_by ?? "you";
      setOutcome({ id: a.id, kind: "ok", text: `${a.status === "approved" ? "Approved" : "Denied"} step ${a.step_index} (${a.tool}) of ${a.agent_id} as ${who}.${a.status === "approved" ? " The agent receives its capability token on its next poll." : ""}` });
      setNote("");
      setArmed(false);
    },
    onError: (e: Error, v) => {
      const err = e instanceof RequestError ? e : new RequestError(0, "error", e.message);
      if (err.status === 409) setOutcome({ id: v.id, kind: "conflict", text: conflictText(err) });
      else if (err.status === 403) setOutcome({ id: v.id, kind: "error", text: `Not allowed: ${err.message}` });
      else setOutcome({ id: v.id, kind: "error", text: err.message });
    },
    onSettled: () => {
      qc.invalidateQueries({ queryKey: ["approvals"] });
      qc.invalidateQueries({ queryKey: ["approvals-pending-count"] });
    },
  });

  const submit = useCallback((outcomeKind: "approve" | "deny") => {
    if (!selected || mutation.isPending) return;
    if (outcomeKind === "deny" && !note.trim()) {
      setNoteError("A note is required to deny: tell the agent's owner why.");
      noteRef.current?.focus();
      return;
    }
    setNoteError(null);
    mutation.mutate({ id: selected.id, outcome: outcomeKind, note: note.trim() });
  }, [selected, note, mutation]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "Escape") {
        if (help) setHelp(false);
        else if (armed) setArmed(false);
        if (isTyping(e.target)) (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e.target) || help) {
        if (help && e.key === "?") setHelp(false);
        return;
      }
      if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "?") { e.preventDefault(); setHelp(true); }
      else if (e.key === "a" && canDecide && selected) { e.preventDefault(); setArmed(true); approveRef.current?.focus(); }
      else if (e.key === "d" && canDecide && selected) { e.preventDefault(); setArmed(false); noteRef.current?.focus(); }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, help, armed, canDecide, selected]);

  const owns = !!ev?.agent?.owner && [user.email.toLowerCase(), user.name.trim().toLowerCase()].includes(ev.agent.owner.trim().toLowerCase());

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <ShortcutHint canDecide={canDecide} onHelp={() => setHelp(true)} />
        {!canDecide && (
          <span className="rounded bg-slate-100 px-2 py-1 text-slate-700" data-testid="read-only">
            Read only: your role ({user.role}) can see the queue but not decide.
          </span>
        )}
      </div>

      {outcome && (
        <div role="status" className={`mb-3 flex items-start gap-3 rounded-md border px-3 py-2 text-sm ${outcome.kind === "ok" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : outcome.kind === "conflict" ? "border-amber-200 bg-amber-50 text-amber-900" : "border-rose-200 bg-rose-50 text-rose-800"}`} data-testid="decision-outcome">
          <span className="font-semibold">{outcome.kind === "ok" ? "Recorded" : outcome.kind === "conflict" ? "Not recorded" : "Error"}</span>
          <span className="flex-1">{outcome.text} <span className="font-mono text-xs opacity-70">{outcome.id}</span></span>
          <button type="button" onClick={() => setOutcome(null)} className="opacity-70 hover:opacity-100" aria-label="Dismiss">×</button>
        </div>
      )}

      {queue.isError && pending.length === 0 ? (
        <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-6 text-sm text-rose-800">
          Could not load the approval queue: {(queue.error as Error).message}. Retrying every 2 seconds.
        </div>
      ) : pending.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white px-6 py-16 text-center shadow-sm" data-testid="queue-empty">
          <p className="text-sm font-semibold text-slate-900">No approvals waiting</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
            When a policy requires a person&apos;s approval for a step, the request appears here within two seconds, with the evidence to decide it.
          </p>
        </div>
      ) : (
        <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(360px,440px)_1fr]">
          <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm lg:sticky lg:top-16">
            <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2 text-xs">
              <span className="font-semibold text-slate-900">{pending.length} waiting</span>
              <span className="text-slate-500">newest first</span>
            </div>
            <ul ref={listRef} className="max-h-[calc(100vh-15rem)] divide-y divide-slate-100 overflow-y-auto" role="listbox" aria-label="Pending approvals" data-testid="approval-queue">
              {pending.map((a) => (
                <QueueRow key={a.id} a={a} selected={a.id === selectedId} fresh={!!fresh[a.id]} now={now} onSelect={() => select(a.id)} />
              ))}
            </ul>
            {queue.data?.next_cursor && <div className="border-t border-slate-200 px-3 py-2 text-xs text-slate-500">Showing the newest {pending.length}; more are waiting.</div>}
          </div>

          {selected && ev && (
            <article className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="approval-detail" data-approval-id={selected.id}>
              <header className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="font-mono text-base font-semibold text-slate-900">{selected.tool}</h2>
                    <AccessBadge access={ev.step.access} />
                    <span className="text-sm text-slate-500">step {selected.step_index} · {ev.agent?.name ?? selected.agent_id}</span>
                  </div>
                  <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                    <span className="font-mono">{selected.id}</span>
                    <span>requested {new Date(selected.requested_at).toISOString().slice(11, 19)} UTC</span>
                    <Link href={`/traces/${encodeURIComponent(selected.trace_id)}`} title={selected.trace_id} data-testid="approval-trace-link" className="inline-block max-w-[16rem] truncate align-bottom text-indigo-700 hover:underline">trace {selected.trace_id}</Link>
                  </div>
                </div>
                <div className="text-right">
                  <div className="text-[11px] uppercase tracking-wide text-slate-500">Time left</div>
                  <TimeLeft expiresAt={selected.expires_at} now={now} size="lg" />
                </div>
              </header>

              <DecisionPanel
                canDecide={canDecide}
                owns={owns}
                busy={mutation.isPending}
                armed={armed}
                note={note}
                noteError={noteError}
                setNote={(v) => { setNote(v); if (v.trim()) setNoteError(null); }}
                noteRef={noteRef}
                approveRef={approveRef}
                onApprove={() => submit("approve")}
                onDeny={() => submit("deny")}
                onDisarm={() => setArmed(false)}
              />

              <ApprovalEvidence approval={selected} ev={ev} />
            </article>
          )}
        </div>
      )}

      <Modal open={help} title="Keyboard shortcuts" onClose={() => setHelp(false)} width="max-w-sm">
        <dl className="grid grid-cols-[5rem_1fr] gap-y-2 text-sm">
          {[
            ["j / ↓", "next request"],
            ["k / ↑", "previous request"],
            ...(canDecide ? [["a", "approve: focuses Approve, Enter confirms"], ["d", "deny: focuses the note (required), Ctrl+Enter denies"]] : []),
            ["Esc", "cancel, leave the note field"],
            ["?", "this help"],
          ].map(([k, v]) => (
            <div key={k} className="contents">
              <dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700">{k}</kbd></dt>
              <dd className="text-slate-700">{v}</dd>
            </div>
          ))}
        </dl>
      </Modal>
    </>
  );
}

function Kbd({ children }: { children: React.ReactNode }) {
  return <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-[11px] text-slate-700">{children}</kbd>;
}

function ShortcutHint({ canDecide, onHelp }: { canDecide: boolean; onHelp: () => void }) {
  return (
    <span className="flex items-center gap-2" data-testid="shortcut-hint">
      <span><Kbd>j</Kbd> <Kbd>k</Kbd> move</span>
      {canDecide && <span><Kbd>a</Kbd> approve</span>}
      {canDecide && <span><Kbd>d</Kbd> deny</span>}
      <button type="button" onClick={onHelp} className="hover:text-slate-800"><Kbd>?</Kbd> all shortcuts</button>
    </span>
  );
}

function QueueRow({ a, selected, fresh, now, onSelect }: { a: ApprovalView; selected: boolean; fresh: boolean; now: number | null; onSelect: () => void }) {
  const ev = evidenceOf(a);
  const guard = ev.stages.guard;
  const untrusted = ev.step.provenance.filter((p) => ["external", "unverified"].includes(String(p.trust_level).toLowerCase())).length;
  return (
    <li
      role="option"
      aria-selected={selected}
      data-approval-id={a.id}
      data-fresh={fresh ? "true" : undefined}
      onClick={onSelect}
      className={`cursor-pointer border-l-2 px-3 py-2 transition-colors duration-1000 ${selected ? "border-indigo-600 bg-indigo-50/70" : fresh ? "border-amber-400 bg-amber-50" : "border-transparent hover:bg-slate-50"}`}
    >
      <div className="flex items-center gap-2">
        <span className="font-mono text-[13px] font-semibold text-slate-900">{a.tool}</span>
        <AccessBadge access={ev.step.access} />
        {fresh && <span className="rounded bg-amber-200/70 px-1 text-[10px] font-semibold uppercase tracking-wide text-amber-900">new</span>}
        <span className="ml-auto"><TimeLeft expiresAt={a.expires_at} now={now} /></span>
      </div>
      <div className="mt-0.5 flex items-center gap-2 text-xs text-slate-600">
        <span className="truncate">{ev.agent?.name ?? a.agent_id}</span>
        <span className="text-slate-500">·</span>
        <span>step {a.step_index}</span>
        {ev.agent?.environment && <><span className="text-slate-500">·</span><span className="font-mono">{ev.agent.environment}</span></>}
      </div>
      <div className="mt-1.5 flex items-center gap-2 text-[11px] text-slate-600">
        <RiskBar compact executed={ev.r_executed} total={ev.r_total} thresholds={ev.thresholds} />
        <span className="whitespace-nowrap font-mono tabular-nums" title="projected R_total">R {fmt2(ev.r_total)}</span>
        {untrusted > 0 && <span className="whitespace-nowrap rounded bg-amber-50 px-1 text-amber-900 ring-1 ring-inset ring-amber-600/30" title="external or unverified provenance entries">{untrusted} untrusted</span>}
        {guard && guard.findings?.length > 0 && (
          <span className={`whitespace-nowrap rounded px-1 ring-1 ring-inset ${guard.verdict === "pass" ? "bg-slate-50 text-slate-600 ring-slate-400/40" : "bg-red-50 text-red-800 ring-red-600/30"}`} title={`guard ${guard.verdict}: ${guard.reason}`}>
            guard {guard.score.toFixed(2)}
          </span>
        )}
        {ev.determining_policies[0] && <span className="truncate font-mono text-slate-600" title={ev.determining_policies.join(", ")}>{ev.determining_policies[0]}</span>}
      </div>
    </li>
  );
}

function DecisionPanel(p: {
  canDecide: boolean; owns: boolean; busy: boolean; armed: boolean; note: string; noteError: string | null;
  setNote: (v: string) => void; noteRef: React.RefObject<HTMLTextAreaElement | null>; approveRef: React.RefObject<HTMLButtonElement | null>;
  onApprove: () => void; onDeny: () => void; onDisarm: () => void;
}) {
  if (!p.canDecide) return null;
  return (
    <div className="border-t border-slate-200 bg-slate-50 px-4 py-3" data-testid="decision-panel">
      {p.owns && (
        <p className="mb-2 rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
          You are listed as this agent&apos;s owner. Someone else must decide its approvals; the server will refuse your decision.
        </p>
      )}
      <div className="flex items-start gap-3">
        <label className="min-w-0 flex-1">
          <span className="sr-only">Note</span>
          <textarea
            ref={p.noteRef}
            value={p.note}
            onChange={(e) => p.setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); p.onDeny(); }
            }}
            rows={2}
            maxLength={4000}
            placeholder="Note for the record (required to deny)"
            aria-invalid={!!p.noteError}
            className={`block w-full resize-y rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset ${p.noteError ? "ring-rose-400 focus:ring-rose-600" : "ring-slate-300 focus:ring-indigo-600"}`}
            data-testid="decision-note"
          />
          {p.noteError && <span className="mt-1 block text-xs text-rose-700">{p.noteError}</span>}
        </label>
        <div className="flex shrink-0 flex-col items-stretch gap-1.5">
          <button ref={p.approveRef} type="button" onClick={p.onApprove} onBlur={p.onDisarm} disabled={p.busy} data-testid="approve"
            className={`inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50 ${p.armed ? "ring-2 ring-indigo-300 ring-offset-1" : ""}`}>
            {p.busy ? "Recording…" : p.armed ? "Approve: Enter" : "Approve"}
          </button>
          <Button variant="danger-outline" onClick={p.onDeny} disabled={p.busy} data-testid="deny">Deny</Button>
        </div>
      </div>
      {p.armed && <p className="mt-1.5 text-xs text-indigo-800">Press Enter to approve this exact step, Esc to cancel.</p>}
    </div>
  );
}
