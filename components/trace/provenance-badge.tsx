import { effectiveTrust } from "@/engine/events/schema";
import { TrustBadge } from "@/components/ui/trust-badge";

/** A trust level on its own (header summary, provenance table): the shared badge, shape + colour + word. */
export function TrustLevelBadge({ level, count }: { level: string; count?: number }) {
  return <TrustBadge level={level} count={count} />;
}

export type ProvenanceLike = {
  source_type: string;
  trust_level: string;
  source_name?: string | null;
  origin_uri?: string | null;
  content_hash?: string | null;
};

export function provenanceTooltip(p: ProvenanceLike): string {
  const eff = effectiveTrust(p.trust_level);
  return [
    `${p.source_type} · ${p.trust_level}${eff !== p.trust_level.toLowerCase() ? ` (treated as ${eff})` : ""}`,
    `source: ${p.source_name ?? "—"}`,
    `origin: ${p.origin_uri ?? "—"}`,
    `content hash: ${p.content_hash ?? "—"}`,
  ].join("\n");
}

/**
 * Source type × trust level: the source type, then the shared trust badge (colour AND shape AND word, so
 * colour-blind readers can tell levels apart); source name, origin and content hash in the tooltip.
 */
export function ProvenanceBadge({ p, compact = false }: { p: ProvenanceLike; compact?: boolean }) {
  const tip = provenanceTooltip(p);
  return (
    <span
      className="inline-flex max-w-full items-center gap-1 overflow-hidden whitespace-nowrap rounded bg-white py-px pl-1.5 pr-px text-[11px] text-slate-700 ring-1 ring-inset ring-slate-300"
      title={tip}
      aria-label={tip.replaceAll("\n", "; ")}
      data-trust={effectiveTrust(p.trust_level)}
    >
      <span className="truncate font-medium">{compact ? p.source_type.replace(/_/g, " ") : p.source_type}</span>
      <TrustBadge level={p.trust_level} title={tip} />
    </span>
  );
}

/** The first few provenance badges of an event, then "+N". */
export function ProvenanceBadges({ list, max = 2 }: { list: ProvenanceLike[] | undefined; max?: number }) {
  if (!list?.length) return null;
  const rest = list.length - max;
  return (
    <span className="flex min-w-0 items-center gap-1">
      {list.slice(0, max).map((p, i) => (
        <ProvenanceBadge key={i} p={p} compact />
      ))}
      {rest > 0 && (
        <span className="shrink-0 rounded bg-slate-100 px-1 text-[11px] text-slate-600" title={list.slice(max).map(provenanceTooltip).join("\n\n")}>
          +{rest}
        </span>
      )}
    </span>
  );
}
