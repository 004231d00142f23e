"use client";
import { useEffect, useRef, useState } from "react";
import type { AgentOption } from "./trace-list-client";
import { FILTER_KEYS, inputUtcToIso, isoAgo, isoToInputUtc, type TraceFilters } from "./trace-filters";

const inputCls =
  "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
const labelCls = "flex flex-col gap-1 text-[11px] font-medium uppercase tracking-wide text-slate-500";

/** A text input that commits after the user pauses typing (and at once on Enter). */
function DebouncedInput({
  value, onCommit, delay = 350, ...rest
}: { value: string; onCommit: (v: string) => void; delay?: number } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">) {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  if (synced !== value) {
    // the committed value changed from outside (clear filters, URL): show it
    setSynced(value);
    setDraft(value);
  }
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    if (draft.trim() === value) return;
    const t = setTimeout(() => commit.current(draft.trim()), delay);
    return () => clearTimeout(t);
  }, [draft, value, delay]);
  return (
    <input
      {...rest}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit.current(draft.trim());
        if (e.key === "Escape" && draft) setDraft("");
      }}
    />
  );
}

const QUICK_RANGES = [
  { label: "1h", ms: 3600_000 },
  { label: "24h", ms: 86_400_000 },
  { label: "7d", ms: 7 * 86_400_000 },
];

/**
 * What the person changed in the server-rendered form before React hydrated it. React keeps such a DOM value but
 * never fires onChange for it, so the select would say "Block" over an unfiltered list. Each control's `name` is
 * its filter key; datetime inputs hold UTC wall time and are read back to ISO. (Before hydration, Enter in the
 * form submits it as a plain GET with the same names, which the page reads like any filter URL.)
 */
export function changedBeforeHydration(form: HTMLFormElement, filters: TraceFilters): Partial<TraceFilters> {
  const patch: Partial<TraceFilters> = {};
  for (const key of FILTER_KEYS) {
    const el = form.elements.namedItem(key);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) continue;
    if (el.type === "datetime-local") {
      if (el.value !== isoToInputUtc(filters[key])) patch[key] = inputUtcToIso(el.value);
    } else if (el.value.trim() !== filters[key]) patch[key] = el.value.trim();
  }
  return patch;
}

