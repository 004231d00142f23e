import { STAGES, type Stage } from "@/engine/events/schema";

/** One colour per governance stage, used everywhere a stage appears (chips, lanes, filters). */
export const STAGE_STYLE: Record<Stage, { dot: string; chip: string; text: string; label: string }> = {
  input: { dot: "bg-slate-500", chip: "bg-slate-100 text-slate-700 ring-slate-300", text: "text-slate-700", label: "Input" },
  context: { dot: "bg-sky-500", chip: "bg-sky-50 text-sky-800 ring-sky-200", text: "text-sky-800", label: "Context" },
  plan: { dot: "bg-violet-500", chip: "bg-violet-50 text-violet-800 ring-violet-200", text: "text-violet-800", label: "Plan" },
  capability: { dot: "bg-teal-500", chip: "bg-teal-50 text-teal-800 ring-teal-200", text: "text-teal-800", label: "Capability" },
  policy: { dot: "bg-indigo-500", chip: "bg-indigo-50 text-indigo-800 ring-indigo-200", text: "text-indigo-800", label: "Policy" },
  budget: { dot: "bg-yellow-500", chip: "bg-yellow-50 text-yellow-900 ring-yellow-300", text: "text-yellow-900", label: "Budget" },
  risk: { dot: "bg-orange-500", chip: "bg-orange-50 text-orange-800 ring-orange-200", text: "text-orange-800", label: "Risk" },
  decision: { dot: "bg-fuchsia-600", chip: "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-200", text: "text-fuchsia-800", label: "Decision" },
  approval: { dot: "bg-amber-600", chip: "bg-amber-50 text-amber-900 ring-amber-300", text: "text-amber-900", label: "Approval" },
  execution: { dot: "bg-emerald-600", chip: "bg-emerald-50 text-emerald-800 ring-emerald-200", text: "text-emerald-800", label: "Execution" },
  output: { dot: "bg-blue-600", chip: "bg-blue-50 text-blue-800 ring-blue-200", text: "text-blue-800", label: "Output" },
  admin: { dot: "bg-stone-500", chip: "bg-stone-100 text-stone-700 ring-stone-300", text: "text-stone-700", label: "Admin" },
};

/** The governance pipeline shown as lanes (admin events are human changes, not part of an agent's path). */
export const PIPELINE: readonly Stage[] = STAGES.filter((s) => s !== "admin");

export function stageStyle(stage: string) {
  return STAGE_STYLE[stage as Stage] ?? STAGE_STYLE.admin;
}

export function StageChip({ stage }: { stage: string }) {
  const s = stageStyle(stage);
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${s.chip}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${s.dot}`} aria-hidden />
      {stage}
    </span>
  );
}
