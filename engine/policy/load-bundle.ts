import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { PolicyBundleContent } from "@/engine/policy/bundle";
import { parseCedarPolicies, validateCedar, type ParsedCedarPolicy } from "@/engine/policy/cedar";
import { defaultBundleFiles } from "@/engine/policy/default-bundle/files";

/**
 * Turning uploaded files into a validated PolicyBundleContent: one bundle file (bundle.yaml / .yml / .json: agents,
 * capabilities, thresholds, guard and approval settings) plus the Cedar schema (.cedarschema, human syntax; or
 * .cedarschema.json) and policies (.cedar). The bundle file names its Cedar files with `cedar_schema:` and
 * `cedar_policies: [...]`, or carries them inline as `cedar: { schema, policies: [{ name, text }] }` (the stored form).
 *
 * Every error names the file and, where there is one, the line: YAML/JSON positions from the yaml parser, Cedar
 * positions from cedar-wasm. Checks beyond the zod schema: every granted capability exists, a tool belongs to one
 * capability only, thresholds and guard scores are ordered, Cedar validates against the schema, and a policy that
 * compares `resource.capability` or `context.capability` with a name the bundle does not define is an error
 * (a typo there would silently disable a forbid).
 */

export type BundleFile = { name: string; text: string };
export type BundleIssue = { file: string; line?: number; column?: number; message: string };
export type LoadBundleResult = { ok: true; bundle: PolicyBundleContent; report: string[] } | { ok: false; errors: BundleIssue[] };

type Path = Array<string | number>;

const kindOf = (name: string): "schema" | "policy" | "bundle" | null =>
  /\.cedarschema(\.json)?$/i.test(name) ? "schema" : /\.cedar$/i.test(name) ? "policy" : /\.(ya?ml|json)$/i.test(name) ? "bundle" : null;

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "");

/** Where a path of the bundle file sits: the node itself, or the key `key` inside it, or the nearest existing parent. */
function locator(doc: Document, lc: LineCounter) {
  return (path: Path, key?: string): { line?: number; column?: number } => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (n === path.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        const r = pair && (pair.key as { range?: [number, number, number] }).range;
        if (r) {
          const { line, col } = lc.linePos(r[0]);
          return { line, column: col };
        }
      }
      if (node?.range) {
        const { line, col } = lc.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return {};
  };
}

/** Capability names that policies compare against `resource.capability` / `context.capability`. */
function capabilityLiterals(policy: ParsedCedarPolicy): string[] {
  const out: string[] = [];
  const isCapabilityAttr = (e: unknown) => {
    const dot = (e as { "."?: { left: { Var?: string }; attr: string } })?.["."];
    return !!dot && dot.attr === "capability" && (dot.left?.Var === "resource" || dot.left?.Var === "context");
  };
  const literal = (e: unknown) => {
    const v = (e as { Value?: unknown })?.Value;
    return typeof v === "string" ? v : null;
  };
  const walk = (e: unknown) => {
    if (!e || typeof e !== "object") return;
    if (Array.isArray(e)) return e.forEach(walk);
    const o = e as Record<string, { left?: unknown; right?: unknown }>;
    for (const op of ["==", "!="]) {
      const b = o[op];
      if (b && isCapabilityAttr(b.left) && literal(b.right) !== null) out.push(literal(b.right)!);
      if (b && isCapabilityAttr(b.right) && literal(b.left) !== null) out.push(literal(b.left)!);
    }
    const c = o.contains;
    if (c && isCapabilityAttr(c.right)) {
      for (const x of (c.left as { Set?: unknown[] })?.Set ?? []) if (literal(x) !== null) out.push(literal(x)!);
    }
    Object.values(o).forEach(walk);
  };
  walk(policy.json.conditions);
  return out;
}