/** The filters above the list: search, agent, decision, tool, trust, risk range, time range and quick ranges. */
export function FilterBar({
  filters, agents, update, clear, active,
}: { filters: TraceFilters; agents: AgentOption[]; update: (p: Partial<TraceFilters>) => void; clear: () => void; active: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const firstFilters = useRef(filters);
  const firstUpdate = useRef(update);
  useEffect(() => {
    if (!form.current) return;
    const patch = changedBeforeHydration(form.current, firstFilters.current);
    if (Object.keys(patch).length) firstUpdate.current(patch);
  }, []);
  const agentOptions = agents.some((a) => a.id === filters.agent) || !filters.agent ? agents : [{ id: filters.agent, name: filters.agent }, ...agents];
  const duplicateNames = new Set(agentOptions.map((a) => a.name).filter((n, i, all) => all.indexOf(n) !== i));
  const quickActive = (ms: number) => {
    if (!filters.from || filters.to) return false;
    return Math.abs(Date.parse(filters.from) - (Date.now() - ms)) < Math.max(120_000, ms * 0.02);
  };
  return (
    <form
      ref={form}
      role="search"
      aria-label="Filter traces"
      onSubmit={(e) => e.preventDefault()}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className={`${labelCls} min-w-64 flex-1`}>
          Search
          <span className="relative">
            <svg viewBox="0 0 16 16" className="pointer-events-none absolute left-2 top-2 h-4 w-4 text-slate-500" aria-hidden>
              <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10.5 10.5l3 3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <DebouncedInput
              type="search"
              name="q"
              value={filters.q}
              onCommit={(q) => update({ q })}
              placeholder="Tools, arguments, reasons…"
              className={`${inputCls} w-full pl-8 normal-case tracking-normal`}
              aria-label="Free text search over tools, arguments and reasons"
            />
          </span>
        </label>
        <label className={labelCls}>
          Agent
          <select name="agent" value={filters.agent} onChange={(e) => update({ agent: e.target.value })} className={`${inputCls} w-48 normal-case tracking-normal`}>
            <option value="">All agents</option>
            {agentOptions.map((a) => (
              <option key={a.id} value={a.id} title={a.id}>
                {duplicateNames.has(a.name) ? `${a.name} (${a.id})` : a.name}
              </option>
            ))}
          </select>
        </label>
        <label className={labelCls}>
          Final decision
          <select name="decision" value={filters.decision} onChange={(e) => update({ decision: e.target.value })} className={`${inputCls} w-44 normal-case tracking-normal`}>
            <option value="">Any decision</option>
            <option value="allow">Allow</option>
            <option value="block">Block</option>
            <option value="require_approval">Approval required</option>
            <option value="none">None yet</option>
          </select>
        </label>
        <label className={labelCls}>
          Tool
          <DebouncedInput
            name="tool"
            value={filters.tool}
            onCommit={(tool) => update({ tool })}
            placeholder="exact tool name"
            className={`${inputCls} w-40 font-mono normal-case tracking-normal`}
            spellCheck={false}
          />
        </label>
        <label className={labelCls}>
          Trust level present
          <select name="trust" value={filters.trust} onChange={(e) => update({ trust: e.target.value })} className={`${inputCls} w-40 normal-case tracking-normal`}>
            <option value="">Any trust level</option>
            <option value="trusted">● trusted</option>
            <option value="internal">■ internal</option>
            <option value="external">▲ external</option>
            <option value="unverified">◆ unverified</option>
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <fieldset className={labelCls}>
          <legend className="mb-1">Max risk</legend>
          <span className="flex items-center gap-1">
            <DebouncedInput
              type="number" inputMode="decimal" min={0} step={0.1} name="risk_min" value={filters.risk_min}
              onCommit={(risk_min) => update({ risk_min })} placeholder="min" aria-label="Minimum max risk"
              className={`${inputCls} w-20 tabular-nums`}
            />
            <span className="text-slate-500">–</span>
            <DebouncedInput
              type="number" inputMode="decimal" min={0} step={0.1} name="risk_max" value={filters.risk_max}
              onCommit={(risk_max) => update({ risk_max })} placeholder="max" aria-label="Maximum max risk"
              className={`${inputCls} w-20 tabular-nums`}
            />
          </span>
        </fieldset>
        <fieldset className={labelCls}>
          <legend className="mb-1">Last seen (UTC)</legend>
          <span className="flex items-center gap-1">
            <input
              type="datetime-local" name="from" aria-label="Last seen from (UTC)" value={isoToInputUtc(filters.from)}
              onChange={(e) => update({ from: inputUtcToIso(e.target.value) })}
              className={`${inputCls} w-[13.5rem] normal-case tracking-normal`}
            />
            <span className="text-slate-500">–</span>
            <input
              type="datetime-local" name="to" aria-label="Last seen to (UTC)" value={isoToInputUtc(filters.to)}
              onChange={(e) => update({ to: inputUtcToIso(e.target.value) })}
              className={`${inputCls} w-[13.5rem] normal-case tracking-normal`}
            />
          </span>
        </fieldset>
        <div className="flex h-8 items-center overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm" role="group" aria-label="Quick time ranges">
          {QUICK_RANGES.map((r, i) => {
            const on = quickActive(r.ms);
            return (
              <button
                key={r.label}
                type="button"
                aria-pressed={on}
                onClick={() => update({ from: isoAgo(r.ms), to: "" })}
                title={`Last seen in the last ${r.label}`}
                className={`h-full px-3 ${i ? "border-l border-slate-300" : ""} ${on ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-700 hover:bg-slate-50"}`}
              >
                {r.label}
              </button>
            );
          })}
        </div>
        <div className="ml-auto flex items-center gap-2">
          <button
            type="button"
            onClick={clear}
            disabled={!active}
            className="h-8 rounded-md px-3 text-sm font-medium text-slate-600 hover:bg-slate-100 disabled:cursor-default disabled:text-slate-300 disabled:hover:bg-transparent"
          >
            Clear filters
          </button>
        </div>
      </div>
    </form>
  );
}
