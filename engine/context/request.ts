import type { Effect } from "@/engine/policy/bundle";

/**
 * "Did the trusted request ask for this kind of action?" — the words a person uses to ask for each side-effect
 * class, matched in the trusted request (the plan's intent and user/system prompt content). Deliberately broad:
 * a false "asked" only removes the block for unrequested actions (the approval rules still apply), while a false
 * "not asked" can block a benign plan.
 */
const ASK: Record<Effect, RegExp | null> = {
  read: null,
  network_fetch: null,
  payment: /\b(pay|pays|paid|paying|payment|payments|transfer|transfers|wire|remit|reimburse|refund|settle|send (?:\S+ ){0,3}(?:money|funds|eur|usd|gbp|€|\$|£)|invoice|bill|bills|rent|tuition|donat\w*|top up|payout)\b/i,
  standing_order: /\b(standing order|recurring|every (?:week|month|year)|monthly|weekly|yearly|schedul\w*|subscription|direct debit|rent|update (?:the |my )?(?:scheduled|recurring|standing))\b/i,
  outbound_message: /\b(send|sends|email|e-mail|mail|reply|replies|respond|answer|forward|message|messages|notify|tell|inform|write to|contact|dm|ping|post|announce|let \S+ know|remind|follow up|follow-up|text|sms|share|quote)\b/i,
  external_share: /\b(share|shares|sharing|give \S+ access|grant \S+ access|send (?:\S+ ){0,2}(?:file|document|doc|link|report|folder)|collaborat\w*|upload|export)\b/i,
  publish: /\b(publish|post|posts|blog|website|web ?page|tweet|announce|release notes|go live|status page|changelog)\b/i,
  invite: /\b(invite|invites|add \S+(?: \S+)? (?:to|as)|onboard|give \S+ access|grant|permission|permissions|member|members|access to)\b/i,
  delete: /\b(delete|deletes|remove|removes|erase|purge|clean ?up|get rid|discard|trash|wipe|drop|prune|tidy)\b/i,
  credential_change: /\b(password|passphrase|credential|credentials|reset|rotate|2fa|mfa|security (?:setting|settings|question)|recovery|api key|token|login|log in|locked out)\b/i,
  memory_write: /\b(remember|memor\w*|save|note|notes|store|keep in mind|record|preference|preferences)\b/i,
  code_exec: /\b(run|runs|execute|script|command|build|test|tests|deploy|install|compile|restart|migrat\w*|lint|benchmark|reproduce)\b/i,
  shared_write: /\b(update|edit|write|add|create|change|modify|append|fix|set|comment|draft|log|file|tag|label|assign|close|merge|book|schedule|move|rename|mark|record|save|sync|upsert|enrol\w*|enroll)\b/i,
  own_write: /\b(update|edit|write|add|create|change|modify|append|fix|set|draft|save|note|book|schedule|calendar|event|meeting|remind|todo|list|move|rename|mark)\b/i,
};

/** True when the request text uses words that ask for actions of this class (reads are always asked). */
export function requestAsks(effect: Effect, requestText: string): boolean {
  const re = ASK[effect];
  if (!re) return true;
  return requestText.length > 0 && re.test(requestText);
}
