"use client";
import { useEffect, useState } from "react";

/** The current time, ticking every second on the client; null during server rendering (no hydration mismatch). */
export function useNow(intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function formatLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}:${String(sec).padStart(2, "0")}`;
}

/** Live countdown to `expiresAt`: slate normally, amber under five minutes, red under one, "expired" at zero. */
export function TimeLeft({ expiresAt, now, size = "sm" }: { expiresAt: string; now: number | null; size?: "sm" | "lg" }) {
  if (now === null) return <span className="tabular-nums text-slate-500">--:--</span>;
  const ms = new Date(expiresAt).getTime() - now;
  const tone = ms <= 0 ? "text-slate-500" : ms < 60_000 ? "text-red-700 font-semibold" : ms < 300_000 ? "text-amber-700" : "text-slate-700";
  const big = size === "lg" ? "text-lg font-semibold" : "text-xs";
  return (
    <span className={`tabular-nums ${big} ${tone}`} data-urgent={ms > 0 && ms < 60_000 ? "true" : undefined} title={`expires ${new Date(expiresAt).toISOString().replace("T", " ").slice(0, 19)} UTC`}>
      {formatLeft(ms)}
    </span>
  );
}
