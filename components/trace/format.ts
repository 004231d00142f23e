/** Display helpers shared by the trace views. Times are shown in UTC so every reviewer reads the same clock. */

export function utcTime(iso: string): string {
  return iso.slice(11, 23); // HH:MM:SS.mmm
}

export function utcDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

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

export function fmtRisk(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toFixed(2);
}

/** Chain-risk thresholds as the engine applied them in a trace (its risk.scored events record them). */
export type RiskThresholds = { approval: number; halt: number };

/** Tone of a risk figure against the thresholds applied in its trace; neutral when the trace recorded none. */
export function riskTone(n: number | null | undefined, thresholds?: RiskThresholds | null): string {
  if (n === null || n === undefined) return "text-slate-400";
  if (!thresholds) return "text-slate-700";
  if (n > thresholds.halt) return "text-red-700 font-semibold";
  if (n > thresholds.approval) return "text-amber-700 font-semibold";
  return "text-slate-700";
}

export function shortHash(h: string | null | undefined, n = 12): string {
  if (!h) return "—";
  return h.length > n ? `${h.slice(0, n)}…` : h;
}

export function prettyJson(v: unknown): string {
  return JSON.stringify(v, null, 2) ?? "undefined";
}
