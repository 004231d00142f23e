import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { canonicalJson } from "@/engine/crypto/canonical-json";
import { sha256Hex } from "@/engine/crypto/hash-chain";
import type { Access, PolicyBundleContent } from "@/engine/policy/bundle";
import type { StepFacts } from "@/engine/context/plan-facts";

/**
 * Cedar, the policy stage of the engine (DESIGN.md "Decisions: the engine"): validating a bundle's .cedar files
 * against its schema, and answering "may this agent call this tool, in this context?" with the policies that
 * decided it. The model (principal Agent, action call_tool, resource Tool, the context record) is the shared
 * contract in helper-notes/ENGINE.md and engine/policy/default-bundle/schema.cedarschema.
 *
 * One addition to that contract: the Agent entity also carries `capabilities` (Set<String>), the capabilities the
 * bundle grants the agent, filled here from the bundle (never from the request). It lets a policy apply only to
 * granted agents, e.g. an approval rule that must not grant on its own.
 *
 * Semantics are Cedar's: forbid overrides permit, nothing permitted means deny. Ours on top: a policy is named by
 * its `@id` (else "<file>#<n>"), `@reason` is the sentence shown to people, `@require_approval("true")` on a permit
 * means "allowed only with a person's approval", and an evaluation error anywhere means deny (fail closed).
 */

export const ACTION_ID = "call_tool";

/**
 * The context every call_tool request carries. Cedar has no floats: scores and risks are integer percentages, amounts
 * integer cents. The plan-aware facts (StepFacts, engine/context/plan-facts.ts) are part of it.
 */
export type CedarContext = Partial<StepFacts> & {
  capability: string;
  access: string;
  step_index: number;
  /** effective trust levels present in the step's provenance */
  trust_levels: string[];
  /** any provenance entry is external or unverified */
  untrusted_provenance: boolean;
  /** source types present in the step's provenance (user_prompt, retrieval_chunk, memory, …) */
  provenance_sources: string[];
  guard_flagged: boolean;
  /** 0..100 */
  guard_score: number;
  /** step risk × 100, rounded */
  step_risk_pct: number;
  /** projected R_total × 100, rounded */
  r_total_pct: number;
  /** canonical JSON of the arguments, for `like` */
  argument_text: string;
  /** lower-cased email addresses, email domains ("@example.com") and URL hosts found in the arguments */
  destinations: string[];
  external_destination: boolean;
  agent_trust: string;
};

export type CedarAuthorizeRequest = {
  agent: { id: string; trust_level: string; environment: string; owner: string };
  tool: string;
  capability: string;
  access: Access;
  context: CedarContext;
};

export type CedarDecision = {
  decision: "allow" | "deny";
  /** true when allowed and at least one determining permit carries @require_approval("true") */
  requireApproval: boolean;
  /** @id of the policies that decided: the satisfied permits on allow, the satisfied forbids on deny */
  determining: string[];
  /** their @reason sentences, in the same order (policies without @reason add nothing) */
  reasons: string[];
  errors: string[];
};

export type CedarIssue = { file: string; line: number; column: number; message: string };

export type CedarPolicyInfo = {
  id: string;
  file: string;
  effect: "permit" | "forbid";
  reason?: string;
  requireApproval: boolean;
  text: string;
};

export type CedarValidation = { ok: boolean; errors: CedarIssue[]; warnings: CedarIssue[]; policies: CedarPolicyInfo[] };

/** One parsed policy with where it sits in its file, so any Cedar location inside it maps back to file:line:col. */
export type ParsedCedarPolicy = CedarPolicyInfo & {
  /** 1-based position within its file */
  index: number;
  /** character offset of the policy's text within its file */
  offset: number;
  line: number;
  annotations: Record<string, string>;
  json: cedar.PolicyJson;
};

// ---------------------------------------------------------------------------------------------------------------
// Locations

