import type { Role } from "@/engine/policy/bundle";

/**
 * Argument roles and destinations: which argument says where a step's effect goes, how much, to whom and what,
 * and the destinations normalised so that the same address, IBAN, host or handle compares equal wherever it
 * appears (arguments, provenance content, history). Pure string work; see README.md for the inference table.
 */

export type DestinationKind = "email" | "url" | "iban" | "account" | "phone" | "handle";
export type Destination = { kind: DestinationKind; value: string; domain?: string };

const ROLE_WORDS: Array<[Role, RegExp]> = [
  ["currency", /^(currency|ccy|currency_code)$/],
  ["amount", /^(amount|amt|sum|total|value|price|amount_\w+|\w+_amount)$/],
  ["payee", /^(payee|payee_name|beneficiary|beneficiary_name|creditor|recipient_name|vendor|merchant|counterparty)$/],
  [
    "destination",
    /^(to|cc|bcc|recipient|recipients|recipient_email|recipient_iban|email|emails|email_address|address|addresses|iban|account|account_number|account_id|destination|dest|target|url|uri|link|endpoint|webhook|webhook_url|host|domain|channel|channel_id|channel_name|user|users|user_id|user_email|username|invitee|invitees|share_with|shared_with|with|grantee|phone|phone_number|number|member|members|participant|participants|attendee|attendees|new_email|new_phone|forward_to|reply_to|assignee|collaborator|collaborators|repo_url|remote|remote_url|callback_url|sort_code|routing_number)$/,
  ],
  ["content", /^(body|content|text|message|msg|subject|note|notes|memo|description|comment|data|payload|summary|title|html|markdown|value_text|entry|fact|memory|instructions|reference|details|command|cmd|commands|script|code|shell|argv|query|sql|expression)$/],
];

/** The role an argument plays: declared by the capability, else inferred from its name; null for other arguments. */
export function roleOf(name: string, declared: Record<string, Role> | undefined): Role | null {
  if (declared && declared[name]) return declared[name];
  const n = name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  for (const [role, re] of ROLE_WORDS) if (re.test(n)) return role;
  return null;
}

/** Arguments by role: each role's values (strings and numbers, flattened out of arrays and objects). */
export function argumentsByRole(args: unknown, declared: Record<string, Role> | undefined): Record<Role, unknown[]> {
  const out: Record<Role, unknown[]> = { destination: [], amount: [], currency: [], payee: [], content: [] };
  const visit = (v: unknown, role: Role | null, depth: number) => {
    if (depth > 8 || v === null || v === undefined) return;
    if (Array.isArray(v)) return v.slice(0, 200).forEach((x) => visit(x, role, depth + 1));
    if (typeof v === "object") {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) visit(x, roleOf(k, declared) ?? role, depth + 1);
      return;
    }
    if (role && (typeof v === "string" || typeof v === "number")) out[role].push(v);
  };
  if (args && typeof args === "object" && !Array.isArray(args)) visit(args, null, 0);
  return out;
}

const EMAIL_RE = /[a-z0-9._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/gi;
const URL_RE = /\b(?:https?|ftp|wss?):\/\/([^\s/:?#"'<>\\]+)/gi;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const HOST_RE = /^(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:[/:?#].*)?$/i;

const ibanOf = (s: string) => {
  const v = s.replace(/[\s-]/g, "").toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v) ? v : null;
};

/** Every destination a string names: emails (with their domain), URL hosts, IBANs; nothing else. */
export function destinationsInText(text: string): Destination[] {
  const out: Destination[] = [];
  for (const m of text.matchAll(EMAIL_RE)) out.push({ kind: "email", value: m[0].toLowerCase(), domain: m[1].toLowerCase() });
  for (const m of text.matchAll(URL_RE)) out.push({ kind: "url", value: m[1].toLowerCase().replace(/^www\./, ""), domain: m[1].toLowerCase().replace(/^www\./, "") });
  for (const m of text.matchAll(IBAN_RE)) {
    const v = ibanOf(m[0]);
    if (v) out.push({ kind: "iban", value: v });
  }
  return out;
}

/**
 * The destinations one destination-role value names, normalised: an email → its address (and domain); a URL or
 * bare host → the host; an IBAN → without spaces, upper case; an account or phone number → its digits; anything
 * else (a channel, a user name) → a handle without a leading @ or #, lower case.
 */
export function normaliseDestination(raw: unknown): Destination[] {
  if (typeof raw === "number") return [{ kind: "account", value: String(raw) }];
  if (typeof raw !== "string") return [];
  const s = raw.trim();
  if (!s) return [];
  const found = destinationsInText(s);
  if (found.length) return found;
  const iban = ibanOf(s);
  if (iban) return [{ kind: "iban", value: iban }];
  if (/^\+?[\d\s().-]{7,20}$/.test(s)) {
    const digits = s.replace(/\D/g, "");
    if (s.startsWith("+")) return [{ kind: "phone", value: "+" + digits }];
    if (digits.length >= 6) return [{ kind: "account", value: digits }];
  }
  const host = HOST_RE.exec(s);
  if (host && !s.includes(" ")) return [{ kind: "url", value: host[1].toLowerCase(), domain: host[1].toLowerCase() }];
  if (s.length > 120) return [];
  return [{ kind: "handle", value: s.replace(/^[@#]/, "").toLowerCase() }];
}

/** A host is internal when it is one of the organisation's domains or a subdomain of one. */
export function hostIsInternal(host: string, internalDomains: readonly string[]): boolean {
  return internalDomains.some((d) => host === d || host.endsWith("." + d));
}

/** How a destination is looked for in free text: the forms it is written in there. */
export function searchForms(d: Destination): string[] {
  if (d.kind === "iban") return [d.value.toLowerCase()];
  if (d.kind === "phone" || d.kind === "account") return [d.value.replace(/^\+/, "")];
  return [d.value.toLowerCase()];
}
