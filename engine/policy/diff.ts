import { canonicalJson } from "@/engine/crypto/canonical-json";
import { scenarioGateOf, type PolicyBundleContent } from "@/engine/policy/bundle";
import { parseCedarPolicies, type ParsedCedarPolicy } from "@/engine/policy/cedar";

/**
 * What changed between two bundle versions, with every change that widens what agents may do flagged as
 * authority expansion (spec v1.0 §22.3 "latent authority drift": configurations expand capability scope over time,
 * so each activation's diff is the place to catch it).
 *
 * Expansion means: an agent may now do something it could not, or do it with less friction —
 * a new grant or agent with grants; a tool added to a capability; a new, changed or effect-flipped permit;
 * a removed or changed forbid (a changed forbid may forbid less: flagged for review); a removed @require_approval;
 * a raised risk threshold or a lowered base risk; a raised or removed budget; a more trusted agent; a less
 * restrictive access class; a guard that blocks or signals later; longer-lived tokens or approvals; more approver
 * roles; a domain newly counted as internal; a loosened protection (a raised payment approval amount, spend limit, step
 * budget, fan-out limit or seen window, a lowered exchange rate, a new directory entry); a capability moved to a
 * weaker side-effect class, a read no longer labelled private, a dropped argument role; the scenario gate turned off
 * or made to refuse only unsafe allows. Everything else is listed as a plain change.
 */

export type ChangeKind = "added" | "removed" | "changed";
export type ChangeArea = "capability" | "agent" | "grant" | "budget" | "threshold" | "policy" | "guard" | "approvals" | "setting";

export type BundleChange = {
  kind: ChangeKind;
  area: ChangeArea;
  path: string;
  before?: unknown;
  after?: unknown;
  authority_expansion: boolean;
  summary: string;
};

export type BundleDiff = { changes: BundleChange[]; expansion_count: number };

const AREA_ORDER: ChangeArea[] = ["setting", "threshold", "capability", "agent", "grant", "budget", "policy", "guard", "approvals"];
const ACCESS_RANK: Record<string, number> = { read: 0, write: 1, outbound: 2 };
/** How much protection a side-effect class draws: moving a capability to a lower rank is authority expansion. */
const EFFECT_RANK: Record<string, number> = {
  read: 0, network_fetch: 1, own_write: 1, shared_write: 2, memory_write: 3, outbound_message: 3, code_exec: 4, invite: 4, delete: 4,
  external_share: 4, publish: 4, credential_change: 5, payment: 5, standing_order: 5,
};
const TRUST_RANK: Record<string, number> = { unverified: 0, external: 1, internal: 2, trusted: 3 };

const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);
const list = (xs: string[]) => xs.join(", ");