/** Cedar reports UTF-8 byte offsets; JS strings index UTF-16 code units. */
function charIndexOfByte(text: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return text.length;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function describe(e: cedar.DetailedError): string {
  const label = e.sourceLocations?.find((l) => l.label)?.label;
  return [e.message, label ? `(${label})` : "", e.help ? `— ${e.help}` : ""].filter(Boolean).join(" ");
}

/** A Cedar error located in `fragment`, which starts at character `fragmentOffset` of `fileText`. */
function issueAt(file: string, fileText: string, fragment: string, fragmentOffset: number, e: cedar.DetailedError): CedarIssue {
  const loc = e.sourceLocations?.[0];
  const at = loc ? fragmentOffset + charIndexOfByte(fragment, loc.start) : fragmentOffset + firstTokenOffset(fragment);
  return { file, ...lineColumnAt(fileText, at), message: describe(e) };
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting a .cedar file into its policies

/** Offset of the first character that is not whitespace or inside a `//` comment. */
function firstTokenOffset(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else return i;
  }
  return text.length;
}

/**
 * Cuts a policy file at every top-level `;` (outside strings and comments): Cedar's grammar ends each policy with
 * one and allows it nowhere else. Each piece keeps its offset so errors in it can name the file's line.
 */
export function splitCedarPolicies(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === ";") {
      out.push({ text: text.slice(start, i + 1), offset: start });
      start = ++i;
    } else i++;
  }
  const rest = text.slice(start);
  if (firstTokenOffset(rest) < rest.length) out.push({ text: rest, offset: start });
  return out;
}

/**
 * Parses every policy of every file. Errors name the file and the 1-based line and column; a policy without
 * `@id` is named "<file>#<n>"; a duplicate id is an error at its second occurrence.
 */
