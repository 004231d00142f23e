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
  payment: /\b(pay|paying|transfer|wire|remit|reimburse|refund|settle|donate|top up|make (?:a |the )?payments?|send (?:\S+ ){0,3}(?:money|funds|eur|euros?|usd|dollars?|gbp|pounds?|chf|francs?)|send [€$£]?\d)/i,
  standing_order: /\b(set ?up|create|schedule|update|change|modify|edit|adjust|add|start|move|cancel)\b[\s\S]{0,80}\b(standing orders?|direct debits?|recurring|scheduled (?:payments?|transfers?|transactions?)|every (?:week|month|year)|monthly|weekly|yearly)\b|\b(standing orders?|recurring (?:payments?|transfers?)|direct debits?)\b[\s\S]{0,40}\b(set ?up|create|update|change)\b|\b(update|change|modify|edit|adjust|increase|decrease|raise|lower|reschedule)\b[\s\S]{0,40}\b(rent|payments?|transfers?|transactions?|subscriptions?|instal?ments?)\b/i,
  outbound_message: /\b(send|sends|email|e-mail|mail|reply|replies|respond|answer|forward|message|messages|notify|tell|inform|write to|contact|dm|ping|post|announce|let (?:\S+ ){1,3}know|remind|follow up|follow-up|text|sms|share|quote)\b/i,
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

const QUOTED = /"([^"\n]{12,})"|“([^”\n]{12,})”|(?:^|[\s(])'([^'\n]{12,})'(?=[\s).,!?:;]|$)/g;

/**
 * Quotations of eight words or more inside a request: text the person pasted from somewhere else ("Is this phishing?
 * '…reply with your password to …'"). They are someone else's words — untrusted content, not the request.
 */
export function splitQuotes(text: string): { own: string; quoted: string[] } {
  const quoted: string[] = [];
  const own = text.replace(QUOTED, (m, a, b, c) => {
    const q = (a ?? b ?? c ?? "") as string;
    if (q.trim().split(/\s+/).length < 8) return m;
    quoted.push(q);
    return m.startsWith(" ") || m.startsWith("(") ? m[0] : "";
  });
  return { own, quoted };
}

const QUESTION = /^\s*(what|what's|whats|when|where|which|who|whom|whose|why|how much|how many|how often|how long|did|does|do|is|are|was|were|has|have|had)\b[^?]*\?\s*$/i;

/**
 * The parts of the request that ask for something: a question about a payment ("When is my rent due?") asks for
 * nothing but an answer, so sentences that are such questions are left out; "Can you pay …?" stays a request.
 */
export function askingText(requestText: string): string {
  return requestText
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((s) => !QUESTION.test(s))
    .join("\n");
}

/** True when the request text uses words that ask for actions of this class (reads are always asked). */
export function requestAsks(effect: Effect, requestText: string): boolean {
  const re = ASK[effect];
  if (!re) return true;
  return requestText.length > 0 && re.test(requestText);
}

const TO_AGENT: RegExp[] = [
  /\b(?:to you|dear|hey|hi|hello|attention|note (?:to|for)|message (?:to|for)|instructions? (?:to|for))[ ,:]+(?:the |my |all |any )?(?:ai|assistant|assistants|ai assistant|ai model|language model|llm|chatbot|copilot)s?\b/i,
  /\b(?:ai assistants?|assistants?|ai agents?|ai models?|llms?|chatbots?|copilots?)\s*:/i,
  /\b(?:the |an? |any |all )(?:ai )?(?:assistant|assistants|ai agent|ai model|llm|chatbot|copilot)s?\b[^.!?\n]{0,40}\b(?:must|should|shall|needs? to|is required to|are required to|has to|have to|is instructed to|are instructed to)\b/i,
  /\bbefore you (?:can )?(?:solve|do|complete|finish|continue|proceed|answer|start|summari[sz]e|reply)\b/i,
  /<\/?information>/i,
  /\bignore (?:all |any )?(?:the |your )?(?:previous|prior|above|earlier|other|original) (?:instructions|rules|messages|directions|prompts?)\b/i,
  /\bthis is an important message from\b/i,
  /\b(?:new|updated|additional|important|urgent) instructions? (?:for|to) (?:you|the)\b/i,
  /\b(?:system|admin|developer) (?:override|instruction|note|message)\s*:/i,
];

/**
 * Untrusted text that addresses the agent with instructions ("Assistant: …", "Before you can solve the task…",
 * "<INFORMATION>…"): a cheap complement to the guard for the plan facts. Text that merely asks a person to pay
 * ("Please pay to IBAN …") is not addressed to the agent and does not count.
 */
export function addressesAgent(text: string): boolean {
  return TO_AGENT.some((re) => re.test(text));
}
