import type { RuntimeEvent } from "./schema";

/**
 * An event as recorded: its place in its trace's hash chain plus the event in Replay Audit's model. The engine's
 * analyses (execution graph, replay diff, what-if, evidence) take arrays of these in chain order — per trace by
 * seq. The read API's EventRow and StoredEvent are supersets, so they can be passed as they are.
 */
export type RecordedEvent = { trace_id: string; seq: number; hash: string; event: RuntimeEvent };