export function parseCedarPolicies(files: Array<{ name: string; text: string }>): { policies: ParsedCedarPolicy[]; errors: CedarIssue[]; warnings: CedarIssue[] } {
  const policies: ParsedCedarPolicy[] = [];
  const errors: CedarIssue[] = [];
  const warnings: CedarIssue[] = [];
  const seen = new Map<string, ParsedCedarPolicy>();
  for (const file of files) {
    const pieces = splitCedarPolicies(file.text);
    if (pieces.length === 0) warnings.push({ file: file.name, line: 1, column: 1, message: "the file holds no policy" });
    pieces.forEach((piece, n) => {
      const parsed = cedar.policyToJson(piece.text);
      if (parsed.type === "failure") {
        for (const e of parsed.errors) errors.push(issueAt(file.name, file.text, piece.text, piece.offset, e));
        return;
      }
      const start = piece.offset + firstTokenOffset(piece.text);
      const where = lineColumnAt(file.text, start);
      const annotations = parsed.json.annotations ?? {};
      const id = annotations.id ?? `${file.name}#${n + 1}`;
      const at = (message: string) => errors.push({ file: file.name, ...where, message });
      if (!id.trim()) at("@id must not be empty");
      const approval = annotations.require_approval;
      if (approval !== undefined && approval !== "true" && approval !== "false") {
        at(`policy ${id}: @require_approval must be "true" or "false", not "${approval}"`);
      }
      if (approval === "true" && parsed.json.effect === "forbid") {
        at(`policy ${id}: @require_approval only applies to permit policies; a forbid always denies`);
      }
      const policy: ParsedCedarPolicy = {
        id, file: file.name, effect: parsed.json.effect, requireApproval: parsed.json.effect === "permit" && approval === "true",
        text: piece.text.slice(firstTokenOffset(piece.text)), index: n + 1, offset: start, line: where.line, annotations, json: parsed.json,
        ...(annotations.reason !== undefined ? { reason: annotations.reason } : {}),
      };
      const prior = seen.get(id);
      if (prior) {
        at(`duplicate policy id "${id}": already used at ${prior.file}:${prior.line}`);
        return;
      }
      seen.set(id, policy);
      policies.push(policy);
    });
  }
  return { policies, errors, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Schema

/** A schema as cedar-wasm takes it: the human syntax as text, or the JSON form as an object. */
function schemaInput(schema: string, schemaFile: string): { schema: cedar.Schema } | { error: CedarIssue } {
  if (!schema.trimStart().startsWith("{")) return { schema };
  try {
    return { schema: JSON.parse(schema) as cedar.SchemaJson<string> };
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    return { error: { file: schemaFile, ...lineColumnAt(schema, m ? Number(m[1]) : 0), message: `schema is not valid JSON: ${(e as Error).message}` } };
  }
}

/**
 * Validates policy files against a Cedar schema (human syntax, or JSON when the text starts with "{"): parse errors,
 * schema errors, type errors (unknown attribute, wrong type…) and duplicate ids, each with file, line and column.
 */
export function validateCedar(schema: string, policies: Array<{ name: string; text: string }>, schemaFile = "schema.cedarschema"): CedarValidation {
  const parsed = parseCedarPolicies(policies);
  const errors = [...parsed.errors];
  const warnings = [...parsed.warnings];
  const info = (p: ParsedCedarPolicy): CedarPolicyInfo => ({
    id: p.id, file: p.file, effect: p.effect, requireApproval: p.requireApproval, text: p.text, ...(p.reason !== undefined ? { reason: p.reason } : {}),
  });

  const input = schemaInput(schema, schemaFile);
  if ("error" in input) return { ok: false, errors: [...errors, input.error], warnings, policies: parsed.policies.map(info) };
  const schemaCheck = cedar.checkParseSchema(input.schema);
  if (schemaCheck.type === "failure") {
    for (const e of schemaCheck.errors) errors.push(issueAt(schemaFile, schema, schema, 0, e));
    return { ok: false, errors, warnings, policies: parsed.policies.map(info) };
  }
  if (parsed.policies.length > 0) {
    const byId = new Map(parsed.policies.map((p) => [p.id, p]));
    const fileText = new Map(policies.map((f) => [f.name, f.text]));
    const locate = (policyId: string, e: cedar.DetailedError): CedarIssue => {
      const p = byId.get(policyId);
      if (!p) return { file: schemaFile, line: 1, column: 1, message: describe(e) };
      return issueAt(p.file, fileText.get(p.file)!, p.text, p.offset, e);
    };
    const answer = cedar.validate({ schema: input.schema, policies: { staticPolicies: Object.fromEntries(parsed.policies.map((p) => [p.id, p.text])) } });
    if (answer.type === "failure") {
      for (const e of answer.errors) errors.push({ file: schemaFile, line: 1, column: 1, message: describe(e) });
    } else {
      for (const v of answer.validationErrors) errors.push(locate(v.policyId, v.error));
      for (const v of answer.validationWarnings) warnings.push(locate(v.policyId, v.error));
      for (const e of answer.otherWarnings) warnings.push({ file: schemaFile, line: 1, column: 1, message: describe(e) });
    }
  }
  const fileOrder = new Map<string, number>([[schemaFile, -1], ...policies.map((f, i): [string, number] => [f.name, i])]);
  const order = (a: CedarIssue, b: CedarIssue) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.column - b.column;
  errors.sort(order);
  warnings.sort(order);
  return { ok: errors.length === 0, errors, warnings, policies: parsed.policies.map(info) };
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization

type PolicyMeta = { effect: "permit" | "forbid"; reason?: string; requireApproval: boolean; order: number };

const ACTION: cedar.EntityUid = { type: "Action", id: ACTION_ID };

/** What a request is known to be before Cedar runs: enough to rule policies out by their leading conditions. */
type RequestKey = { agent: string; agentTrust: string; agentEnvironment: string; tool: string; capability: string; access: string; ctxCapability: string; ctxAccess: string; ctxEffect: string | null; grants: readonly string[] };

/** A test on the request that a policy's scope or leading `when` conjuncts impose; false means it cannot apply. */
type Applies = (k: RequestKey) => boolean;

/** Attributes a set of policies reads: "all" when an expression could read any (then nothing is left out). */
type Reads = { context: Set<string> | "all"; principal: Set<string> | "all"; resource: Set<string> | "all" };

type PreparedSet = { id: string; reads: Reads };

const entityOf = (e: unknown): { type: string; id: string } | null => {
  const x = e as { __entity?: { type: string; id: string }; type?: string; id?: string } | undefined;
  if (!x) return null;
  if (x.__entity) return x.__entity;
  return typeof x.type === "string" && typeof x.id === "string" ? { type: x.type, id: x.id } : null;
};
const valueEntity = (e: unknown) => entityOf((e as { Value?: unknown })?.Value);
const stringValue = (e: unknown) => {
  const v = (e as { Value?: unknown })?.Value;
  return typeof v === "string" ? v : null;
};
/** `resource.capability` → ["resource", "capability"] */
const attrOf = (e: unknown): [string, string] | null => {
  const dot = (e as { "."?: { left?: { Var?: string }; attr?: string } })?.["."];
  return dot?.left?.Var && dot.attr ? [dot.left.Var, dot.attr] : null;
};
/** null: the request does not carry the attribute, so nothing may be ruled out by it (Cedar would error, fail closed). */
const FIELDS: Record<string, (k: RequestKey) => string | null> = {
  "resource.capability": (k) => k.capability,
  "resource.access": (k) => k.access,
  "context.capability": (k) => k.ctxCapability,
  "context.access": (k) => k.ctxAccess,
  "context.effect": (k) => k.ctxEffect,
  "principal.trust_level": (k) => k.agentTrust,
  "principal.environment": (k) => k.agentEnvironment,
};

/**
 * The test one conjunct imposes, if it is one of the forms that cannot error (string comparisons of required
 * attributes, tool membership, the grant check); null for anything else.
 */
function conjunctTest(e: unknown): Applies | null {
  const o = e as Record<string, { left?: unknown; right?: unknown }>;
  for (const op of ["==", "!="] as const) {
    const b = o[op];
    if (!b) continue;
    for (const [x, y] of [[b.left, b.right], [b.right, b.left]]) {
      const a = attrOf(x);
      const lit = stringValue(y);
      const field = a && FIELDS[`${a[0]}.${a[1]}`];
      if (field && lit !== null) return op === "==" ? (k) => field(k) === null || field(k) === lit : (k) => field(k) === null || field(k) !== lit;
    }
    const tool = (b.left as { Var?: string })?.Var === "resource" ? valueEntity(b.right) : null;
    if (op === "==" && tool?.type === "Tool") return (k) => k.tool === tool.id;
  }
  const c = o.contains;
  if (c) {
    const items = (c.left as { Set?: unknown[] })?.Set;
    if (Array.isArray(items)) {
      if ((c.right as { Var?: string })?.Var === "resource") {
        const tools = items.map(valueEntity);
        if (tools.every((t) => t?.type === "Tool")) {
          const ids = new Set(tools.map((t) => t!.id));
          return (k) => ids.has(k.tool);
        }
      }
      const a = attrOf(c.right);
      const field = a && FIELDS[`${a[0]}.${a[1]}`];
      const lits = items.map(stringValue);
      if (field && lits.every((l) => l !== null)) {
        const set = new Set(lits as string[]);
        return (k) => {
          const v = field(k);
          return v === null || set.has(v);
        };
      }
    }
    const holder = attrOf(c.left);
    const what = attrOf(c.right);
    if (holder?.[0] === "principal" && holder[1] === "capabilities" && what?.[0] === "resource" && what[1] === "capability") {
      return (k) => k.grants.includes(k.capability);
    }
  }
  return null;
}

/**
 * When a policy can apply: its scope, then the leading conjuncts of its first `when` clause, as long as each is a
 * form that cannot error. Cedar evaluates `&&` left to right and stops at the first false, so a policy ruled out by
 * one of these can neither be satisfied nor raise an error: leaving it out of the set changes no answer.
 */
function applicability(p: ParsedCedarPolicy): Applies[] {
  const tests: Applies[] = [];
  const principal = p.json.principal as { op: string; entity?: unknown };
  const agent = principal.op === "==" ? entityOf(principal.entity) : null;
  if (agent?.type === "Agent") tests.push((k) => k.agent === agent.id);
  const resource = p.json.resource as { op: string; entity?: unknown };
  const tool = resource.op === "==" ? entityOf(resource.entity) : null;
  if (tool?.type === "Tool") tests.push((k) => k.tool === tool.id);
  const first = p.json.conditions[0];
  if (first?.kind === "when") {
    const conjuncts: unknown[] = [];
    const flatten = (e: unknown) => {
      const and = (e as { "&&"?: { left: unknown; right: unknown } })["&&"];
      if (and) {
        flatten(and.left);
        flatten(and.right);
      } else conjuncts.push(e);
    };
    flatten(first.body);
    for (const c of conjuncts) {
      const t = conjunctTest(c);
      if (!t) break;
      tests.push(t);
    }
  }
  return tests;
}

/** The context, principal and resource attributes the policies read. */
function readsOf(policies: ParsedCedarPolicy[]): Reads {
  const reads: Reads = { context: new Set(), principal: new Set(), resource: new Set() };
  const note = (v: string, attr: string) => {
    const r = reads[v as keyof Reads];
    if (r && r !== "all") r.add(attr);
  };
  const walk = (e: unknown) => {
    if (!e || typeof e !== "object") return;
    if (Array.isArray(e)) return e.forEach(walk);
    const o = e as Record<string, unknown>;
    for (const op of [".", "has"]) {
      const x = o[op] as { left?: { Var?: string }; attr?: string | string[] } | undefined;
      if (!x) continue;
      const v = x.left?.Var;
      if (v) {
        note(v, Array.isArray(x.attr) ? x.attr[0] : String(x.attr));
        return;
      }
      // a path into a record attribute (context.dest.external): the top-level attribute is what is read
      const inner = (x.left as { "."?: { left?: { Var?: string }; attr?: string } } | undefined)?.["."];
      if (inner?.left?.Var && typeof inner.attr === "string") {
        note(inner.left.Var, inner.attr);
        return;
      }
      // an attribute of something other than a variable (an entity literal, an if-then-else…): keep every attribute
      reads.principal = "all";
      reads.resource = "all";
      reads.context = "all";
    }
    if (o.Var === "context") reads.context = "all"; // the whole record is used as a value
    Object.values(o).forEach(walk);
  };
  for (const p of policies) walk(p.json.conditions);
  return reads;
}

const pick = (all: Record<string, unknown>, keys: Set<string> | "all"): Record<string, unknown> => {
  if (keys === "all") return all;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in all) out[k] = all[k];
  return out;
};

/**
 * Decides call_tool requests against one bundle's policies, pre-parsed once and cached inside cedar-wasm, so a
 * call costs one pre-parsed authorization.
 *
 * Cedar evaluates every policy of a set, and marshals every attribute it is given, on every call. Most policies
 * here can be ruled out before Cedar runs: pinned to another agent (`principal == Agent::"x"`), or to another
 * tool, capability or access class by their leading conditions. So for each kind of request (agent, tool,
 * capability, access) the authorizer builds — once, on first use — a set of just the policies that can apply, and
 * passes only the attributes those policies read. Every left-out policy would have evaluated to false without
 * error (see `applicability`), so the answers are exactly those of the whole set (default-bundle.test.ts checks).
 */
export class CedarAuthorizer {
  readonly bundleId: string;
  readonly policyIds: readonly string[];
  private readonly policies: ParsedCedarPolicy[];
  private readonly tests: Applies[][];
  private readonly meta = new Map<string, PolicyMeta>();
  /** agent id → the capabilities the bundle grants it: the Agent entity's `capabilities` attribute */
  private readonly grants = new Map<string, readonly string[]>();
  private readonly byKey = new Map<string, PreparedSet>();
  private readonly byContent = new Map<string, PreparedSet>();
  private wholeSet: PreparedSet | null = null;

  constructor(bundle: PolicyBundleContent) {
    const parsed = parseCedarPolicies(bundle.cedar.policies);
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      throw new Error(`bundle ${bundle.id}: Cedar policies do not parse (${e.file}:${e.line}:${e.column} ${e.message})`);
    }
    this.bundleId = bundle.id;
    this.policies = parsed.policies;
    this.policyIds = parsed.policies.map((p) => p.id);
    this.tests = parsed.policies.map(applicability);
    parsed.policies.forEach((p, order) => {
      this.meta.set(p.id, { effect: p.effect, requireApproval: p.requireApproval, order, ...(p.reason !== undefined ? { reason: p.reason } : {}) });
    });
    for (const [id, grant] of Object.entries(bundle.agents)) this.grants.set(id, grant.capabilities);
    this.prepare(this.policies); // fail at construction, not on the first request, if cedar-wasm refuses the set
  }

  private prepare(policies: ParsedCedarPolicy[]): PreparedSet {
    const record: Record<string, string> = {};
    for (const p of policies) record[p.id] = p.text;
    const hash = sha256Hex(canonicalJson(record));
    let set = this.byContent.get(hash);
    if (!set) {
      set = { id: preparse(this.bundleId, `pset-${hash}`, record), reads: readsOf(policies) };
      this.byContent.set(hash, set);
    }
    return set;
  }

  private setFor(req: CedarAuthorizeRequest): PreparedSet {
    const cacheKey = `${req.agent.id}\u0000${req.agent.trust_level}\u0000${req.agent.environment}\u0000${req.tool}\u0000${req.capability}\u0000${req.access}\u0000${req.context.capability}\u0000${req.context.access}\u0000${req.context.effect ?? ""}`;
    let set = this.byKey.get(cacheKey);
    if (!set) {
      const key: RequestKey = {
        agent: req.agent.id, agentTrust: req.agent.trust_level, agentEnvironment: req.agent.environment, tool: req.tool, capability: req.capability, access: req.access,
        ctxCapability: req.context.capability, ctxAccess: req.context.access, ctxEffect: req.context.effect ?? null, grants: this.grants.get(req.agent.id) ?? [],
      };
      set = this.prepare(this.policies.filter((_, i) => this.tests[i].every((t) => t(key))));
      // tool names come from plans; bound the memo so a stream of invented names cannot grow it without end
      if (this.byKey.size >= 10_000) this.byKey.clear();
      this.byKey.set(cacheKey, set);
    }
    return set;
  }

  /** The request as cedar-wasm takes it, against `set` (default: the policies that can apply to it). */
  call(req: CedarAuthorizeRequest, set: PreparedSet = this.setFor(req)): cedar.StatefulAuthorizationCall {
    const principal = { type: "Agent", id: req.agent.id };
    const resource = { type: "Tool", id: req.tool };
    const agentAttrs = { trust_level: req.agent.trust_level, environment: req.agent.environment, owner: req.agent.owner, capabilities: this.grants.get(req.agent.id) ?? [] };
    return {
      principal,
      action: ACTION,
      resource,
      context: pick(req.context, set.reads.context) as cedar.Context,
      entities: [
        { uid: principal, attrs: pick(agentAttrs, set.reads.principal) as Record<string, cedar.CedarValueJson>, parents: [] },
        { uid: resource, attrs: pick({ capability: req.capability, access: req.access }, set.reads.resource) as Record<string, cedar.CedarValueJson>, parents: [] },
      ],
      preparsedPolicySetId: set.id,
    };
  }

  /** The request against every policy of the bundle with every attribute: the unoptimised baseline. */
  wholeSetCall(req: CedarAuthorizeRequest): cedar.StatefulAuthorizationCall {
    this.wholeSet ??= { ...this.prepare(this.policies), reads: { context: "all", principal: "all", resource: "all" } };
    return this.call(req, this.wholeSet);
  }

  /** forbid overrides permit; nothing permitted, or any policy failing to evaluate, means deny. */
  authorize(req: CedarAuthorizeRequest): CedarDecision {
    const answer = cedar.statefulIsAuthorized(this.call(req));
    if (answer.type === "failure") {
      return { decision: "deny", requireApproval: false, determining: [], reasons: [], errors: answer.errors.map(describe) };
    }
    const { decision, diagnostics } = answer.response;
    const determining = diagnostics.reason.length > 1
      ? diagnostics.reason.slice().sort((a, b) => (this.meta.get(a)?.order ?? 0) - (this.meta.get(b)?.order ?? 0))
      : diagnostics.reason;
    const reasons: string[] = [];
    for (const id of determining) {
      const r = this.meta.get(id)?.reason;
      if (r) reasons.push(r);
    }
    if (diagnostics.errors.length) {
      // Cedar skips a policy that errors; had it been a forbid, the answer could wrongly be allow. Fail closed.
      return {
        decision: "deny", requireApproval: false, determining: decision === "deny" ? determining : [], reasons: decision === "deny" ? reasons : [],
        errors: diagnostics.errors.map((e) => `policy ${e.policyId} failed to evaluate: ${describe(e.error)}`),
      };
    }
    let requireApproval = false;
    if (decision === "allow") for (const id of determining) if (this.meta.get(id)?.requireApproval) requireApproval = true;
    return { decision, requireApproval, determining, reasons, errors: [] };
  }
}

/**
 * Pre-parses a policy set into cedar-wasm's process-wide cache. The cache has no way to drop an entry, so sets are
 * keyed by content: building an authorizer for the same policies again reuses the entry instead of adding one.
 */
function preparse(bundleId: string, id: string, policies: Record<string, string>): string {
  const ok = cedar.preparsePolicySet(id, { staticPolicies: policies });
  if (ok.type === "failure") throw new Error(`bundle ${bundleId}: Cedar could not pre-parse the policy set: ${ok.errors.map(describe).join("; ")}`);
  return id;
}

/**
 * One bare pre-parsed Cedar authorization on the bundle's whole policy set, with every attribute and no
 * post-processing: what calling Cedar directly costs, for `npm run bench:evaluate` to compare the engine against.
 */
export function rawCedarAuthorizeForBench(authorizer: CedarAuthorizer, req: CedarAuthorizeRequest): "allow" | "deny" {
  const answer = cedar.statefulIsAuthorized(authorizer.wholeSetCall(req));
  return answer.type === "success" ? answer.response.decision : "deny";
}
