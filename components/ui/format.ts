/**
 * Display helpers shared by every page. Times are shown in UTC, computed from the ISO string alone, so every
 * reviewer reads the same clock and server and client render the same text (no hydration mismatch).
 */

/** `HH:MM:SS.mmm` — the timeline's clock. */
export function utcTime(iso: string): string {
  return iso.slice(11, 23);
}

/** `2026-11-21 23:07:12 UTC`. */
export function utcDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** `2026-11-21 23:07 UTC` for admin tables (minutes are enough there); "—" when absent, as sent when unparsable. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `2026-11-21`; "—" when absent. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toISOString().slice(0, 10);
}

/** "just now", "5m ago", "3d ago", then the date: how long ago, against a clock the caller passes in. */
export function relativeTime(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)}d ago`;
  return iso.slice(0, 10);
}

/** The span between two instants in at most three units (`1h 2m 3s`), or milliseconds under a second. */
export function duration(fromIso: string, toIso: string): string {
  let ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  if (ms < 1000) return `${ms} ms`;
  const d = Math.floor(ms / 86_400_000); ms -= d * 86_400_000;
  const h = Math.floor(ms / 3_600_000); ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000); ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`, (s || (!d && !h && !m)) && `${s}s`].filter(Boolean);
  return parts.slice(0, 3).join(" ");
}

/** `512 B`, `12 KB`, `3.4 MB` — sizes of uploads and downloads. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Risk at two decimals, as the engine rounds it; "—" when there is none. */
export function fmtRisk(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toFixed(2);
}

/** Chain-risk thresholds as the engine applied them in a trace (its risk.scored events record them). */
export type RiskThresholds = { approval: number; halt: number };

/**
 * Text classes for a risk number against the thresholds applied in its trace (bold, so it does not rely on colour
 * alone); neutral when the trace recorded none. The engine's rule: strictly above a threshold crosses it.
 */
export function riskTone(n: number | null | undefined, thresholds?: RiskThresholds | null): string {
  if (n === null || n === undefined) return "text-slate-500";
  if (!thresholds) return "text-slate-700";
  if (n > thresholds.halt) return "text-red-700 font-semibold";
  if (n > thresholds.approval) return "text-amber-700 font-semibold";
  return "text-slate-700";
}

/** The first `n` characters of a hash, then "…". */
export function shortHash(h: string | null | undefined, n = 12): string {
  if (!h) return "—";
  return h.length > n ? `${h.slice(0, n)}…` : h;
}

/** Ids that differ only at the end (`…_48538_36`) stay distinguishable when shortened in the middle. */
export function middleEllipsis(s: string, max: number): string {
  if (s.length <= max) return s;
  const tail = Math.floor((max - 1) / 2);
  return `${s.slice(0, max - 1 - tail)}…${s.slice(s.length - tail)}`;
}

export function prettyJson(v: unknown): string {
  return JSON.stringify(v, null, 2) ?? "undefined";
}
