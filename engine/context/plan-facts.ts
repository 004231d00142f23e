import { scanText } from "@/engine/guard/guard";
import { effectiveTrust, type Provenance } from "@/engine/events/schema";
import { capabilityForTool, type Capability, type Effect, type PolicyBundleContent, type Role } from "@/engine/policy/bundle";
import { numbersIn, parseAmount, toBaseCents } from "./amounts";
import { argumentsByRole, destinationsInText, hostIsInternal, normaliseDestination, searchForms, type Destination } from "./destinations";
import { addressesAgent, askingText, requestAsks, splitQuotes } from "./request";

/**
 * Plan-aware facts (engine/context/README.md): what Cedar cannot see from one step — where each destination and
 * key argument came from (trusted request, untrusted content, nowhere), what the plan and the trace read before the
 * step, amounts in the base currency and their sums, fan-out, the plan's length, and what a memory or shared write
 * carries. Computed once per plan from the steps, the trace's executed steps and the agent's recent history; pure.
 */

export type Origin = "trusted" | "untrusted" | "none" | "absent";

/** The facts of one step, exactly as the Cedar context carries them (schema.cedarschema). */
export type StepFacts = {
  effect: Effect;
  sensitivity: string;
  request_present: boolean;
  asked: boolean;
  dest: {
    count: number;
    values: string[];
    kinds: string[];
    external: boolean;
    unnamed_external: boolean;
    only_untrusted: boolean;
    new: boolean;
    all_known: boolean;
  };
  origin: { destination: Origin; amount: Origin; payee: Origin; content: Origin; key_untrusted: boolean };
  flow: { read_labels: string[]; private_read: boolean; untrusted_read: boolean; injection_seen: boolean; egress: boolean };
  quantities: { amount: number; payee_total: number; plan_total: number; fanout: number; plan_steps: number; currency_known: boolean };
  content: { untrusted: boolean; instructions: boolean };
  limits: { payment_approval: number; auto_approve_total: number; max_plan_steps: number; max_fanout: number };
};

/** One destination of a step with its four facts, for reasons and the UI. */
export type DestinationFact = Destination & { internal: boolean; named_by_trusted: boolean; only_in_untrusted: boolean; seen_before: boolean };

export type FactsStep = { tool: string; arguments: unknown; provenance: Provenance[]; guard_signal: boolean };
export type HistoryEntry = { trace_id: string; tool: string; arguments: unknown; executed_at: Date | string };
export type ExecutedForFacts = { capability: string; untrusted: boolean; guard_signal: boolean };

const EGRESS: ReadonlySet<Effect> = new Set(["outbound_message", "external_share", "publish", "payment", "standing_order", "invite"]);
const MONEY: ReadonlySet<Effect> = new Set(["payment", "standing_order"]);
const SCAN_CONTENT: ReadonlySet<Effect> = new Set(["memory_write", "shared_write", "publish"]);
const TRUSTED = new Set(["trusted", "internal"]);
const REQUEST_SOURCES = new Set(["user_prompt", "system_prompt"]);
const DAY_MS = 86_400_000;

/** Text prepared for the membership tests: lower case, and "compact" without spaces and separators (IBANs, numbers). */
class Corpus {
  readonly lower: string;
  readonly compact: string;
  private nums: Set<number> | null = null;
  private words: Set<string> | null = null;
  constructor(parts: string[]) {
    this.lower = parts.join("\n").toLowerCase();
    this.compact = this.lower.replace(/[\s\-./()]/g, "");
  }
  has(d: Destination): boolean {
    if (!this.lower) return false;
    for (const f of searchForms(d)) {
      if (d.kind === "iban" || d.kind === "account" || d.kind === "phone") {
        if (this.compact.includes(f)) return true;
      } else if (d.kind === "handle") {
        if (wordIn(this.lower, f)) return true;
      } else if (this.lower.includes(f)) return true;
    }
    return false;
  }
  hasNumber(n: number): boolean {
    this.nums ??= numbersIn(this.lower);
    return this.nums.has(n);
  }
  hasPhrase(s: string): boolean {
    const t = s.toLowerCase().trim();
    return t.length >= 2 && wordIn(this.lower, t);
  }
  /** The text shares a run of 6 words (or, for short texts, all of it) with this corpus. */
  carries(text: string): boolean {
    if (!this.lower) return false;
    const w = text.toLowerCase().split(/[^\p{L}\p{N}@.]+/u).filter(Boolean);
    if (w.length === 0) return false;
    if (w.length < 6) return w.join(" ").length >= 12 && this.lower.replace(/[^\p{L}\p{N}@.]+/gu, " ").includes(w.join(" "));
    this.words ??= shingles(this.lower.split(/[^\p{L}\p{N}@.]+/u).filter(Boolean));
    for (let i = 0; i + 6 <= w.length && i < 2000; i++) if (this.words.has(w.slice(i, i + 6).join(" "))) return true;
    return false;
  }
}

