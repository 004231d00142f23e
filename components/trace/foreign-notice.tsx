import type { ForeignOrigin } from "@/engine/replay/reconstruct";
import { Notice } from "@/components/ui/primitives";

const TITLE: Record<ForeignOrigin["kind"], string> = {
  imported: "Foreign trace: an imported log",
  outside_executor: "Foreign trace: a step ran outside Replay Audit",
};

/**
 * Why a trace holds records the engine did not write (the outcome's `foreign`, engine/replay/reconstruct.ts), said
 * where its answer is shown: in the trace header, above the Replay diff, and beside a what-if difference, which the
 * label explains. The list shows the short form (`ForeignChip`).
 */
export function ForeignNotice({ foreign, where }: { foreign: ForeignOrigin; where: "header" | "diff" | "what-if" }) {
  return (
    <Notice title={TITLE[foreign.kind]} testId="foreign-notice">
      <span data-foreign={foreign.kind}>{foreign.reason}</span>{" "}
      {where === "header"
        ? <>The decision above is read from these records as they are. Where the engine would decide otherwise (Replay diff, what-if), this is why. First such event: <span className="font-mono">#{foreign.seq} {foreign.type}</span>.</>
        : where === "diff"
          ? <>Steps below that read as a violation or a mismatch compare these records with what Replay Audit would have allowed; the records are not the engine&apos;s. First such event: <span className="font-mono">#{foreign.seq} {foreign.type}</span>.</>
          : <>A recorded decision here that the engine does not reproduce is explained by this, not by a policy change.</>}
    </Notice>
  );
}

const CHIP: Record<ForeignOrigin["kind"], { label: string; title: string }> = {
  imported: { label: "imported", title: "Foreign trace: an imported log. Its decision is read from the imported records as they are, not decided by this engine." },
  outside_executor: { label: "ran outside", title: "Foreign trace: a step ran outside Replay Audit (no grant, or a legacy executor). The trace page says which event." },
};

/** The list's short form of the notice: beside the decision badge of a trace whose records are not all the engine's. */
export function ForeignChip({ kind }: { kind: ForeignOrigin["kind"] }) {
  return (
    <span
      data-testid="foreign-chip"
      data-foreign={kind}
      title={CHIP[kind].title}
      className="mt-0.5 inline-flex items-center rounded border border-amber-300 bg-amber-50 px-1 py-px text-[10px] font-medium uppercase tracking-wide text-amber-900"
    >
      {CHIP[kind].label}
    </span>
  );
}
