/**
 * The guard's detectors: precompiled patterns over untrusted text, each with a weight (its score when it fires
 * alone) and optional context rules that raise or lower that weight. Pure and deterministic; README.md in this
 * folder lists every detector with its blind spots. `guard.ts` runs them and combines the scores.
 */

export const GUARD_CATEGORIES = [
  "instruction_override",
  "exfiltration_request",
  "tool_coercion",
  "credential_request",
  "dangerous_command",
  "hidden_content",
  "learned_injection",
] as const;
export type GuardCategory = (typeof GUARD_CATEGORIES)[number];

export type GuardFinding = {
  detector: string;
  category: GuardCategory;
  /** 0..1 */
  score: number;
  /** the matched excerpt, ≤ 200 chars, with … where it was cut */
  evidence: string;
  /** offsets of the evidence in the raw text, where known (the learned model's window) */
  start?: number;
  end?: number;
};

/** A text prepared for matching: invisible characters removed, full-width letters folded to ASCII. */
export type PreparedText = {
  text: string;
  /** zero-width / word-joiner characters that were removed (emoji joiners and script joiners excluded) */
  zeroWidth: number;
  /** zero-width characters sitting between two ASCII letters: a word split to dodge matching */
  zeroWidthInWords: number;
  /** bidirectional overrides and isolates (U+202A–202E, U+2066–2069) */
  bidi: number;
  /** Unicode tag characters (U+E0000–E007F), decoded to the ASCII they mirror */
  tagText: string;
  /** position in `text` of the first removed character, for evidence */
  firstInvisibleAt: number;
};

/** A pattern detector. `weigh` may change the weight from the match and its surroundings; 0 drops the match. */
export type PatternDetector = {
  id: string;
  category: GuardCategory;
  weight: number;
  re: RegExp;
  /** whether quoting or a discussion of attacks around the match lowers its score (see discussionFactor) */
  discussable: boolean;
  /**
   * Lower-case literals (whitespace collapsed to one space), at least one of which every match contains: the regex
   * only runs when one is present, which keeps a clean 10 KB text well under a millisecond. guard.test.ts checks
   * each detector still fires on an example, so a wrong needle cannot silently disable one.
   */
  needles: string[];
  weigh?: (match: RegExpExecArray, text: string) => number;
};

// ---------------------------------------------------------------------------------------------------------------
// Shared vocabulary

/** Up to n characters inside one sentence: no newline, and no ". " / "! " / "? " sentence end. */
const S = (n: number) => `(?:[^\\n.!?]|[.!?](?=\\S)){0,${n}}?`;
// Bounded and anchored to a word start so that a long run of letters (a base64 blob) cannot make matching quadratic.
const EMAIL = String.raw`(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}`;
const URL = String.raw`(?:https?|ftp|sftp|wss?)://[^\s<>"'\x60)\]]+`;
const IP = String.raw`\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{2,5})?\b`;
const DOMAIN = String.raw`\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.(?:com|net|org|io|co|app|dev|xyz|ru|cn|top|site|info|biz|me|cc|tk|online|live|example)\b(?:/[^\s<>"')\]]*)?`;
const DEST_WORDS = String.raw`pastebin|webhook\.site|ngrok|requestbin|this (?:address|email|e-mail|url|link|endpoint|server|webhook|form|channel)|(?:an? |the )?(?:external|outside|personal|following|given) (?:address|email|e-mail|url|endpoint|server|webhook|inbox|account|channel)|#[a-z0-9][\w-]*(?:external|public|partners?|shared)[\w-]*`;
const DEST = `(?:${EMAIL}|${URL}|${IP}|${DOMAIN}|${DEST_WORDS})`;

