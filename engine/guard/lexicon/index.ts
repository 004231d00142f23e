/**
 * The concept lexicon in other languages than English: one file per language, each mapping the same concept names as
 * ../lexicon.ts (IGNORE, PREVIOUS, INSTRUCTION …) to that language's words, in the entry syntax of ../concepts.ts
 * (`word` exact, `stem*` prefix, `~sub` substring for scripts written without spaces).
 *
 * Written for this repository from general language knowledge, not taken from any dataset.
 *
 * How ../concepts.ts matches them: a word is a run of letters, combining marks and digits, so Devanagari, Bengali and
 * Thai words stay whole; every entry goes in as written and in its NFC and NFKC forms, because the text is only
 * lower-cased, not normalised. All languages share one table (see the collisions left out in each file's comments).
 */
import { LEXICON as de } from "./de";
import { LEXICON as fr } from "./fr";
import { LEXICON as es } from "./es";
import { LEXICON as it } from "./it";
import { LEXICON as pt } from "./pt";
import { LEXICON as hi } from "./hi";
import { LEXICON as hi_latn } from "./hi_latn";
import { LEXICON as ar } from "./ar";
import { LEXICON as ru } from "./ru";
import { LEXICON as ko } from "./ko";
import { LEXICON as tr } from "./tr";
import { LEXICON as ja } from "./ja";
import { LEXICON as zh } from "./zh";
import { LEXICON as th } from "./th";
import { LEXICON as id } from "./id";
import { LEXICON as bn } from "./bn";
import { LEXICON as vi } from "./vi";
import { LEXICON as tl } from "./tl";
import { LEXICON as uk } from "./uk";
import { LEXICON as pl } from "./pl";
import { LEXICON as nl } from "./nl";
import { LEXICON as fa } from "./fa";
import { LEXICON as sq } from "./sq";
import { LEXICON as el } from "./el";
import { LEXICON as ga } from "./ga";
import { LEXICON as gd } from "./gd";
import { LEXICON as zu } from "./zu";
import { LEXICON as sv } from "./sv";
import { LEXICON as ro } from "./ro";
import { LEXICON as cs } from "./cs";
import { LEXICON as he } from "./he";

/** Language code (BCP 47) → that language's concept lexicon. */
export const LEXICONS: Record<string, Partial<Record<string, readonly string[]>>> = {
  de, // German
  fr, // French
  es, // Spanish
  it, // Italian
  pt, // Portuguese
  hi, // Hindi (Devanagari)
  "hi-Latn": hi_latn, // Hindi in Latin letters
  ar, // Arabic
  ru, // Russian
  ko, // Korean
  tr, // Turkish
  ja, // Japanese
  zh, // Chinese
  th, // Thai
  id, // Indonesian
  bn, // Bengali
  vi, // Vietnamese
  tl, // Tagalog
  uk, // Ukrainian
  pl, // Polish
  nl, // Dutch
  fa, // Persian
  sq, // Albanian
  el, // Greek
  ga, // Irish
  gd, // Scottish Gaelic
  zu, // Zulu
  sv, // Swedish
  ro, // Romanian
  cs, // Czech
  he, // Hebrew
};