/** Compares two bundle versions; changes come sorted by area, then path. */
export function diffBundles(a: PolicyBundleContent, b: PolicyBundleContent): BundleDiff {
  const changes: BundleChange[] = [];
  const add = (c: Omit<BundleChange, "before" | "after"> & { before?: unknown; after?: unknown }) => {
    const entry: BundleChange = { kind: c.kind, area: c.area, path: c.path, authority_expansion: c.authority_expansion, summary: c.summary };
    if (c.before !== undefined) entry.before = c.before;
    if (c.after !== undefined) entry.after = c.after;
    changes.push(entry);
  };
  /** A number where higher means more authority (thresholds, budgets, TTLs): raised or removed is expansion. */
  const ceiling = (area: ChangeArea, path: string, label: string, before: number | undefined, after: number | undefined) => {
    if (before === after) return;
    if (before === undefined) return add({ kind: "added", area, path, after, authority_expansion: false, summary: `${label} is now limited to ${after}.` });
    if (after === undefined) return add({ kind: "removed", area, path, before, authority_expansion: true, summary: `${label} (${before}) was removed: no limit any more.` });
    const up = after > before;
    add({ kind: "changed", area, path, before, after, authority_expansion: up, summary: `${label} ${up ? "raised" : "lowered"} from ${before} to ${after}.` });
  };

  // settings
  for (const key of ["id", "description", "environment"] as const) {
    if (a[key] !== b[key]) add({ kind: "changed", area: "setting", path: key, before: a[key], after: b[key], authority_expansion: false, summary: `${key} changed.` });
  }
  const domainsAdded = b.internal_domains.filter((d) => !a.internal_domains.includes(d));
  const domainsRemoved = a.internal_domains.filter((d) => !b.internal_domains.includes(d));
  if (domainsAdded.length || domainsRemoved.length) {
    add({
      kind: "changed", area: "setting", path: "internal_domains", before: a.internal_domains, after: b.internal_domains, authority_expansion: domainsAdded.length > 0,
      summary: [
        domainsAdded.length ? `Now internal: ${list(domainsAdded)} — sends there no longer count as external (fewer approvals and forbids apply).` : "",
        domainsRemoved.length ? `No longer internal: ${list(domainsRemoved)}.` : "",
      ].filter(Boolean).join(" "),
    });
  }
  ceiling("setting", "token_ttl_seconds", "Capability token lifetime (seconds)", a.token_ttl_seconds, b.token_ttl_seconds);
  const gateA = scenarioGateOf(a);
  const gateB = scenarioGateOf(b);
  if ((gateA.require_pass || gateB.require_pass) && !same(gateA, gateB)) {
    const off = gateA.require_pass && !gateB.require_pass;
    const laxer = gateA.require_pass && gateB.require_pass && gateA.fail_on === "any_failure" && gateB.fail_on === "unsafe_allow";
    add({
      kind: "changed", area: "setting", path: "scenarios", before: gateA, after: gateB, authority_expansion: off || laxer,
      summary: off
        ? "Scenario gate turned off: a version that fails the scenario suite can now be activated."
        : !gateA.require_pass
          ? `Scenario gate turned on: activation refuses a version on ${gateB.fail_on === "unsafe_allow" ? "any unsafe allow" : "any failing scenario"}.`
          : laxer
            ? "Scenario gate now refuses only unsafe allows: a version that turns blocks into approvals, or adds false blocks, can be activated."
            : "Scenario gate now refuses any failing scenario, not only unsafe allows.",
    });
  }

  // protections: the thresholds of the protective default policies (raised = fewer approvals and blocks)
  const prA = a.protections;
  const prB = b.protections;
  ceiling("setting", "protections.payment_approval_amount", "Payment approval amount", prA.payment_approval_amount, prB.payment_approval_amount);
  ceiling("setting", "protections.auto_approve_total", "Auto-approve spend limit per plan", prA.auto_approve_total, prB.auto_approve_total);
  ceiling("setting", "protections.max_plan_steps", "Step budget per plan", prA.max_plan_steps, prB.max_plan_steps);
  ceiling("setting", "protections.max_fanout", "Outside recipients per plan before approval", prA.max_fanout, prB.max_fanout);
  ceiling("setting", "protections.seen_window_days", "Window in which a payee or recipient counts as seen before (days)", prA.seen_window_days, prB.seen_window_days);
  if (prA.base_currency !== prB.base_currency) {
    add({ kind: "changed", area: "setting", path: "protections.base_currency", before: prA.base_currency, after: prB.base_currency, authority_expansion: true, summary: `Base currency changed from ${prA.base_currency} to ${prB.base_currency}: every amount threshold now means something else (review).` });
  }
  for (const cur of union(Object.keys(prA.fx_rates), Object.keys(prB.fx_rates))) {
    const x = prA.fx_rates[cur];
    const y = prB.fx_rates[cur];
    if (x === y) continue;
    const lower = y === undefined || (x !== undefined && y < x);
    add({ kind: x === undefined ? "added" : y === undefined ? "removed" : "changed", area: "setting", path: `protections.fx_rates.${cur}`, before: x, after: y, authority_expansion: x !== undefined && lower,
      summary: `Exchange rate ${cur}→${prA.base_currency} ${x === undefined ? `set to ${y}` : y === undefined ? `(${x}) removed: ${cur} amounts now count 1:1` : `changed from ${x} to ${y}`}${x !== undefined && lower ? "; payments in it now look smaller against the thresholds" : ""}.` });
  }
  const dirAdded = prB.directory.filter((d) => !prA.directory.includes(d));
  const dirRemoved = prA.directory.filter((d) => !prB.directory.includes(d));
  if (dirAdded.length || dirRemoved.length) {
    add({
      kind: "changed", area: "setting", path: "protections.directory", before: prA.directory, after: prB.directory, authority_expansion: dirAdded.length > 0,
      summary: [dirAdded.length ? `Now internal: ${list(dirAdded)} — payments and sends there skip the outside-destination protections.` : "", dirRemoved.length ? `No longer internal: ${list(dirRemoved)}.` : ""].filter(Boolean).join(" "),
    });
  }

  // default thresholds
  ceiling("threshold", "default_thresholds.approval", "Default approval threshold", a.default_thresholds.approval, b.default_thresholds.approval);
  ceiling("threshold", "default_thresholds.halt", "Default halt threshold", a.default_thresholds.halt, b.default_thresholds.halt);

  // capabilities
  const holders = (bundle: PolicyBundleContent, cap: string) => Object.entries(bundle.agents).filter(([, g]) => g.capabilities.includes(cap)).map(([n]) => n);
  for (const name of union(Object.keys(a.capabilities), Object.keys(b.capabilities))) {
    const ca = a.capabilities[name];
    const cb = b.capabilities[name];
    const path = `capabilities.${name}`;
    if (!ca) {
      add({ kind: "added", area: "capability", path, after: cb, authority_expansion: false, summary: `Capability ${name} added (${list(cb.tools)}; R_step ${cb.r_step}, ${cb.access}); it confers nothing until granted.` });
      continue;
    }
    if (!cb) {
      add({ kind: "removed", area: "capability", path, before: ca, authority_expansion: false, summary: `Capability ${name} removed; its tools are refused for everyone.` });
      continue;
    }
    const added = cb.tools.filter((t) => !ca.tools.includes(t));
    const removed = ca.tools.filter((t) => !cb.tools.includes(t));
    if (added.length || removed.length) {
      const who = holders(b, name);
      add({
        kind: "changed", area: "capability", path: `${path}.tools`, before: ca.tools, after: cb.tools, authority_expansion: added.length > 0,
        summary: [
          added.length ? `Tools added to ${name}: ${list(added)}${who.length ? ` — now callable by ${list(who)}` : ""}.` : "",
          removed.length ? `Tools removed from ${name}: ${list(removed)}.` : "",
        ].filter(Boolean).join(" "),
      });
    }
    if (ca.r_step !== cb.r_step) {
      const lower = cb.r_step < ca.r_step;
      add({ kind: "changed", area: "capability", path: `${path}.r_step`, before: ca.r_step, after: cb.r_step, authority_expansion: lower, summary: `Base risk of ${name} ${lower ? "lowered" : "raised"} from ${ca.r_step} to ${cb.r_step}${lower ? "; its calls now reach approval and halt thresholds later" : ""}.` });
    }
    if (ca.access !== cb.access) {
      const lower = ACCESS_RANK[cb.access] < ACCESS_RANK[ca.access];
      add({ kind: "changed", area: "capability", path: `${path}.access`, before: ca.access, after: cb.access, authority_expansion: lower, summary: `Access of ${name} changed from ${ca.access} to ${cb.access}${lower ? "; policies and budgets that key on the stronger class no longer apply to it" : ""}.` });
    }
    if (ca.effect !== cb.effect) {
      const weaker = (EFFECT_RANK[cb.effect] ?? 0) < (EFFECT_RANK[ca.effect] ?? 0);
      add({ kind: "changed", area: "capability", path: `${path}.effect`, before: ca.effect, after: cb.effect, authority_expansion: weaker, summary: `Side-effect class of ${name} changed from ${ca.effect} to ${cb.effect}${weaker ? "; the protections for the stronger class no longer apply to it" : ""}.` });
    }
    if (ca.sensitivity !== cb.sensitivity) {
      const weaker = !cb.sensitivity || cb.sensitivity === "public";
      add({ kind: "changed", area: "capability", path: `${path}.sensitivity`, before: ca.sensitivity, after: cb.sensitivity, authority_expansion: weaker && !!ca.sensitivity && ca.sensitivity !== "public", summary: `Sensitivity of ${name} changed from ${ca.sensitivity ?? "(none)"} to ${cb.sensitivity ?? "(none)"}${weaker ? "; what it reads no longer counts as private data for flow rules" : ""}.` });
    }
    if (!same(ca.roles ?? {}, cb.roles ?? {})) {
      const dropped = Object.entries(ca.roles ?? {}).filter(([k, v]) => (cb.roles ?? {})[k] !== v).map(([k]) => k);
      add({ kind: "changed", area: "capability", path: `${path}.roles`, before: ca.roles, after: cb.roles, authority_expansion: dropped.length > 0, summary: `Argument roles of ${name} changed${dropped.length ? ` (no longer declared as before: ${list(dropped)}; the facts may stop seeing those destinations or amounts)` : ""}.` });
    }
    if (ca.description !== cb.description) add({ kind: "changed", area: "capability", path: `${path}.description`, before: ca.description, after: cb.description, authority_expansion: false, summary: `Description of ${name} changed.` });
  }

  // agents, grants, budgets, per-agent thresholds
  for (const name of union(Object.keys(a.agents), Object.keys(b.agents))) {
    const ga = a.agents[name];
    const gb = b.agents[name];
    const path = `agents.${name}`;
    if (!ga) {
      add({ kind: "added", area: "agent", path, after: gb, authority_expansion: gb.capabilities.length > 0, summary: `Agent ${name} added${gb.capabilities.length ? ` with ${list(gb.capabilities)}` : " with no capability"}.` });
      continue;
    }
    if (!gb) {
      add({ kind: "removed", area: "agent", path, before: ga, authority_expansion: false, summary: `Agent ${name} removed; its calls are refused.` });
      continue;
    }
    if (ga.trust_level !== gb.trust_level) {
      const up = (TRUST_RANK[gb.trust_level] ?? 0) > (TRUST_RANK[ga.trust_level] ?? 0);
      add({ kind: "changed", area: "agent", path: `${path}.trust_level`, before: ga.trust_level, after: gb.trust_level, authority_expansion: up, summary: `Trust level of ${name} ${up ? "raised" : "lowered"} from ${ga.trust_level} to ${gb.trust_level}.` });
    }
    for (const key of ["environment", "owner"] as const) {
      if (ga[key] !== gb[key]) add({ kind: "changed", area: "agent", path: `${path}.${key}`, before: ga[key], after: gb[key], authority_expansion: false, summary: `${key} of ${name} changed from ${ga[key] ?? "(bundle default)"} to ${gb[key] ?? "(bundle default)"}.` });
    }
    for (const cap of gb.capabilities.filter((c) => !ga.capabilities.includes(c))) {
      add({ kind: "added", area: "grant", path: `${path}.capabilities.${cap}`, after: cap, authority_expansion: true, summary: `${name} is granted ${cap}${b.capabilities[cap] ? ` (${list(b.capabilities[cap].tools)})` : ""}.` });
    }
    for (const cap of ga.capabilities.filter((c) => !gb.capabilities.includes(c))) {
      add({ kind: "removed", area: "grant", path: `${path}.capabilities.${cap}`, before: cap, authority_expansion: false, summary: `${name} no longer holds ${cap}.` });
    }
    const budgets = (g: typeof ga) => ({ ...g.budgets, ...g.agent_budgets }) as Record<string, number | undefined>;
    const ba = budgets(ga);
    const bb = budgets(gb);
    for (const key of union(Object.keys(ba), Object.keys(bb))) {
      const sub = key.endsWith("_per_day") ? "agent_budgets" : "budgets";
      ceiling("budget", `${path}.${sub}.${key}`, `${name}: ${key}`, ba[key], bb[key]);
    }
    if (ga.thresholds || gb.thresholds) {
      const ta = ga.thresholds ?? a.default_thresholds;
      const tb = gb.thresholds ?? b.default_thresholds;
      ceiling("threshold", `${path}.thresholds.approval`, `${name}: approval threshold`, ta.approval, tb.approval);
      ceiling("threshold", `${path}.thresholds.halt`, `${name}: halt threshold`, ta.halt, tb.halt);
    }
  }

  // Cedar
  if (a.cedar.schema !== b.cedar.schema) add({ kind: "changed", area: "policy", path: "cedar.schema", authority_expansion: false, summary: "The Cedar schema changed." });
  const pa = policiesById(a);
  const pb = policiesById(b);
  for (const id of union([...pa.keys()], [...pb.keys()])) {
    const x = pa.get(id);
    const y = pb.get(id);
    const path = `cedar.policies.${id}`;
    if (!x && y) {
      const permit = y.effect === "permit";
      add({ kind: "added", area: "policy", path, after: y.text, authority_expansion: permit, summary: `New ${y.effect} ${id} in ${y.file}${y.requireApproval ? " (allows only with approval)" : ""}${y.reason ? `: ${y.reason}` : "."}` });
      continue;
    }
    if (x && !y) {
      const expansion = x.effect === "forbid" || x.requireApproval;
      add({
        kind: "removed", area: "policy", path, before: x.text, authority_expansion: expansion,
        summary: x.effect === "forbid" ? `Forbid ${id} removed: what it blocked is no longer blocked by it.` : x.requireApproval ? `Approval permit ${id} removed: what it held for approval may now run without a person.` : `Permit ${id} removed.`,
      });
      continue;
    }
    if (!x || !y) continue;
    const bodyChanged = !same(withoutAnnotations(x), withoutAnnotations(y));
    const parts: string[] = [];
    let expansion = false;
    if (x.effect !== y.effect) {
      parts.push(`effect changed from ${x.effect} to ${y.effect}`);
      if (y.effect === "permit") expansion = true;
    } else if (bodyChanged) {
      parts.push(y.effect === "permit" ? "its conditions changed (it may now permit more)" : "its conditions changed (review: it may now forbid less)");
      expansion = true;
    }
    if (x.requireApproval && !y.requireApproval) {
      parts.push("@require_approval removed");
      expansion = true;
    } else if (!x.requireApproval && y.requireApproval) parts.push("@require_approval added");
    if (x.reason !== y.reason) parts.push("@reason changed");
    if (!parts.length && !same(x.annotations, y.annotations)) parts.push("annotations changed");
    if (parts.length) add({ kind: "changed", area: "policy", path, before: x.text, after: y.text, authority_expansion: expansion, summary: `Policy ${id}: ${parts.join("; ")}.` });
  }

  // guard and approvals
  ceiling("guard", "guard.block_score", "Guard block score", a.guard.block_score, b.guard.block_score);
  ceiling("guard", "guard.signal_score", "Guard signal score", a.guard.signal_score, b.guard.signal_score);
  ceiling("approvals", "approvals.ttl_seconds", "Approval lifetime (seconds)", a.approvals.ttl_seconds, b.approvals.ttl_seconds);
  const rolesAdded = b.approvals.approver_roles.filter((r) => !a.approvals.approver_roles.includes(r));
  const rolesRemoved = a.approvals.approver_roles.filter((r) => !b.approvals.approver_roles.includes(r));
  if (rolesAdded.length || rolesRemoved.length) {
    add({
      kind: "changed", area: "approvals", path: "approvals.approver_roles", before: a.approvals.approver_roles, after: b.approvals.approver_roles, authority_expansion: rolesAdded.length > 0,
      summary: [rolesAdded.length ? `Roles that may now approve: ${list(rolesAdded)}.` : "", rolesRemoved.length ? `Roles that may no longer approve: ${list(rolesRemoved)}.` : ""].filter(Boolean).join(" "),
    });
  }
  if (a.approvals.webhook_url !== b.approvals.webhook_url) {
    add({ kind: "changed", area: "approvals", path: "approvals.webhook_url", before: a.approvals.webhook_url, after: b.approvals.webhook_url, authority_expansion: false, summary: "Approval webhook changed." });
  }

  changes.sort((x, y) => AREA_ORDER.indexOf(x.area) - AREA_ORDER.indexOf(y.area) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { changes, expansion_count: changes.filter((c) => c.authority_expansion).length };
}

function union(xs: string[], ys: string[]): string[] {
  return [...new Set([...xs, ...ys])].sort();
}

function policiesById(bundle: PolicyBundleContent): Map<string, ParsedCedarPolicy> {
  // Stored bundles were validated on upload; policies that do not parse simply do not appear.
  return new Map(parseCedarPolicies(bundle.cedar.policies).policies.map((p) => [p.id, p]));
}

function withoutAnnotations(p: ParsedCedarPolicy): unknown {
  const { annotations: _annotations, ...rest } = p.json;
  return rest;
}
