import "server-only";
import { isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { BundleFile, BundleIssue } from "@/engine/policy/load-bundle";

/**
 * The bundle's scenario gate, `scenarios:` in bundle.yaml (lib/policies/README.md "Activation gate"):
 *
 *   scenarios:
 *     require_pass: true        # activation runs the project's suite and refuses a version that fails it
 *     fail_on: any_failure      # or unsafe_allow: only an expected block/approval that came back allow refuses
 *
 * The engine's bundle schema does not know the key yet (it is `.strict()`), so lib lifts it out of the bundle file
 * before the engine validates the rest, blanking its characters so every other line keeps its number, and reads
 * it back from the stored source file at activation time. Once the engine schema carries `scenarios`, the stored
 * content has it and `gateOf` reads it from there first.
 */

export const ScenarioGate = z
  .object({
    require_pass: z.boolean().default(false),
    fail_on: z.enum(["any_failure", "unsafe_allow"]).default("any_failure"),
  })
  .strict();
export type ScenarioGate = z.infer<typeof ScenarioGate>;

export const GATE_OFF: ScenarioGate = { require_pass: false, fail_on: "any_failure" };

const isBundleFile = (name: string) => /\.(ya?ml|json)$/i.test(name);

/** Replaces [from, to) with spaces, keeping newlines, so line numbers of the rest stay true. */
function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, " ") + text.slice(to);
}

/** Blanks a comma next to a removed flow/JSON pair: the one after it, else the one before it. */
function blankComma(text: string, from: number, to: number): string {
  let i = to;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] === ",") return blank(text, i, i + 1);
  let j = from - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  return text[j] === "," ? blank(text, j, j + 1) : text;
}

/**
 * Lifts `scenarios:` out of the bundle file: the files the engine can validate, the gate, and problems with the
 * gate (file, line, field). Files without the key come back unchanged with the gate off.
 */
export function liftScenarioGate(files: BundleFile[]): { files: BundleFile[]; gate: ScenarioGate; issues: BundleIssue[] } {
  const bundleFiles = files.filter((f) => isBundleFile(f.name));
  if (bundleFiles.length !== 1) return { files, gate: GATE_OFF, issues: [] }; // loadBundle names that problem
  const bf = bundleFiles[0];
  const lc = new LineCounter();
  const doc = parseDocument(bf.text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length || !isMap(doc.contents)) return { files, gate: GATE_OFF, issues: [] }; // so does this one
  const pair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "scenarios");
  if (!pair) return { files, gate: GATE_OFF, issues: [] };
  const keyRange = (pair.key as { range?: [number, number, number] }).range!;
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  const from = keyRange[0];
  const eol = bf.text.indexOf("\n", keyRange[1]);
  const to = valueRange ? valueRange[1] : eol < 0 ? bf.text.length : eol; // `scenarios:` with no value: the rest of its line
  const line = lc.linePos(from).line;
  const raw = (doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>).scenarios;
  const parsed = ScenarioGate.safeParse(raw ?? {});
  const issues: BundleIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        file: bf.name, line,
        message: `scenarios${i.path.length ? "." + i.path.join(".") : ""}: ${i.code === "unrecognized_keys" ? `unknown field(s) ${i.keys.join(", ")} (require_pass, fail_on)` : i.message}`,
      }));
  let text = blank(bf.text, from, to);
  if (doc.contents.flow) text = blankComma(text, from, to);
  return { files: files.map((f) => (f === bf ? { ...f, text } : f)), gate: parsed.success ? parsed.data : GATE_OFF, issues };
}

/** The gate of a stored version: from its content once the engine keeps it there, else from its bundle source file. */
export function gateOf(content: unknown, sources: unknown): ScenarioGate {
  const fromContent = (content as { scenarios?: unknown } | null)?.scenarios;
  if (fromContent !== undefined) {
    const p = ScenarioGate.safeParse(fromContent);
    if (p.success) return p.data;
  }
  const files = Object.entries((sources ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string").map(([name, text]) => ({ name, text }));
  return liftScenarioGate(files).gate;
}