function shingles(w: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 6 <= w.length && i < 50_000; i++) out.add(w.slice(i, i + 6).join(" "));
  return out;
}

function wordIn(text: string, needle: string): boolean {
  let at = text.indexOf(needle);
  while (at >= 0) {
    const before = at === 0 ? "" : text[at - 1];
    const after = text[at + needle.length] ?? "";
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    at = text.indexOf(needle, at + 1);
  }
  return false;
}

/**
 * A message read goes back to its author: every outside destination the step does not otherwise justify
 * is named in what that read returned (a reply to the sender). Such a read does not count as private data leaving.
 */
function returnsToAuthor(read: Corpus, dests: DestinationFact[]): boolean {
  const open = dests.filter((d) => !d.internal && !d.named_by_trusted);
  return open.length > 0 && open.every((d) => read.has(d));
}

/** A payment moves money, not data, unless its memo carries some: an address, an IBAN, a long number or a sentence. */
function memoCarriesData(memo: string): boolean {
  return memo.length > 40 || destinationsInText(memo).length > 0 || /\d{6,}|\d[\d.,]{6,}\d/.test(memo.replace(/\s/g, ""));
}

const contentOf = (p: Provenance) => (typeof p.content === "string" ? p.content : "");

/** Destinations of a step's destination and payee arguments; for egress classes with none declared, any in the arguments. */
function stepDestinations(cap: Capability | null, args: unknown, byRole: Record<Role, unknown[]>): Destination[] {
  const out = byRole.destination.flatMap(normaliseDestination);
  if (cap && MONEY.has(cap.effect)) for (const p of byRole.payee) for (const d of normaliseDestination(p)) if (d.kind !== "handle") out.push(d);
  if (out.length === 0 && cap && (EGRESS.has(cap.effect) || cap.effect === "network_fetch")) {
    const text = typeof args === "string" ? args : JSON.stringify(args ?? {});
    out.push(...destinationsInText(text));
  }
  const seen = new Set<string>();
  return out.filter((d) => (seen.has(d.kind + d.value) ? false : (seen.add(d.kind + d.value), true)));
}

/**
 * The facts of every step of a plan. `steps` are the plan's steps in order with the guard's signal for each;
 * `executed` the trace's executed steps; `history` the agent's executed steps with their arguments (any trace).
 */
