/**
 * The guard's worst window, highlighted where it sits in the scanned text: the model's, with the words it weighed most,
 * or the sentence of the rule that decided the score.
 * Shown in the event inspector (guard.scanned events) and the approval evidence. Reads its input defensively: older
 * events have no window, and then nothing is rendered.
 */
type Feature = { text: string; weight: number };
export type GuardWindowLike = {
  score?: number;
  start?: number;
  end?: number;
  segment?: string;
  field?: string;
  provenance_index?: number;
  top_features?: Feature[];
  /** set when the window is the sentence of the rules' strongest match */
  detector?: string;
  context?: { before?: string; text?: string; after?: string };
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The window from an event payload or a stored guard stage, or null when there is none. */
export function readGuardWindow(v: unknown): GuardWindowLike | null {
  const w = obj(v);
  const ctx = obj(w.context);
  if (typeof ctx.text !== "string" || typeof w.start !== "number") return null;
  return w as GuardWindowLike;
}

export function GuardWindowView({ window: w }: { window: GuardWindowLike }) {
  const ctx = w.context ?? {};
  const where = [
    w.provenance_index !== undefined ? `provenance #${w.provenance_index}` : null,
    w.field ?? null,
    w.segment && w.segment !== "text" ? `decoded from ${w.segment}` : null,
    `chars ${w.start}–${w.end}`,
  ].filter(Boolean);
  return (
    <div className="mt-1.5 rounded border border-amber-200 bg-white px-2 py-1.5 text-xs" data-testid="guard-window">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-2 text-slate-600">
        <span className="font-semibold text-amber-900">worst window</span>
        {typeof w.score === "number" && <span className="font-mono tabular-nums">{w.detector ? `rule ${w.detector}` : "model"} {w.score.toFixed(2)}</span>}
        <span className="font-mono">{where.join(" · ")}</span>
      </div>
      <p className="whitespace-pre-wrap break-words font-mono text-slate-500">
        {ctx.before}
        <mark className="rounded bg-amber-200 px-0.5 text-slate-900" data-testid="guard-window-text">{ctx.text}</mark>
        {ctx.after}
      </p>
      {w.top_features?.length ? (
        <div className="mt-1 flex flex-wrap gap-1">
          <span className="text-slate-500">weighed most:</span>
          {w.top_features.map((f, i) => (
            <code key={i} className="rounded bg-amber-50 px-1 text-amber-900">{f.text} +{f.weight.toFixed(2)}</code>
          ))}
        </div>
      ) : null}
    </div>
  );
}
