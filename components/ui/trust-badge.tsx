import { effectiveTrust, type TrustLevel } from "@/engine/events/schema";

/**
 * Trust levels told apart by colour AND by shape and word, for colour-blind readers:
 * trusted = filled circle (green), internal = square (blue), external = triangle (amber),
 * unverified = diamond (red). The shapes match the trace detail's provenance badges.
 */
const TRUST: Record<TrustLevel, { cls: string; mark: string; shape: React.ReactNode; meaning: string }> = {
  trusted: {
    cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/40",
    mark: "text-emerald-600",
    shape: <circle cx="6" cy="6" r="4.5" />,
    meaning: "content from a trusted source",
  },
  internal: {
    cls: "bg-sky-50 text-sky-800 ring-sky-600/40",
    mark: "text-sky-600",
    shape: <rect x="1.75" y="1.75" width="8.5" height="8.5" rx="1" />,
    meaning: "content from an internal source",
  },
  external: {
    cls: "bg-amber-50 text-amber-900 ring-amber-600/50",
    mark: "text-amber-600",
    shape: <path d="M6 1.2l5 9.3H1z" />,
    meaning: "content from an external source (untrusted for chain risk)",
  },
  unverified: {
    cls: "bg-red-50 text-red-800 ring-red-600/40",
    mark: "text-red-600",
    shape: <path d="M6 .8l5.2 5.2L6 11.2.8 6z" />,
    meaning: "content of unverified origin (untrusted for chain risk)",
  },
};

/** The shape alone, for dense places (legends, graph nodes). */
export function TrustShape({ level, className = "h-2.5 w-2.5" }: { level: string; className?: string }) {
  const t = TRUST[effectiveTrust(level)];
  return (
    <svg viewBox="0 0 12 12" className={`${className} shrink-0 ${t.mark}`} fill="currentColor" aria-hidden>
      {t.shape}
    </svg>
  );
}

/**
 * A provenance trust level. Unknown labels look like `unverified` (that is how they are treated) but show the
 * label as sent, with a dashed outline. `count` adds a number (e.g. provenance entries at that level).
 */
export function TrustBadge({ level, count, title }: { level: string; count?: number; title?: string }) {
  const eff = effectiveTrust(level);
  const known = eff === level.toLowerCase();
  const tip =
    title ??
    (known
      ? `Trust level: ${level} — ${TRUST[eff].meaning}${count !== undefined ? ` (${count} provenance ${count === 1 ? "entry" : "entries"})` : ""}`
      : `Unknown trust level "${level}", treated as unverified`);
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${TRUST[eff].cls} ${known ? "" : "outline-1 outline-dashed outline-red-500"}`}
      title={tip}
      data-trust={eff}
    >
      <TrustShape level={level} />
      {level}
      {count !== undefined && <span className="tabular-nums opacity-70">{count}</span>}
    </span>
  );
}