export function planFacts(input: {
  bundle: PolicyBundleContent;
  intent?: string | null;
  steps: FactsStep[];
  executed: ExecutedForFacts[];
  history: HistoryEntry[];
  traceId: string;
  now: Date;
}): { facts: StepFacts[]; destinations: DestinationFact[][] } {
  const { bundle, steps } = input;
  const prot = bundle.protections;
  const trustedParts: string[] = input.intent ? [input.intent] : [];
  const untrustedParts: string[] = [];
  const requestParts: string[] = input.intent ? [input.intent] : [];
  for (const s of steps) {
    for (const p of s.provenance) {
      const c = contentOf(p);
      const meta = p.metadata ? JSON.stringify(p.metadata) : "";
      const trusted = TRUSTED.has(effectiveTrust(p.trust_level));
      if (trusted && c && REQUEST_SOURCES.has(p.source_type)) {
        const { own, quoted } = splitQuotes(c);
        trustedParts.push(own);
        requestParts.push(own);
        untrustedParts.push(...quoted);
      } else if (trusted) {
        if (c) trustedParts.push(c);
      } else {
        if (c) untrustedParts.push(c);
        if (meta) untrustedParts.push(meta);
      }
    }
  }
  const trusted = new Corpus(trustedParts);
  const untrusted = new Corpus(untrustedParts);
  const requestPresent = requestParts.join("").trim().length > 0;
  const requestText = askingText(requestParts.join("\n"));

  const directory = new Set(prot.directory.flatMap(normaliseDestination).map((d) => d.kind + ":" + d.value));
  const windowStart = input.now.getTime() - prot.seen_window_days * DAY_MS;
  const seen = new Set<string>();
  const traceDest = new Set<string>();
  for (const h of input.history) {
    const at = new Date(h.executed_at).getTime();
    const cap = capabilityForTool(bundle, h.tool)?.capability ?? null;
    const dests = stepDestinations(cap, h.arguments, argumentsByRole(h.arguments, cap?.roles));
    if (at >= windowStart && at <= input.now.getTime() + 60_000) for (const d of dests) seen.add(d.kind + ":" + d.value);
    if (h.trace_id === input.traceId && cap && EGRESS.has(cap.effect)) for (const d of dests) traceDest.add(d.kind + ":" + d.value);
  }
  const isInternal = (d: Destination) =>
    directory.has(d.kind + ":" + d.value) ||
    (d.kind === "handle") ||
    ((d.kind === "email" || d.kind === "url") && !!d.domain && hostIsInternal(d.domain, bundle.internal_domains));

  const labelsBefore = new Set<string>();
  /** private reads of the plan so far, with the content that came back with them */
  const privateReads: Array<{ label: string; corpus: Corpus }> = [];
  let privateExecuted = false;
  let untrustedBefore = false;
  let injectionBefore = false;
  for (const e of input.executed) {
    const cap = bundle.capabilities[e.capability];
    if (cap && (cap.effect === "read" || cap.effect === "network_fetch") && cap.sensitivity) {
      labelsBefore.add(cap.sensitivity);
      if (cap.sensitivity !== "public") privateExecuted = true;
    }
    if (e.untrusted) untrustedBefore = true;
    if (e.guard_signal) injectionBefore = true;
  }

  // first pass: roles, destinations, amounts
  const prepared = steps.map((s) => {
    const found = capabilityForTool(bundle, s.tool);
    const cap = found?.capability ?? null;
    const byRole = argumentsByRole(s.arguments, cap?.roles);
    const dests = stepDestinations(cap, s.arguments, byRole);
    let amount = 0;
    let currencyKnown = true;
    if (cap && MONEY.has(cap.effect)) {
      const currency = byRole.currency.find((c): c is string => typeof c === "string")?.toUpperCase() ?? null;
      for (const v of byRole.amount) {
        const a = parseAmount(v);
        if (!a) continue;
        const conv = toBaseCents(a.value, currency ?? a.currency, prot.base_currency, prot.fx_rates);
        amount += conv.cents;
        currencyKnown &&= conv.known;
      }
    }
    const payeeKey = dests[0] ? dests[0].kind + ":" + dests[0].value : String(byRole.payee[0] ?? "").toLowerCase();
    return { s, cap, byRole, dests, amount, currencyKnown, payeeKey };
  });
  const payeeTotals = new Map<string, number>();
  let planTotal = 0;
  const fanoutSet = new Set(traceDest);
  for (const p of prepared) {
    if (p.cap && MONEY.has(p.cap.effect)) {
      planTotal += p.amount;
      payeeTotals.set(p.payeeKey, (payeeTotals.get(p.payeeKey) ?? 0) + p.amount);
    }
    if (p.cap && EGRESS.has(p.cap.effect)) for (const d of p.dests) if (!isInternal(d)) fanoutSet.add(d.kind + ":" + d.value);
  }

  const limits = {
    payment_approval: Math.round(prot.payment_approval_amount * 100),
    auto_approve_total: Math.round(prot.auto_approve_total * 100),
    max_plan_steps: prot.max_plan_steps,
    max_fanout: prot.max_fanout,
  };

  const facts: StepFacts[] = [];
  const destinations: DestinationFact[][] = [];
  for (const p of prepared) {
    const effect: Effect = p.cap?.effect ?? "read";
    const stepUntrusted = p.s.provenance.some((x) => !TRUSTED.has(effectiveTrust(x.trust_level)));
    if (stepUntrusted) untrustedBefore = true;
    if (p.s.guard_signal || p.s.provenance.some((x) => !TRUSTED.has(effectiveTrust(x.trust_level)) && addressesAgent(contentOf(x)))) injectionBefore = true;

    const df: DestinationFact[] = p.dests.map((d) => {
      const named = trusted.has(d);
      const inUntrusted = untrusted.has(d);
      return { ...d, internal: isInternal(d), named_by_trusted: named, only_in_untrusted: inUntrusted && !named, seen_before: seen.has(d.kind + ":" + d.value) };
    });
    destinations.push(df);
    const destOrigin: Origin = df.length === 0 ? "absent" : df.some((d) => d.only_in_untrusted) ? "untrusted" : df.some((d) => !d.named_by_trusted) ? "none" : "trusted";

    const originOfNumber = (vals: unknown[]): Origin => {
      const nums = vals.map((v) => parseAmount(v)?.value).filter((n): n is number => n !== undefined);
      if (nums.length === 0) return "absent";
      if (nums.every((n) => trusted.hasNumber(n))) return "trusted";
      return nums.some((n) => untrusted.hasNumber(n)) ? "untrusted" : "none";
    };
    const originOfPhrase = (vals: unknown[]): Origin => {
      const ss = vals.filter((v): v is string => typeof v === "string" && v.trim().length > 0);
      if (ss.length === 0) return "absent";
      if (ss.every((v) => trusted.hasPhrase(v))) return "trusted";
      return ss.some((v) => untrusted.hasPhrase(v)) ? "untrusted" : "none";
    };
    const amountOrigin = MONEY.has(effect) ? originOfNumber(p.byRole.amount) : "absent";
    const payeeOrigin = originOfPhrase(p.byRole.payee);
    const contentText = p.byRole.content.filter((v): v is string => typeof v === "string").join("\n");
    const contentUntrusted = contentText.length > 0 && untrusted.carries(contentText);
    const contentOrigin: Origin = !contentText ? "absent" : contentUntrusted ? "untrusted" : trusted.carries(contentText) ? "trusted" : "none";
    const instructions = SCAN_CONTENT.has(effect) && contentText.length > 0 && scanText(contentText).score >= bundle.guard.signal_score;

    const fetchLeak = effect === "network_fetch" && df.some((d) => !d.internal && !d.named_by_trusted) &&
      p.byRole.destination.some((v) => typeof v === "string" && /[?&][^=\s]+=[^&\s]{6,}/.test(v));

    facts.push({
      effect,
      sensitivity: p.cap?.sensitivity ?? "",
      request_present: requestPresent,
      asked: requestAsks(effect, requestText),
      dest: {
        count: df.length,
        values: [...new Set(df.map((d) => d.value))].sort(),
        kinds: [...new Set(df.map((d) => d.kind))].sort(),
        external: df.some((d) => !d.internal),
        unnamed_external: df.some((d) => !d.internal && !d.named_by_trusted),
        only_untrusted: df.some((d) => d.only_in_untrusted),
        new: df.some((d) => !d.internal && !d.seen_before),
        all_known: df.length > 0 && df.every((d) => d.internal || d.seen_before),
      },
      origin: {
        destination: destOrigin, amount: amountOrigin, payee: payeeOrigin, content: contentOrigin,
        key_untrusted: destOrigin === "untrusted" || amountOrigin === "untrusted" || payeeOrigin === "untrusted",
      },
      flow: {
        read_labels: [...labelsBefore].sort(),
        private_read: privateExecuted || privateReads.some((r) => r.label !== "private_messages" || !returnsToAuthor(r.corpus, df)),
        untrusted_read: untrustedBefore,
        injection_seen: injectionBefore,
        egress: (EGRESS.has(effect) && (!MONEY.has(effect) || memoCarriesData(contentText))) || fetchLeak,
      },
      quantities: {
        amount: p.amount,
        payee_total: MONEY.has(effect) ? payeeTotals.get(p.payeeKey) ?? 0 : 0,
        plan_total: planTotal,
        fanout: fanoutSet.size,
        plan_steps: steps.length,
        currency_known: p.currencyKnown,
      },
      content: { untrusted: contentUntrusted, instructions },
      limits,
    });
    if (p.cap && (effect === "read" || effect === "network_fetch") && p.cap.sensitivity) {
      labelsBefore.add(p.cap.sensitivity);
      if (p.cap.sensitivity !== "public") privateReads.push({ label: p.cap.sensitivity, corpus: new Corpus(p.s.provenance.map(contentOf)) });
    }
  }
  return { facts, destinations };
}
