import "server-only";
import { parse as parseYaml } from "yaml";
import { SCENARIO_GATE_OFF, ScenarioGate } from "@/engine/policy/bundle";

/**
 * The bundle's scenario gate, `scenarios:` in bundle.yaml (lib/policies/README.md "Activation gate"). The engine's
 * bundle schema carries it (`PolicyBundleContent.scenarios`), so a stored version's content has it; this reads it
 * back for activation, the version list and the diff.
 */

export { ScenarioGate };
export const GATE_OFF = SCENARIO_GATE_OFF;

const isBundleFile = (name: string) => /\.(ya?ml|json)$/i.test(name);

/**
 * The gate of a stored version: from its content; for a version stored before the engine kept the key in the
 * content (lib lifted it out then), from its bundle source file. Off when neither sets it.
 */
export function gateOf(content: unknown, sources: unknown): ScenarioGate {
  const fromContent = (content as { scenarios?: unknown } | null)?.scenarios;
  if (fromContent !== undefined && fromContent !== null) {
    const p = ScenarioGate.safeParse(fromContent);
    if (p.success) return p.data;
  }
  const bundleFiles = Object.entries((sources ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string" && isBundleFile(e[0]));
  if (bundleFiles.length !== 1) return GATE_OFF;
  let raw: unknown;
  try {
    raw = (parseYaml(bundleFiles[0][1], { maxAliasCount: 100 }) as { scenarios?: unknown } | null)?.scenarios; // YAML reads JSON too
  } catch {
    return GATE_OFF;
  }
  const p = ScenarioGate.safeParse(raw ?? {});
  return p.success ? p.data : GATE_OFF;
}

/** A stored version's content with its gate filled in as gateOf reads it, for code that compares versions. */
export function withGate<T extends object>(content: T, sources: unknown): T & { scenarios?: ScenarioGate } {
  const gate = gateOf(content, sources);
  return gate.require_pass ? { ...content, scenarios: gate } : content;
}