/** Validates uploaded bundle files; on success returns the bundle and a short report in sentences. */
export function loadBundle(files: BundleFile[]): LoadBundleResult {
  const errors: BundleIssue[] = [];
  const seenNames = new Set<string>();
  for (const f of files) {
    if (seenNames.has(f.name)) errors.push({ file: f.name, message: "uploaded twice" });
    seenNames.add(f.name);
    if (!kindOf(f.name)) errors.push({ file: f.name, message: "unsupported file: expected bundle.yaml / .yml / .json, a .cedarschema or .cedar files" });
  }
  const bundleFiles = files.filter((f) => kindOf(f.name) === "bundle");
  const schemaFiles = files.filter((f) => kindOf(f.name) === "schema");
  const policyFiles = files.filter((f) => kindOf(f.name) === "policy");
  if (bundleFiles.length !== 1) {
    errors.push({
      file: bundleFiles.map((f) => f.name).join(", ") || "(none)",
      message: bundleFiles.length ? "upload exactly one bundle file (YAML or JSON), not several" : "no bundle file: upload a bundle.yaml or bundle.json",
    });
  }
  if (errors.length) return { ok: false, errors };
  const bf = bundleFiles[0];

  // 1. the bundle file
  if (/\.json$/i.test(bf.name)) {
    try {
      JSON.parse(bf.text);
    } catch (e) {
      const m = /position (\d+)/.exec(String(e));
      const lc = new LineCounter();
      parseDocument(bf.text, { lineCounter: lc });
      const at = m ? lc.linePos(Number(m[1])) : undefined;
      return { ok: false, errors: [{ file: bf.name, ...(at ? { line: at.line, column: at.col } : {}), message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const lc = new LineCounter();
  const doc = parseDocument(bf.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return { file: bf.name, line: p.line, column: p.col, message: e.message };
      }),
    };
  }
  const at = locator(doc, lc);
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: [{ file: bf.name, line: 1, message: "the bundle file must hold a mapping (keys id, capabilities, agents, …)" }] };
  }
  const { cedar_schema: schemaRef, cedar_policies: policiesRef, ...rest } = raw as Record<string, unknown>;
  const err = (path: Path, message: string, key?: string) => errors.push({ file: bf.name, ...at(path, key), message: `${pathText(path)}${key ? (path.length ? "." : "") + key : ""}: ${message}` });

  // 2. where the Cedar comes from
  let schemaFile = "";
  let schemaText = "";
  let cedarPolicies: BundleFile[] = [];
  const inline = rest.cedar !== undefined;
  if (inline) {
    if (schemaRef !== undefined || policiesRef !== undefined) err([], "use either inline `cedar:` or `cedar_schema` / `cedar_policies`, not both", "cedar");
    if (schemaFiles.length || policyFiles.length) err([], "the bundle carries its Cedar inline; remove the uploaded .cedar/.cedarschema files or the inline `cedar:`", "cedar");
    const c = rest.cedar as { schema?: unknown; policies?: unknown };
    schemaFile = `${bf.name} (cedar.schema)`;
    schemaText = typeof c?.schema === "string" ? c.schema : "";
    cedarPolicies = Array.isArray(c?.policies) ? (c.policies as BundleFile[]).filter((p) => p && typeof p.name === "string" && typeof p.text === "string") : [];
  } else {
    if (schemaRef !== undefined && typeof schemaRef !== "string") err([], "must be the name of an uploaded .cedarschema file", "cedar_schema");
    else if (typeof schemaRef === "string") {
      const f = schemaFiles.find((s) => s.name === schemaRef);
      if (!f) err(["cedar_schema"], `names ${schemaRef}, which was not uploaded`);
      else [schemaFile, schemaText] = [f.name, f.text];
      for (const s of schemaFiles) if (s.name !== schemaRef) errors.push({ file: s.name, message: `uploaded but the bundle's cedar_schema names ${schemaRef}` });
    } else if (schemaFiles.length === 1) [schemaFile, schemaText] = [schemaFiles[0].name, schemaFiles[0].text];
    else errors.push({ file: schemaFiles.map((s) => s.name).join(", ") || bf.name, message: schemaFiles.length ? "several schema files: name one with cedar_schema" : "no Cedar schema: upload a .cedarschema file" });

    if (policiesRef !== undefined && !(Array.isArray(policiesRef) && policiesRef.every((p) => typeof p === "string"))) {
      err([], "must be a list of uploaded .cedar file names", "cedar_policies");
    } else if (Array.isArray(policiesRef)) {
      (policiesRef as string[]).forEach((name, i) => {
        const f = policyFiles.find((p) => p.name === name);
        if (!f) err(["cedar_policies", i], `names ${name}, which was not uploaded`);
        else if (cedarPolicies.includes(f)) err(["cedar_policies", i], `lists ${name} twice`);
        else cedarPolicies.push(f);
      });
      for (const p of policyFiles) if (!policiesRef.includes(p.name)) errors.push({ file: p.name, message: "uploaded but not listed in the bundle's cedar_policies (it would be ignored)" });
    } else cedarPolicies = [...policyFiles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (cedarPolicies.length === 0 && errors.length === 0) errors.push({ file: bf.name, message: "no Cedar policies: upload at least one .cedar file (with nothing permitted, every call is denied)" });
  }
  if (errors.length) return { ok: false, errors };

  // 3. the zod contract
  const parsed = PolicyBundleContent.safeParse({ ...rest, cedar: { schema: schemaText, policies: cedarPolicies.map((p) => ({ name: p.name, text: p.text })) } });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) err(path, key ? `unknown field (check its spelling)` : issue.message, key);
    }
    return { ok: false, errors };
  }
  const bundle = parsed.data;
  const report: string[] = [];

  // 4. meaning beyond shape
  const toolOwner = new Map<string, string>();
  for (const [name, cap] of Object.entries(bundle.capabilities)) {
    cap.tools.forEach((tool, i) => {
      const owner = toolOwner.get(tool);
      if (owner === name) err(["capabilities", name, "tools", i], `lists tool ${tool} twice`);
      else if (owner) err(["capabilities", name, "tools", i], `tool ${tool} is already in capability ${owner}; a tool belongs to exactly one capability, so that its base risk and access are unambiguous`);
      else toolOwner.set(tool, name);
    });
  }
  const granted = new Set<string>();
  for (const [agent, grant] of Object.entries(bundle.agents)) {
    grant.capabilities.forEach((cap, i) => {
      if (!bundle.capabilities[cap]) err(["agents", agent, "capabilities", i], `unknown capability ${cap}; define it under capabilities or remove the grant`);
      else if (grant.capabilities.indexOf(cap) !== i) err(["agents", agent, "capabilities", i], `grants ${cap} twice`);
      granted.add(cap);
    });
    if (grant.capabilities.length === 0) report.push(`Agent ${agent} holds no capability: every call it makes will be refused.`);
    const t = grant.thresholds;
    if (t && t.approval === t.halt) report.push(`Agent ${agent}: approval and halt thresholds are equal (${t.approval}), so a risky plan is halted without ever asking a person.`);
  }
  if (bundle.default_thresholds.approval === bundle.default_thresholds.halt) {
    report.push(`Default thresholds: approval equals halt (${bundle.default_thresholds.halt}), so a risky plan is halted without ever asking a person.`);
  }
  if (bundle.guard.signal_score > bundle.guard.block_score) {
    err(["guard", "signal_score"], `must not exceed guard.block_score (${bundle.guard.block_score}): a finding strong enough to block must also be a signal`);
  }
  if (bundle.scenarios?.require_pass) {
    report.push(`Scenario gate: activation runs the project's suite and refuses this version on ${bundle.scenarios.fail_on === "unsafe_allow" ? "any unsafe allow" : "any failing scenario"}.`);
  }
  const ungranted = Object.keys(bundle.capabilities).filter((c) => !granted.has(c));
  if (ungranted.length) report.push(`Capabilities granted to no agent (their tools are refused for everyone): ${ungranted.join(", ")}.`);

  // 5. Cedar
  const cedarResult = validateCedar(bundle.cedar.schema, bundle.cedar.policies, schemaFile);
  for (const e of cedarResult.errors) errors.push(e);
  if (cedarResult.ok) {
    const { policies } = parseCedarPolicies(bundle.cedar.policies);
    for (const p of policies) {
      for (const cap of capabilityLiterals(p)) {
        if (!bundle.capabilities[cap]) errors.push({ file: p.file, line: p.line, column: 1, message: `policy ${p.id} compares the capability with "${cap}", which this bundle does not define` });
      }
      const scope = p.json.principal as { op: string; entity?: { type?: string; id?: string; __entity?: { type: string; id: string } } };
      const ent = scope.entity && ("__entity" in scope.entity ? scope.entity.__entity : scope.entity);
      if (scope.op === "==" && ent?.type === "Agent" && ent.id && !bundle.agents[ent.id]) {
        report.push(`Warning: ${p.file}:${p.line} policy ${p.id} names Agent::"${ent.id}", which this bundle does not define.`);
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  for (const w of cedarResult.warnings) report.push(`Warning: ${w.file}:${w.line}:${w.column} ${w.message}`);

  const tools = Object.values(bundle.capabilities).reduce((n, c) => n + c.tools.length, 0);
  const ps = cedarResult.policies;
  const perFile = bundle.cedar.policies.map((f) => `${f.name} (${ps.filter((p) => p.file === f.name).length})`).join(", ");
  report.unshift(
    `Bundle ${bundle.id} for ${bundle.environment}: ${Object.keys(bundle.capabilities).length} capabilities covering ${tools} tools, ${Object.keys(bundle.agents).length} agents.`,
    `Cedar: ${ps.length} policies — ${ps.filter((p) => p.effect === "permit").length} permits (${ps.filter((p) => p.requireApproval).length} requiring approval), ${ps.filter((p) => p.effect === "forbid").length} forbids — in ${perFile}, valid against ${schemaFile}.`,
  );
  return { ok: true, bundle, report };
}

let defaultCache: PolicyBundleContent | null = null;

/** The bundle that ships (engine/policy/default-bundle/), loaded once. Throws if it does not validate. */
export function defaultBundle(): PolicyBundleContent {
  if (!defaultCache) {
    const r = loadBundle(defaultBundleFiles());
    if (!r.ok) throw new Error(`the default bundle does not validate: ${r.errors.map((e) => `${e.file}:${e.line ?? "?"} ${e.message}`).join("; ")}`);
    defaultCache = r.bundle;
  }
  return structuredClone(defaultCache);
}
