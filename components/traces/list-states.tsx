import Link from "next/link";
import { LIVE_MS } from "./use-trace-list";

/** "Live" with a pulse while the first page refreshes, "Paused" after a failed refresh, and the age of the data. */
export function LiveIndicator({ ok, updatedAt, now }: { ok: boolean; updatedAt: number; now: number }) {
  const age = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1"
      title={`Refreshes every ${LIVE_MS / 1000} s while this tab is visible`}
    >
      <span className="relative flex h-2 w-2">
        {ok && <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" />}
        <span className={`relative inline-flex h-2 w-2 rounded-full ${ok ? "bg-emerald-500" : "bg-amber-500"}`} />
      </span>
      <span className="font-medium text-slate-700">{ok ? "Live" : "Paused"}</span>
      {age !== null && age >= 15 && <span>· updated {age < 60 ? `${age}s` : `${Math.floor(age / 60)}m`} ago</span>}
    </span>
  );
}

export function NoMatch({ onClear }: { onClear: () => void }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <p className="text-sm font-semibold text-slate-800">No traces match these filters</p>
      <p className="mt-1 text-sm text-slate-500">Widen the time range or remove a filter. New matching traces appear here live.</p>
      <button type="button" onClick={onClear} className="mt-4 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
        Clear filters
      </button>
    </div>
  );
}

/** The empty list before any agent has sent an event: how to send the first one. */
export function FirstRun({ origin }: { origin: string }) {
  const example = [
    `curl -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer $REPLAY_AUDIT_KEY" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"events":[{"id":"evt-1","trace_id":"trace-1","timestamp":"2026-01-01T10:00:00Z",`,
    `       "type":"agent.started","stage":"input","agent":{"id":"<your-agent-id>"},"schema_version":"1.0"}]}'`,
  ].join("\n");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8">
      <h2 className="text-base font-semibold text-slate-900">No traces yet</h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        A trace appears here as soon as an agent sends its first runtime event. Create an agent and issue it an API key on the{" "}
        <Link href="/agents" className="font-medium text-indigo-700 hover:underline">Agents</Link> page, then send events to{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs">POST /api/v1/events</code> (JSON or NDJSON, up to 1,000 events a
        request). Interceptor JSONL logs import with <code className="rounded bg-slate-100 px-1 font-mono text-xs">npm run import -- audit.jsonl --agent &lt;id&gt;</code>.
      </p>
      <pre className="mt-4 overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100">{example}</pre>
      <p className="mt-3 text-xs text-slate-500">This page refreshes every {LIVE_MS / 1000} seconds; the trace shows up without a reload.</p>
    </div>
  );
}

export function ErrorState({ message, onRetry, onClear }: { message: string; onRetry: () => void; onClear?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
      <p className="text-sm font-semibold text-red-800">Could not load traces</p>
      <p className="mt-1 font-mono text-sm text-red-700">{message}</p>
      <div className="mt-4 flex gap-2">
        <button type="button" onClick={onRetry} className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-100">
          Retry
        </button>
        {onClear && (
          <button type="button" onClick={onClear} className="rounded-md px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-100">
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
