import type { ForeignOrigin } from "@/engine/replay/reconstruct";
import { Notice } from "@/components/ui/primitives";

const TITLE: Record<ForeignOrigin["kind"], string> = {
  imported: "Foreign trace: an imported log",
  outside_executor: "Foreign trace: a step ran outside Replay Audit",
};

/**
 * Why a trace holds records the engine did not write (the outcome's `foreign`, engine/replay/reconstruct.ts), said
 * where its answer is shown: in the trace header, and beside a what-if difference, which the label explains.
 */
export function ForeignNotice({ foreign, where }: { foreign: ForeignOrigin; where: "header" | "what-if" }) {
  return (
    <Notice title={TITLE[foreign.kind]} testId="foreign-notice">
      <span data-foreign={foreign.kind}>{foreign.reason}</span>{" "}
      {where === "header"
        ? <>The decision above is read from these records as they are. Where the engine would decide otherwise (Replay diff, what-if), this is why. First such event: <span className="font-mono">#{foreign.seq} {foreign.type}</span>.</>
        : <>A recorded decision here that the engine does not reproduce is explained by this, not by a policy change.</>}
    </Notice>
  );
}
