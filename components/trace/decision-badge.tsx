import { DecisionBadge as UiDecisionBadge } from "@/components/ui/decision-badge";

/**
 * The shared decision badge (colour + icon + word), with two trace-view variants: events that decide nothing
 * ("observed") stay quiet so verdicts stand out in a long timeline, and a large form for the summary header.
 */
export function DecisionBadge({ decision, size = "sm" }: { decision: string | null | undefined; size?: "sm" | "lg" }) {
  if (!decision) return <span className="text-xs text-slate-500">—</span>;
  if (decision === "observed" && size === "sm") {
    return <span className="text-[11px] text-slate-600" data-decision={decision} title="Observed: this event decides nothing">observed</span>;
  }
  if (size === "lg") {
    return (
      <span className="inline-flex [&>span]:gap-1.5 [&>span]:px-2.5 [&>span]:py-1 [&>span]:text-sm [&_svg]:h-4 [&_svg]:w-4">
        <UiDecisionBadge decision={decision} />
      </span>
    );
  }
  return <UiDecisionBadge decision={decision} />;
}