/** Things worth stealing; an exfiltration request that names one of them weighs more. */
const SENSITIVE_RE = new RegExp(
  String.raw`\b(?:conversations?|chat (?:logs?|history)|history|transcripts?|(?:all|every|entire|full|complete|whole|last \d+|last (?:few|five|ten))\s+(?:of\s+)?(?:the\s+|my\s+|your\s+|their\s+|user'?s?\s+|\w+\s+){0,2}(?:e-?mails?|messages|files|records|data|documents|docs|contacts|threads?|inbox|mailbox|folders?|notes|attachments|database|thread|reports)|inbox|mailbox|customer (?:data|list|records|database|e-?mails|details)|user'?s? (?:data|messages|e-?mails|files|documents|contacts)|personal data|pii|database|credentials?|passwords?|api[ _-]?keys?|secrets?|access tokens?|private keys?|ssh keys?|contents? of|the above|everything|verbatim|raw contract|contract (?:terms|text)|confidential|system prompt|env(?:ironment)? var(?:iable)?s|\.env|source code|payroll|salary|social security|credit card|bank (?:login|details|account)|tax documents|attendee list|attached files|address book)\b`,
  "i",
);
const STEALTH_RE = /\b(?:silently|quietly|secretly|covertly|discreetly|without (?:telling|informing|notifying|alerting|asking)|do not (?:tell|inform|mention)|don'?t (?:tell|inform|mention))\b/i;
const NEGATION_BEFORE_RE = /\b(?:never|not|don'?t|doesn'?t|won'?t|no one|nobody|shouldn'?t|mustn'?t|cannot|can'?t|avoid|refuse[sd]?|instead of)\b[^.!?\n]{0,30}$/i;

// ---------------------------------------------------------------------------------------------------------------
// Pattern detectors

const rx = (source: string) => new RegExp(source, "gi");

const CRED = String.raw`(?:api[ _-]?keys?|access[ _-]?keys?|secret[ _-]?(?:access[ _-]?)?keys?|passwords?|passphrases?|passwd|(?:access|auth|bearer|refresh|session|oauth|github|gitlab|slack|api|npm|personal access)[ _-]?tokens?|client[ _-]?secrets?|secrets|private[ _-]?keys?|ssh[ _-]?(?:private[ _-]?)?keys?|credentials|aws_secret_access_key|openai_api_key|[a-z]+_api_key|one[- ]time (?:codes?|passwords?|passcodes?)|otp codes?|2fa codes?|mfa codes?|verification codes?|recovery codes?|backup codes?|seed phrases?|recovery phrases?|mnemonic|\.env(?: file)?|env(?:ironment)? var(?:iable)?s|session cookies?|bank login)`;
const CRED_NOT_OBJECT = String.raw`(?!\s*-?\s*(?:reset|recovery|manager|policy|policies|requirements?|strength|change|hint|expir\w*|link|field|box|page|form|rules?|protected|length|complexity|rotation|generator|settings))`;
const STRONG_VERBS = String.raw`send|share|provide|give|paste|reply with|respond with|post|forward|e-?mail|tell me|disclose|reveal|output|print|dump|upload|read out|list|submit|leak|expose|echo|log|hand over|type out|write out`;
const WEAK_VERBS = String.raw`include|enter|type|use|copy|add`;
const CRED_FILLER = String.raw`(?:(?:me|us|them|it|back|over|here)\s+)?(?:(?:the|your|all|any|its|their|our|every|each|current|stored|saved|valid|this|that|his|her|user'?s?|admin|administrator|agent'?s?|system|root|6-digit|full|production|prod)\s+){0,3}(?:[\w-]+\s+){0,2}`;

function negatedBefore(text: string, index: number): boolean {
  return NEGATION_BEFORE_RE.test(text.slice(Math.max(0, index - 45), index));
}

export const PATTERN_DETECTORS: PatternDetector[] = [
  // ----- instruction override -----
  {
    id: "ignore_previous_instructions",
    needles: ["ignore", "disregard", "forget", "override", "bypass", "discard", "abandon", "neglect", "set aside", "overrule", "supersede"],
    category: "instruction_override",
    weight: 0.85,
    discussable: true,
    re: rx(
      String.raw`\b(?:ignore|disregard|forget|override|bypass|discard|abandon|neglect|set aside|overrule|supersede[sd]?)\s+(?:(?:all|any|the|your|my|these|those|every|of|everything)\s+){0,3}(?:previous|prior|above|earlier|preceding|former|original|initial|system|developer|safety|existing|all|any|other)\s+(?:\w+\s+){0,2}(?:instructions?|rules|directives?|guidelines|guidance|prompts?|commands|context|messages|constraints|restrictions|programming|directions|orders|policies|guardrails)\b`,
    ),
  },
  {
    id: "forget_everything",
    needles: ["forget", "ignore", "disregard"],
    category: "instruction_override",
    weight: 0.8,
    discussable: true,
    re: rx(String.raw`\b(?:forget|ignore|disregard)\s+(?:about\s+)?(?:everything|all)\s+(?:(?:you(?:'ve| have| were)?\s+(?:been\s+)?(?:told|taught|said|instructed))|above|before|prior|previously|so far|up to (?:now|this point))`),
  },
  {
    id: "disregard_system_prompt",
    needles: ["disregard", "ignore", "forget", "override", "bypass", "replace"],
    category: "instruction_override",
    weight: 0.85,
    discussable: true,
    re: rx(String.raw`\b(?:disregard|ignore|forget|override|bypass|replace)\s+(?:the\s+|your\s+|its\s+)?(?:system\s+(?:prompt|message)|guardrails|safety\s+(?:rules|guidelines|filters|policies|protocols|settings|instructions))`),
  },
  {
    id: "foreign_language_override",
    needles: ["ignor"],
    category: "instruction_override",
    weight: 0.85,
    discussable: true,
    re: rx(
      String.raw`\b(?:ignora(?:r)?\s+(?:todas\s+)?las\s+instrucciones\s+(?:anteriores|previas)|ignore[zr]?\s+(?:toutes\s+)?les\s+instructions\s+pr[ée]c[ée]dentes|ignorier(?:e|en)?\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen)\s+(?:anweisungen|instruktionen)|ignora\s+(?:tutte\s+)?le\s+istruzioni\s+precedenti|ignore\s+as\s+instru[çc][õo]es\s+anteriores)`,
    ),
  },
  {
    id: "role_reassignment",
    needles: ["are now", "are no longer"],
    category: "instruction_override",
    weight: 0.6,
    discussable: true,
    re: rx(
      String.raw`\byou\s+are\s+(?:now|no longer)\s+(?:an?\s+|the\s+|my\s+|in\s+|operating\s+in\s+)?(?:[\w-]+\s+){0,2}(?:assistant|ai|model|chatbot|character|persona|dan|jailbroken|unrestricted|unfiltered|uncensored|developer mode|god mode|debug mode|jailbreak mode|evil|hacker|bound by|restricted|limited)\b`,
    ),
  },
  {
    id: "from_now_on",
    needles: ["now on", "henceforth", "going forward", "rest of this"],
    category: "instruction_override",
    weight: 0.3,
    discussable: true,
    re: rx(String.raw`\b(?:from\s+now\s+on|henceforth|going\s+forward|for\s+the\s+rest\s+of\s+this\s+(?:conversation|session|chat))\s*,?\s+(?:you|the\s+assistant|the\s+agent|the\s+ai)\s+(?:will|must|shall|should|are|may|can)\s+(\w+)`),
    weigh: (m) => (/^(?:ignore|obey|only|always|never|not|act|respond|answer|follow|comply|pretend|reply|refuse)$/i.test(m[1]) ? 0.55 : 0.3),
  },
  {
    id: "new_instructions_header",
    needles: ["instruction", "directive", "orders", "prompt", "task"],
    category: "instruction_override",
    weight: 0.5,
    discussable: true,
    re: rx(String.raw`\b(new|updated|revised|real|actual|true|secret|hidden|override|priority|urgent|additional|important|supplementary)\s+(?:system\s+)?(?:instructions?|directives?|orders|system\s+prompt|task|prompt)\s*(?:for\s+(?:the\s+)?(?:ai|assistant|agent|model|llm)\s*)?:`),
    weigh: (m) => (/^(?:important|additional|supplementary|urgent)$/i.test(m[1]) ? 0.35 : 0.5),
  },
  {
    id: "system_update_banner",
    needles: ["system", "admin", "developer", "security"],
    category: "instruction_override",
    weight: 0.55,
    discussable: true,
    re: rx(String.raw`(?:\[\s*(?:system|admin|developer)\s*(?:notice|message|override|update|alert|instruction)?\s*\]|\b(?:system|admin|developer|security)\s+(?:override|prompt\s+update|instruction|notice|directive)\s*:)`),
  },
  {
    id: "override_safety",
    needles: ["override", "bypass", "disable", "turn off", "circumvent", "deactivate", "ignore", "remove", "suspend", "lift"],
    category: "instruction_override",
    weight: 0.7,
    discussable: true,
    re: rx(
      String.raw`\b(?:override|bypass|disable|turn\s+off|circumvent|deactivate|ignore|remove|suspend|lift)\s+(?:all\s+|any\s+|the\s+|your\s+|its\s+|these\s+)*(?:(safety|ethical|moderation|content|security)\s+)?(settings|rules|guidelines|filters?|protocols|restrictions|guardrails|safeguards|policies|policy|checks|alignment|limitations)\b`,
    ),
    weigh: (m) => {
      const qualifier = (m[1] ?? "").toLowerCase();
      const noun = m[2].toLowerCase();
      if (noun === "guardrails" || noun === "safeguards" || noun === "alignment") return 0.7;
      if (qualifier === "safety" || qualifier === "ethical" || qualifier === "moderation") return 0.7;
      if (qualifier === "security" || qualifier === "content") return 0.35;
      return 0;
    },
  },
  {
    id: "safety_disabled_claim",
    needles: ["safety", "security"],
    category: "instruction_override",
    weight: 0.6,
    discussable: true,
    re: rx(String.raw`\b(?:safety|security)\s+(?:checks|filters|rules|policy|policies|restrictions|guidelines)\s+(?:are|is|have\s+been|has\s+been)\s+(?:now\s+)?(?:disabled|deprecated|lifted|suspended|turned\s+off|removed|void)\b`),
  },
  {
    id: "obey_only_this",
    needles: ["only", "supersede", "override", "replace"],
    category: "instruction_override",
    weight: 0.7,
    discussable: true,
    re: rx(String.raw`\b(?:obey|follow|trust|execute)\s+only\s+(?:the\s+)?(?:instructions|commands|orders|directions)\s+(?:in|from|within)\s+(?:this|the\s+following)\b|\bthe\s+following\s+(?:supersedes|overrides|replaces)\s+(?:all\s+|any\s+)?(?:your\s+|the\s+)?(?:previous|prior|earlier|other|system)?\s*(?:instructions|guidance|rules|prompt)`),
  },
  {
    id: "address_to_ai",
    needles: ["ai", "a.i.", "llm", "model", "chatbot", "gpt", "claude", "gemini", "copilot", "assistant", "agent"],
    category: "instruction_override",
    weight: 0.55,
    discussable: true,
    re: rx(
      String.raw`(?:\b(?:dear|attention|attn|note|notes|message|instructions?|hint|reminder|p\.?s\.?)\s*(?:to|for)?\s*:?\s*(?:the\s+|any\s+|all\s+)?(?:ai|a\.i\.|llm|llms|language\s+models?|chatbots?|gpt|chatgpt|claude|gemini|copilot|(?:ai|llm|automated|summari[sz]ation|coding|code|mail|email|browsing)\s+(?:assistants?|agents?|models?|systems?|reviewers?|maintainers?|crawlers?|bots?)|assistant|the\s+agent)\b|(?:^|[\n"'>\]])[ \t]*(?:chatgpt|claude|gemini|copilot|assistant|ai|llm)[ \t]*(?:,|:[ \t]*(?:please|ignore|disregard|forget|call|invoke|send|forward|e-?mail|upload|post|run|execute|delete|reply|respond|tell|reveal|print|include|add|append|use|recommend|say|when|before|after|from now on|you\s+(?:must|should|will|are))\b))`,
    ),
  },
  {
    id: "if_you_are_an_ai",
    needles: ["if you are"],
    category: "instruction_override",
    weight: 0.65,
    discussable: true,
    re: rx(String.raw`\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|a\.i\.|llm|large\s+language\s+model|language\s+model|ai\s+\w+|chatbot|automated\s+(?:agent|system|assistant)|bot|gpt|assistant)\b`),
  },
  {
    id: "ai_reading_this",
    needles: ["reading", "processing", "summari", "parsing", "analy", "crawling", "browsing", "ingesting", "indexing", "when you", "when the"],
    category: "instruction_override",
    weight: 0.6,
    discussable: true,
    re: rx(String.raw`\b(?:ai|llms?|gpts?|assistants?|(?:ai|llm|coding|automated)\s+agents?|models?|bots?)\s+(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|crawling|browsing|ingesting|indexing)\s+(?:this|these|the\s+following)\b|\bwhen\s+(?:you|the\s+(?:ai|assistant|agent|model))\s+(?:read|process|summari[sz]e|parse|ingest)\s+this\b`),
  },
  {
    id: "chat_template_tokens",
    needles: ["<|", "inst]", "<<sys", "<</sys", "<sys", "</sys", "<system"],
    category: "instruction_override",
    weight: 0.7,
    discussable: false,
    re: rx(String.raw`<\|(?:im_start|im_end|system|assistant|user|endoftext|start_header_id|end_header_id|eot_id)\|>|\[/?INST\]|<</?SYS>>|</?(?:system|system_prompt|sys)>`),
  },
  {
    id: "role_line",
    needles: ["system", "developer"],
    category: "instruction_override",
    weight: 0.3,
    discussable: true,
    re: rx(String.raw`(?:^|\n)[ \t]*(?:#{1,4}[ \t]*)?\[?(?:system|developer)\]?[ \t]*(prompt|message|override|instructions?|update)?[ \t]*:`),
    weigh: (m) => (m[1] ? 0.6 : 0.3),
  },
  {
    id: "concealment",
    needles: ["do not", "don't", "dont", "never", "without", "keep this", "keep these", "hide this", "hide these", "this instruction", "these instruction", "this note", "these note"],
    category: "instruction_override",
    weight: 0.6,
    discussable: true,
    re: rx(
      String.raw`\b(?:do\s+not|don'?t|never|without)\s+(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|mention(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|let(?:ting)?|show(?:ing)?|report(?:ing)?|ask(?:ing)?)\s+(?:\w+\s+){0,3}(?:the\s+|your\s+|any\s+)?(?:users?|humans?|operators?|requesters?|owners?|reviewers?)\b|\b(?:do\s+not|don'?t)\s+mention\s+(?:it|this|that)\b[^.\n]{0,40}\b(?:pr|pull request|summary|reply|response|description|commit|user)\b|\b(?:keep|hide)\s+(?:this|these)\s+(?:instructions?|steps?|actions?|message)\s+(?:secret|hidden|from)\b|\b(?:this|these)\s+(?:instructions?|note)\s+(?:is|are|must\s+be|should\s+be)\s+(?:kept\s+)?(?:secret|hidden|invisible)\b`,
    ),
  },
  {
    id: "authority_claim",
    needles: ["this is not a", "this instruction", "this request", "this message", "this command", "authori", "approved", "permitted", "allowed", "granted"],
    category: "instruction_override",
    weight: 0.6,
    discussable: false,
    re: rx(
      String.raw`\bthis\s+is\s+not\s+an?\s+(?:prompt\s+)?(?:injection|attack|jailbreak)\b|\bthis\s+(?:instruction|request|message|command)\s+is\s+(?:legitimate|authori[sz]ed|approved|safe|official|(?:an?\s+)?authori[sz]ed\s+instruction|from\s+(?:the\s+|your\s+)?(?:admin|administrator|developer|system|owner|operator|security\s+team))|\b(?:user|admin|administrator|developer|owner|operator|ceo|security\s+team)\s+(?:has|have)\s+(?:already\s+)?(?:authori[sz]ed|approved|permitted|allowed|granted\s+permission\s+for)\s+(?:you|the\s+assistant|the\s+agent|this\s+action|this)\b`,
    ),
  },
  {
    id: "decode_and_follow",
    needles: ["decode", "decrypt", "deobfuscate", "reverse"],
    category: "instruction_override",
    weight: 0.7,
    discussable: true,
    re: rx(String.raw`\b(?:decode|decrypt|deobfuscate|reverse)\s+(?:this|the\s+following|the\s+(?:string|text|message)\s+below)\b${S(60)}\b(?:and|then)\s+(?:follow|execute|run|obey|do)\b`),
  },

  // ----- exfiltration requests -----
  {
    id: "send_to_destination",
    needles: ["forward", "send", "mail", "upload", "post", "transfer", "exfiltrate", "copy", "sync", "share", "leak", "submit", "paste", "deliver", "relay", "dump", "push", "transmit", "export", "cc", "route", "redirect", "publish", "append"],
    category: "exfiltration_request",
    weight: 0.35,
    discussable: true,
    re: rx(
      String.raw`\b(?:forward|send|e-?mail|upload|post|transfer|exfiltrate|copy|sync|share|leak|submit|paste|deliver|relay|mail|dump|push|transmit|export|cc|route|redirect|publish|append)\b${S(120)}\b(?:to|into|at|on|via|onto)\s+(?:the\s+|this\s+|our\s+|my\s+)?(?:(?:address|url|endpoint|server|webhook|email|e-mail|inbox|site|channel|form|bucket)\s+)?${DEST}`,
    ),
    weigh: (m, text) => {
      const span = m[0];
      const sentence = sentenceAround(text, m.index, m.index + span.length);
      let w = SENSITIVE_RE.test(span) ? 0.7 : 0.35;
      if (/\b(?:all|every|entire|full|complete|whole)\b/i.test(span) && w > 0.35) w = 0.8;
      if (STEALTH_RE.test(sentence)) w += 0.15;
      return Math.min(w, 0.9);
    },
  },
  {
    id: "standing_redirect",
    needles: ["always", "now on", "going forward", "henceforth", "future", "every time", "whenever", "permanently", "by default"],
    category: "exfiltration_request",
    weight: 0.55,
    discussable: true,
    re: rx(
      String.raw`\b(?:always|from\s+now\s+on|going\s+forward|henceforth|in\s+(?:the\s+)?future|all\s+future|every\s+time|whenever|permanently|by\s+default)\b${S(80)}\b(?:send|route|post|forward|upload|submit|direct|redirect|deliver|transfer|e-?mail|sync|report|call)(?:ed|s)?\b${S(100)}(?:\b(?:to|at|via|into)\s+(?:the\s+|this\s+|that\s+)?(?:(?:address|url|endpoint|server|webhook)\s+)?${DEST}|\bthere\b)`,
    ),
    weigh: (m) => (SENSITIVE_RE.test(m[0]) || /\b(?:payments?|transfers?|invoices?|reports?)\b/i.test(m[0]) ? 0.6 : 0.5),
  },
  {
    id: "endpoint_moved",
    needles: ["moved", "changed", "migrated", "updated", "is now"],
    category: "exfiltration_request",
    weight: 0.25,
    discussable: true,
    re: rx(String.raw`\b(?:api|endpoint|url|webhook|server|domain|address|account|portal|billing)\b${S(40)}\b(?:has\s+|have\s+)?(?:moved|changed|migrated|been\s+updated|is\s+now)\s+(?:to|at)\s+(?:${URL}|${DOMAIN}|${IP})`),
  },
  {
    id: "bcc_destination",
    needles: ["bcc", "b.cc"],
    category: "exfiltration_request",
    weight: 0.5,
    discussable: true,
    re: rx(String.raw`\bb\.?cc\b${S(60)}${EMAIL}|${EMAIL}${S(40)}\b(?:as|in|on|to)\s+(?:a\s+|the\s+)?b\.?cc\b`),
    weigh: (m, text) => {
      const sentence = sentenceAround(text, m.index, m.index + m[0].length);
      return /\b(?:all|every|each|any|future|always|outgoing)\b/i.test(sentence) ? 0.75 : 0.5;
    },
  },
  {
    id: "include_verbatim_in_output",
    needles: ["verbatim", "raw", "word for word", "word-for-word", "in full", "unredacted", "full text", "exact wording", "exact text", "confidential", "contract", "credential", "secret", "password", "api key", "customer data", "personal", "system prompt", "conversation", "private", "internal", "proprietary", "external", "public", "partner"],
    category: "exfiltration_request",
    weight: 0.45,
    discussable: true,
    re: rx(
      String.raw`\b(?:include|insert|embed|append|paste|quote|copy|reproduce|post|add|put)\b${S(100)}\b(?:in|into|to)\s+(?:your|the|a|this|every|each)\s+(?:[\w#-]+\s+){0,2}(?:reply|replies|response|responses|summary|summaries|message|output|post|slack|channel|email|answer|report|comment|update)\b`,
    ),
    weigh: (m) => {
      const verbatim = /\b(?:verbatim|raw|word[- ]for[- ]word|in full|unredacted|full text|exact wording|exact text)\b/i.test(m[0]);
      const sensitive = /\b(?:confidential|contract|credentials?|secrets?|passwords?|api keys?|customer data|personal|system prompt|conversation|private|internal|proprietary)\b/i.test(m[0]);
      if (verbatim && sensitive) return 0.65;
      if (verbatim || (sensitive && /\b(?:external|public|partner)/i.test(m[0]))) return 0.45;
      return 0;
    },
  },
  {
    id: "markdown_image_exfil",
    needles: ["]("],
    category: "exfiltration_request",
    weight: 0.75,
    discussable: true,
    re: rx(String.raw`!\[[^\]\n]{0,100}\]\(\s*https?://[^)\s]{0,300}?[?&][\w.-]+=(?:\{|\[|<|%7b|%5b|%3c|\$)[^)\s]{0,100}\)`),
  },
  {
    id: "append_data_to_url",
    needles: ["append", "add", "insert", "replace", "encode", "substitute", "put", "attach"],
    category: "exfiltration_request",
    weight: 0.65,
    discussable: true,
    re: rx(String.raw`\b(?:append|add|insert|replace|encode|substitute|put|attach)\b${S(80)}\b(?:to|into|in|with|as)\s+(?:the\s+|this\s+|a\s+)?(?:url|link|query(?:\s+string)?|parameter|image\s+(?:url|link)|${URL})`),
    weigh: (m) => (SENSITIVE_RE.test(m[0]) || /\b(?:summary|messages?|user'?s?)\b/i.test(m[0]) ? 0.65 : 0),
  },
  {
    id: "reveal_system_prompt",
    needles: ["system prompt", "initial prompt", "hidden prompt", "hidden instructions", "original instructions", "instructions above", "developer message", "preprompt", "pre-prompt"],
    category: "exfiltration_request",
    weight: 0.5,
    discussable: true,
    re: rx(String.raw`\b(?:reveal|print|output|repeat|show|display|leak|tell\s+me|give\s+me|write\s+out|dump|disclose|recite)\s+(?:\w+\s+){0,3}(?:system\s+prompt|initial\s+prompt|hidden\s+(?:prompt|instructions)|original\s+instructions|instructions\s+above|developer\s+message|pre-?prompt)\b`),
  },

  // ----- tool coercion -----
  {
    id: "call_named_tool",
    needles: ["tool", "function", "action", "plugin", "api", "endpoint", "skill"],
    category: "tool_coercion",
    weight: 0.4,
    discussable: true,
    re: rx(String.raw`\b(?:call|invoke|trigger|execute|use|run|fire)\s+(?:the\s+|your\s+)?[\x60'"]?([a-z][\w-]*(?:[._][\w-]+)+|(?!(?:to|a|an|this|that|for|into|on|of|another|any|some|each|every|back|in|out|up)\b)[a-z]+)[\x60'"]?\s+(?:tool|function|action|plugin|api|endpoint|skill)\b`),
    weigh: (m) => (/[._]/.test(m[1]) ? 0.4 : /^(?:call|invoke|trigger|fire)/i.test(m[0]) ? 0.3 : 0),
  },
  {
    id: "agent_must_act",
    needles: ["assistant", "agent", "ai", "model", "llm", "bot"],
    category: "tool_coercion",
    weight: 0.55,
    discussable: true,
    re: rx(
      String.raw`\b(?:the\s+)?(?:assistant|agent|ai|model|llm|bot)\s+(?:must|should|shall|needs?\s+to|has\s+to|is\s+required\s+to|will\s+now|is\s+instructed\s+to|is\s+to)\s+(?:now\s+|immediately\s+|also\s+|first\s+|then\s+)?(?:call|invoke|run|execute|use|send|forward|e-?mail|post|upload|delete|transfer|create|grant|approve|disable|reply|export|share|wire|pay|refund|download|install|write|modify|push|merge)\b`,
    ),
  },
  {
    id: "you_must_act_now",
    needles: ["immediately", "now", "silently", "quietly", "secretly", "automatically"],
    category: "tool_coercion",
    weight: 0.45,
    discussable: true,
    re: rx(String.raw`\byou\s+(?:must|should|need\s+to|are\s+required\s+to)\s+(?:immediately|now|silently|quietly|secretly|automatically)\s+(?:call|invoke|run|execute|send|forward|e-?mail|post|upload|delete|transfer|grant|approve|export|wire|pay|download|install)\b`),
  },
  {
    id: "run_following_command",
    needles: ["following", "this", "these", "below"],
    category: "tool_coercion",
    weight: 0.15,
    discussable: false,
    re: rx(String.raw`\b(?:run|execute|paste|enter)\s+(?:the\s+following|this|these|the\s+command\s+below)\s+(?:shell\s+|bash\s+|terminal\s+|powershell\s+)?(?:command|code|script|snippet|commands|one-liner)s?\b|\bexecute\s+the\s+following\b`),
    weigh: (m, text) => (/\b(?:immediately|now|without|silently|automatically|before\s+(?:answering|responding|replying))\b/i.test(sentenceAround(text, m.index, m.index + m[0].length)) ? 0.4 : 0.15),
  },
  {
    id: "skip_confirmation",
    needles: ["confirmation", "approval", "permission", "consent", "review"],
    category: "tool_coercion",
    weight: 0.55,
    discussable: true,
    re: rx(
      String.raw`\bwithout\s+(?:asking|requesting|waiting\s+for|seeking|prompting)\s+(?:for\s+)?(?:the\s+user'?s?\s+|any\s+|user\s+|human\s+)?(?:confirmation|approval|permission|consent|review)\b|\b(?:do\s+not|don'?t|never)\s+(?:ask|wait|prompt)\s+(?:the\s+user\s+)?(?:for\s+)?(?:confirmation|approval|permission|consent)\b|\bskip\s+(?:the\s+)?(?:confirmation|approval|review)\s+(?:step|prompt|dialog|check)\b`,
    ),
  },
  {
    id: "tool_call_markup",
    needles: ["tool_call", "function_call", "tool_use", "<invoke", "\"tool", "\"function", "\"name"],
    category: "tool_coercion",
    weight: 0.45,
    discussable: false,
    re: rx(String.raw`<\/?(?:tool_call|function_call|function_calls|tool_use)\b|<invoke\s+name=|"(?:tool|function|tool_name|name)"\s*:\s*"[\w.-]+"\s*,\s*"(?:arguments|parameters|args|input)"\s*:`),
    weigh: (m) => (m[0].startsWith("<") ? 0.5 : 0.25),
  },

  // ----- credential requests -----
  {
    id: "credential_request",
    needles: ["key", "pass", "token", "secret", "credential", "code", "phrase", "mnemonic", ".env", "env var", "environment var", "cookie", "bank login"],
    category: "credential_request",
    weight: 0.45,
    discussable: true,
    re: rx(String.raw`\b(${STRONG_VERBS}|${WEAK_VERBS})\s+${CRED_FILLER}${CRED}\b${CRED_NOT_OBJECT}`),
    weigh: (m, text) => {
      if (negatedBefore(text, m.index)) return 0.05;
      const weak = new RegExp(`^(?:${WEAK_VERBS})$`, "i").test(m[1]);
      if (weak) return /\b(?:into|to)\s+(?:this|the\s+following)\b/i.test(text.slice(m.index, m.index + m[0].length + 60)) ? 0.45 : 0.2;
      // verbs that hand the secret to whoever asks weigh more than a generic "send"/"share"
      return /^(?:dump|leak|expose|reveal|disclose|print|output|echo|log|list|reply with|respond with|tell me|hand over|type out|write out|read out)$/i.test(m[1]) ||
        /^\s*(?:me|us)\b/i.test(m[0].slice(m[1].length))
        ? 0.55
        : 0.45;
    },
  },
  {
    id: "credential_file_reference",
    needles: [".ssh/", ".aws/", ".netrc", ".git-credentials", ".pgpass", ".docker/", ".kube/", ".npmrc"],
    category: "credential_request",
    weight: 0.3,
    discussable: true,
    re: rx(String.raw`(?:~|\$home|/home/[\w.-]+|/root)?/?\.(?:ssh/id_(?:rsa|ed25519|ecdsa|dsa)|aws/credentials|netrc|git-credentials|pgpass|docker/config\.json|kube/config|npmrc)\b`),
  },
  {
    id: "secrets_in_ci",
    needles: ["secrets."],
    category: "credential_request",
    weight: 0.6,
    discussable: true,
    re: rx(String.raw`\b(?:print|echo|log|output|cat|dump|post|send)\b${S(40)}\$\{\{\s*secrets\.`),
  },

  // ----- dangerous commands -----
  {
    id: "rm_rf_root",
    needles: ["rm "],
    category: "dangerous_command",
    weight: 0.65,
    discussable: true,
    re: rx(String.raw`\brm\s+(?:-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*|-r\s+-f|-f\s+-r|--recursive\s+--force)\s+(?:--no-preserve-root\s+)?(?:/|~/?|\*|\$home/?|/\*|\.\*)(?=$|[\s"'\x60;|&)])`),
  },
  {
    id: "rm_rf",
    needles: ["rm "],
    category: "dangerous_command",
    weight: 0.1,
    discussable: true,
    re: rx(String.raw`\brm\s+(?:-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*)\s+\S`),
  },
  {
    id: "pipe_to_shell",
    needles: ["curl", "wget", "iwr", "invoke-webrequest", "fetch"],
    category: "dangerous_command",
    weight: 0.35,
    discussable: true,
    re: rx(String.raw`\b(?:curl|wget|iwr|invoke-webrequest|fetch)\b[^\n|;]{0,200}\|\s*(?:sudo\s+(?:-\w+\s+)*)?(?:sh|bash|zsh|ksh|dash|python[23]?|perl|ruby|node|iex|powershell|pwsh)\b`),
  },
  {
    id: "decode_to_shell",
    needles: ["base64", "eval"],
    category: "dangerous_command",
    weight: 0.8,
    discussable: true,
    re: rx(String.raw`\bbase64\s+(?:-d|--decode|-D)\b[^\n]{0,80}\|\s*(?:sudo\s+)?(?:sh|bash|zsh|python[23]?|perl|ruby|node)\b|\beval\s*\(\s*(?:atob|base64_decode|Buffer\.from)\b`),
  },
  {
    id: "reverse_shell",
    needles: ["/dev/tcp", "-e /bin", "socat"],
    category: "dangerous_command",
    weight: 0.9,
    discussable: true,
    re: rx(String.raw`\b(?:ba)?sh\s+-i\s*>&?\s*/dev/tcp/|\bnc(?:at)?\s+(?:-\w+\s+)*-e\s+/bin/(?:ba)?sh|/dev/tcp/\d{1,3}(?:\.\d{1,3}){3}/\d+|\bsocat\b[^\n]{0,60}exec:`),
  },
  {
    id: "destructive_system",
    needles: [":()", "mkfs", "dd ", "chmod", "/dev/sd"],
    category: "dangerous_command",
    weight: 0.7,
    discussable: true,
    re: rx(String.raw`:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:|\bmkfs(?:\.\w+)?\s+/dev/|\bdd\s+if=\S+\s+of=/dev/(?:sd|nvme|hd|xvd|disk)|\bchmod\s+(?:-R\s+)?(?:777|a\+rwx)\s+/(?=$|[\s"'\x60;|&])|>\s*/dev/sd[a-z]\b`),
  },
  {
    id: "credential_exfil_command",
    needles: ["curl", "wget", "printenv", "env", "set"],
    category: "dangerous_command",
    weight: 0.85,
    discussable: true,
    re: rx(
      String.raw`\b(?:env|printenv|set)\s*\|\s*(?:curl|nc|wget|ncat)\b|\b(?:curl|wget)\b[^\n]{0,150}(?:-d|--data(?:-binary|-raw)?|-F|--form|--upload-file|-T)\s*["']?@?[~./\w-]*(?:\.env|id_rsa|id_ed25519|credentials|passwd|shadow|\.ssh|\.aws|-)\b|\bcat\s+[~./\w-]*(?:\.env|id_rsa|id_ed25519|\.aws/credentials|/etc/shadow)\b[^\n]{0,40}\|\s*(?:curl|nc|wget|base64)|\b(?:curl|wget)\b[^\n]{0,150}\$\((?:cat|env|printenv|whoami|hostname)`,
    ),
  },
  {
    id: "read_sensitive_file",
    needles: ["/etc/", ".ssh/", ".aws/", ".env"],
    category: "dangerous_command",
    weight: 0.5,
    discussable: true,
    re: rx(String.raw`\b(?:cat|less|more|head|tail|type|get-content|cp|scp|base64)\s+(?:-\w+\s+)*[~./\w-]*(?:/etc/(?:passwd|shadow|sudoers)|\.ssh/id_\w+|\.aws/credentials|\.env)\b`),
  },
  {
    id: "system_file_mention",
    needles: ["/etc/"],
    category: "dangerous_command",
    weight: 0.25,
    discussable: true,
    re: rx(String.raw`/etc/(?:passwd|shadow|sudoers)\b`),
  },
  {
    id: "destructive_sql",
    needles: ["drop", "truncate", "delete", "wipe", "purge"],
    category: "dangerous_command",
    weight: 0.4,
    discussable: true,
    re: rx(String.raw`\b(?:drop\s+(?:table|database|schema)|truncate\s+table)\b|\bdelete\s+from\s+[\w."]+\s*;|\b(?:delete_all|drop_all|wipe|purge)_?\w*(?:\s+(?:tool|function|command))?\s+(?:on|from|in|against)\s+(?:the\s+)?prod(?:uction)?\b`),
    weigh: (m, text) => (/\bif\s+exists\b/i.test(text.slice(m.index, m.index + m[0].length + 12)) ? 0.3 : 0.4),
  },
  {
    id: "encoded_powershell",
    needles: ["powershell", "pwsh", "iex", "invoke-expression", "downloadstring"],
    category: "dangerous_command",
    weight: 0.8,
    discussable: true,
    re: rx(String.raw`\b(?:powershell|pwsh)(?:\.exe)?\s+(?:-\w+\s+(?:\w+\s+)?)*?-(?:e|ec|enc|encodedcommand)\s+[A-Za-z0-9+/=]{20,}|\b(?:iex|invoke-expression)\b\s*\(?\s*\(?\s*new-object\s+(?:system\.)?net\.webclient|\.downloadstring\s*\(`),
  },
  {
    id: "privileged_destructive",
    needles: ["sudo", "histfile", "history -c", "bash_history"],
    category: "dangerous_command",
    weight: 0.3,
    discussable: true,
    re: rx(String.raw`\bsudo\s+(?:rm\s+-|sh\s+-c|bash\s+-c|chmod\s+-R|chown\s+-R|dd\s+|mkfs)|\bunset\s+histfile\b|\bhistory\s+-c\b|\brm\s+(?:-\w+\s+)?~?/?\.bash_history\b`),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Needle prefilter

const ALL_NEEDLES = [...new Set(PATTERN_DETECTORS.flatMap((d) => d.needles))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A lookahead at every position records the longest needle starting there; the shorter needles starting at the same
// position are its prefixes, added too, so the result is exactly "where does each needle occur".
const NEEDLE_RE = new RegExp(`(?=(${ALL_NEEDLES.map((n) => escapeRe(n).replace(/ /g, "\\s+")).join("|")}))`, "g");
const PREFIXES = new Map(ALL_NEEDLES.map((n) => [n, ALL_NEEDLES.filter((m) => n.startsWith(m))]));
const MAX_POSITIONS = 400;

/**
 * Where each needle occurs in `lower` (the text with ASCII letters lower-cased, so positions are the text's own).
 * Stops recording a needle after MAX_POSITIONS occurrences; the caller then scans the whole text for it.
 */
export function needlePositions(lower: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const m of lower.matchAll(NEEDLE_RE)) {
    const key = m[1].replace(/\s+/g, " ");
    for (const p of PREFIXES.get(key) ?? [key]) {
      const list = found.get(p);
      if (!list) found.set(p, [m.index]);
      else if (list.length <= MAX_POSITIONS) list.push(m.index);
    }
  }
  return found;
}

/** Lower-cases ASCII letters only, so that every index still refers to the same character. */
export const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

// How far around a needle a match may reach. Matches are sentence-bounded and shorter than this in practice.
const WINDOW_RADIUS = 300;

/**
 * The spans of `text` a detector must search: windows around its needles, merged; the whole text when the windows
 * would cover most of it anyway; nothing when no needle occurs. A window starts at a line start so `^` and `\b`
 * keep their meaning.
 */
export function searchSpans(text: string, detector: PatternDetector, positions: Map<string, number[]>): Array<[number, number]> {
  const at: number[] = [];
  for (const n of detector.needles) {
    const list = positions.get(n);
    if (!list) continue;
    if (list.length > MAX_POSITIONS) return [[0, text.length]];
    at.push(...list);
  }
  if (at.length === 0) return [];
  at.sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  let covered = 0;
  for (const p of at) {
    let a = Math.max(0, p - WINDOW_RADIUS);
    const nl = text.lastIndexOf("\n", a);
    a = nl < 0 ? (a - 0 <= 300 ? 0 : a) : a - nl <= 300 ? nl + 1 : a;
    const b = Math.min(text.length, p + WINDOW_RADIUS);
    const last = spans[spans.length - 1];
    if (last && a <= last[1]) {
      covered += Math.max(0, b - last[1]);
      last[1] = Math.max(last[1], b);
    } else {
      spans.push([a, b]);
      covered += b - a;
    }
  }
  return covered > text.length * 0.6 ? [[0, text.length]] : spans;
}

// ---------------------------------------------------------------------------------------------------------------
// Text preparation and context helpers

/** Zero-width characters, word joiners and the soft hyphen: removed before matching (prepare.ts reads the same set). */
export const ZERO_WIDTH_CHARS = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e, 0x00ad]);
/** Bidirectional overrides and isolates. */
export const BIDI_CHARS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
// Joiners between pictographs or non-Latin letters are how emoji sequences and scripts like Persian are written.
export const isScriptJoinerContext = (prev: number, next: number) => prev > 0x7f && next > 0x7f;

const SPECIAL_RE = /[\u00ad\u180e\u200b-\u200d\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\uff01-\uff5e\udb40]/;
const SPECIAL_RE_G = new RegExp(SPECIAL_RE.source, "g");

/** Removes invisible characters (counting them), decodes Unicode tag characters and folds full-width ASCII. */
export function prepareText(raw: string): PreparedText {
  if (!SPECIAL_RE.test(raw)) return { text: raw, zeroWidth: 0, zeroWidthInWords: 0, bidi: 0, tagText: "", firstInvisibleAt: -1 };

  const parts: string[] = [];
  let outLength = 0;
  let copiedTo = 0;
  const emit = (s: string) => {
    parts.push(s);
    outLength += s.length;
  };
  let zeroWidth = 0;
  let zeroWidthInWords = 0;
  let bidi = 0;
  let tagText = "";
  let firstInvisibleAt = -1;
  const markInvisible = () => {
    if (firstInvisibleAt < 0) firstInvisibleAt = outLength;
  };
  SPECIAL_RE_G.lastIndex = 0;
  for (let m = SPECIAL_RE_G.exec(raw); m; m = SPECIAL_RE_G.exec(raw)) {
    const i = m.index;
    if (i < copiedTo) continue;
    emit(raw.slice(copiedTo, i));
    copiedTo = i + 1;
    const c = raw.charCodeAt(i);
    if (ZERO_WIDTH_CHARS.has(c)) {
      if (c === 0xfeff && i === 0) continue;
      const prev = i > 0 ? raw.charCodeAt(i - 1) : 0;
      let j = i + 1;
      while (j < raw.length && ZERO_WIDTH_CHARS.has(raw.charCodeAt(j))) j++;
      const next = j < raw.length ? raw.charCodeAt(j) : 0;
      if ((c === 0x200d || c === 0x200c || c === 0x00ad) && isScriptJoinerContext(prev, next)) {
        emit(raw[i]);
        continue;
      }
      zeroWidth++;
      if (isAsciiLetter(prev) && isAsciiLetter(next)) zeroWidthInWords++;
      markInvisible();
    } else if (BIDI_CHARS.has(c)) {
      bidi++;
      markInvisible();
    } else if (c >= 0xff01 && c <= 0xff5e) {
      emit(String.fromCharCode(c - 0xfee0));
    } else if (c === 0xdb40) {
      const lo = raw.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdc7f) {
        const ascii = lo - 0xdc00;
        if (ascii >= 0x20 && ascii < 0x7f) tagText += String.fromCharCode(ascii);
        markInvisible();
        copiedTo = i + 2;
      } else {
        emit(raw[i]);
      }
    }
  }
  emit(raw.slice(copiedTo));
  return { text: parts.join(""), zeroWidth, zeroWidthInWords, bidi, tagText, firstInvisibleAt };
}

const WS_RE = /\s+/g;
const oneLine = (s: string) => s.replace(WS_RE, " ");

/** The match with some context, whitespace collapsed, at most `max` characters, "…" where cut. */
export function excerpt(text: string, start: number, end: number, max = 200): string {
  const context = 40;
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  let pre = oneLine(text.slice(from, start)).trimStart();
  let mid = oneLine(text.slice(start, end));
  let post = oneLine(text.slice(end, to)).trimEnd();
  const lead = from > 0 ? "…" : "";
  const tail = to < text.length ? "…" : "";
  const room = max - lead.length - tail.length;
  if (mid.length >= room - 2) {
    mid = mid.slice(0, room - 1) + "…";
    return (from > 0 || start > 0 ? "…" : "") + mid.slice(0, max - 1);
  }
  const left = room - mid.length;
  if (pre.length + post.length > left) {
    const half = Math.floor(left / 2);
    if (pre.length > half && post.length > left - half) {
      pre = pre.slice(pre.length - half);
      post = post.slice(0, left - half);
    } else if (pre.length > half) {
      pre = pre.slice(pre.length - (left - post.length));
    } else {
      post = post.slice(0, left - pre.length);
    }
  }
  return `${lead}${pre}${mid}${post}${tail}`;
}

/** The sentence (bounded by . ! ? newline, at most 300 chars each way) containing [start, end). */
export function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  const minA = Math.max(0, start - 300);
  while (a > minA) {
    const ch = text[a - 1];
    if (ch === "\n" || ((ch === "." || ch === "!" || ch === "?") && /\s/.test(text[a] ?? " "))) break;
    a--;
  }
  let b = end;
  const maxB = Math.min(text.length, end + 300);
  while (b < maxB) {
    const ch = text[b];
    if (ch === "\n" || ((ch === "." || ch === "!" || ch === "?") && /\s/.test(text[b + 1] ?? " "))) break;
    b++;
  }
  return text.slice(a, b);
}

const META_RE =
  /\b(?:prompt[- ]injections?|injection (?:attacks?|attempts?|payloads?)|jailbreak(?:s|ing)?|attackers?|adversar(?:y|ies|ial)|malicious|red[- ]team(?:ing|ers)?|for (?:example|instance)|e\.g\.|such as|phrases? like|strings? like|messages? like|payloads?|owasp|threat models?|researchers?|classifiers?|detects?|detection|detector|mitigat\w+|defen[sc]es?|vulnerab\w+|exploits?|phishing|scam(?:s|mers)?|beware|suspicious|fraudsters?|planted|refused|attacks?|attack scenarios?|exfiltrat\w*|(?:embedded|injected) (?:instructions?|prompts?|commands?)|signatures?|block ?lists?|deny ?lists?|heuristics?|threats?|regression tests?|literal strings?|training examples?)\b/i;

/**
 * How much a match is discounted because it is discussed rather than issued: inside quotation marks (or inline
 * code), or in a sentence that talks about attacks ("attackers often write …", "for example"). 1 = no discount.
 */
export function discussionFactor(text: string, start: number, end: number, allowMeta: boolean, codeIsQuote: boolean): number {
  const quoted = insideQuotes(text, start, end, codeIsQuote);
  const from = Math.max(0, start - 250);
  const around = sentenceAround(text, start, end) + " " + previousSentence(text, start, from);
  // "attacker" inside an address (paste.attacker.example) is not a discussion of attackers
  const meta = allowMeta && META_RE.test(around) && META_RE.test(around.replace(DEST_FIND_RE, " "));
  if (quoted && meta) return 0.3;
  if (quoted || meta) return 0.55;
  return 1;
}

function previousSentence(text: string, start: number, from: number): string {
  let a = start;
  while (a > from) {
    const ch = text[a - 1];
    if (ch === "\n" || ((ch === "." || ch === "!" || ch === "?") && /\s/.test(text[a] ?? " "))) break;
    a--;
  }
  return text.slice(Math.max(from, a - 200), a);
}

/**
 * Whether [start, end) lies inside "…", “…”, «…», '…', ‘…’ or (when codeIsQuote) `…` opened on the same line
 * (within 300 chars). A straight quote opened right after `:` `,` `[` `{` is a JSON string, not a quotation: tool
 * outputs are JSON, and an instruction inside a JSON value is issued, not quoted. A single quote opens only before a
 * word and after a non-word character, and closes only after a non-space and before a non-word character, so the
 * apostrophes of "don't" and "users' data" are not quotation marks.
 */
function insideQuotes(text: string, start: number, end: number, codeIsQuote: boolean): boolean {
  let lineStart = start;
  const min = Math.max(0, start - 300);
  while (lineStart > min && text[lineStart - 1] !== "\n") lineStart--;
  let straight = false;
  let curly = 0;
  let guillemet = 0;
  let single = false;
  let tick = false;
  // a quote right after `:` `,` `[` `{` opens a JSON string
  const opensJsonString = (i: number) => /[:,[{]\s*$/.test(text.slice(Math.max(lineStart, i - 3), i));
  for (let i = lineStart; i < start; i++) {
    const ch = text[i];
    if (ch === '"') straight = !straight && !opensJsonString(i);
    else if (ch === "“") curly++;
    else if (ch === "”") curly = Math.max(0, curly - 1);
    else if (ch === "«") guillemet++;
    else if (ch === "»") guillemet = Math.max(0, guillemet - 1);
    else if (ch === "'" || ch === "‘" || ch === "’") {
      if (!single && ch !== "’" && !isWordChar(text[i - 1]) && isWordChar(text[i + 1]) && !opensJsonString(i)) single = true;
      else if (single && closesSingleQuote(text, i)) single = false;
    } else if (ch === "`" && codeIsQuote) tick = !tick;
  }
  if (!straight && curly === 0 && guillemet === 0 && !single && !tick) return false;
  // the quotation must close after the match on the same line; an unclosed quote is not a quotation
  const lineEnd = text.indexOf("\n", end);
  const restEnd = lineEnd < 0 ? Math.min(text.length, end + 400) : Math.min(lineEnd, end + 400);
  const rest = text.slice(end, restEnd);
  if (single && !straight && curly === 0 && guillemet === 0 && !tick) {
    for (let i = end; i < restEnd; i++) if (closesSingleQuote(text, i)) return true;
    return false;
  }
  const close = straight ? '"' : curly > 0 ? "”" : guillemet > 0 ? "»" : "`";
  return rest.includes(close) || (straight && rest.includes("”"));
}

/** A ' or ’ after a non-space and before a non-word character: a closing single quote, not an apostrophe. */
const closesSingleQuote = (text: string, i: number) => (text[i] === "'" || text[i] === "’") && !/\s/.test(text[i - 1] ?? " ") && !isWordChar(text[i + 1]);

/** A letter or digit of any script (undefined, past either end of the text, is not). */
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

// ---------------------------------------------------------------------------------------------------------------
// Destinations and hidden regions

const DEST_FIND_RE = new RegExp(`${EMAIL}|${URL}|${IP}`, "gi");

/** Email addresses, URLs and IP addresses in the text, as [start, end) spans. */
export function findDestinations(text: string): Array<{ start: number; end: number; value: string }> {
  const out: Array<{ start: number; end: number; value: string }> = [];
  DEST_FIND_RE.lastIndex = 0;
  for (let m = DEST_FIND_RE.exec(text); m; m = DEST_FIND_RE.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
    if (out.length >= 200) break;
  }
  return out;
}

export type HiddenRegion = { start: number; end: number; kind: string };

const HIDDEN_RES: Array<{ kind: string; re: RegExp }> = [
  { kind: "html comment", re: /<!--([\s\S]{0,5000}?)-->/g },
  { kind: "markdown comment", re: /^\[\/\/\]:\s*#\s*[("]([^)"\n]{0,2000})[)"]/gm },
  {
    kind: "invisible element",
    re: /<(\w+)\b[^>]{0,300}?\bstyle\s*=\s*["'][^"']{0,300}?(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.\d+)?(?:px|pt|em|rem)?\s*(?:;|["'])|opacity\s*:\s*0(?:\.0+)?\s*(?:;|["'])|color\s*:\s*(?:#fff(?:fff)?|white|transparent)\b|(?:height|width)\s*:\s*0(?:px)?\s*;[^"']{0,40}overflow\s*:\s*hidden|(?:left|text-indent)\s*:\s*-\d{4,}px)[^>]{0,300}>([\s\S]{0,5000}?)<\/\1\s*>/gi,
  },
  { kind: "hidden element", re: /<(\w+)\b[^>]{0,300}?\s(?:hidden|aria-hidden\s*=\s*["']true["'])[^>]{0,300}>([\s\S]{0,5000}?)<\/\1\s*>/gi },
];

/** Parts of the text a person viewing the rendered page would not see: HTML/markdown comments, hidden elements. */
export function findHiddenRegions(text: string): HiddenRegion[] {
  if (!text.includes("<") && !text.includes("[//]")) return [];
  const out: HiddenRegion[] = [];
  for (const { kind, re } of HIDDEN_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, kind });
      if (out.length >= 100) break;
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Hidden text that names an AI reader: a comment or invisible element written for the agent, not for people. */
export const HIDDEN_AI_RE =
  /\b(?:assistant|ai|a\.i\.|llm|chatgpt|gpt|claude|gemini|copilot|language\s+model|(?:ai|llm)\s+agents?|model)\b/i;

/** Imperatives addressed to someone, in hidden text with no other finding (e.g. a comment telling "you" to act). */
export const HIDDEN_IMPERATIVE_RE =
  /\b(?:you\s+(?:must|should|will|need\s+to)|assistant|ai\b|llm|agent|instructions?|ignore|disregard|forward|send|upload|e-?mail\s+(?:the|all|this)|reply|respond|tell\s+the\s+(?:user|customer)|recommend|say\s+that|direct\s+(?:them|the\s+user))\b/i;

// Long runs of base64. Data URIs (images, fonts) are expected and skipped by the caller.
export const BASE64_RE = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{120,}={0,2}(?![A-Za-z0-9+/=_-])/g;

/** Whether the text has a run of base64 alphabet at least `min` long (cheap check before BASE64_RE). */
export function hasLongBase64Run(text: string, min = 120): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b64 = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f;
    if (b64) {
      if (++run >= min) return true;
    } else run = 0;
  }
  return false;
}

/** Decodes base64 to text when it decodes to mostly printable ASCII; null for binary data. */
export function decodePrintableBase64(s: string): string | null {
  let bin: string;
  try {
    bin = atob(s.length % 4 === 0 ? s : s + "=".repeat(4 - (s.length % 4)));
  } catch {
    return null;
  }
  let printable = 0;
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) printable++;
  }
  return bin.length > 0 && printable / bin.length >= 0.95 ? bin : null;
}
