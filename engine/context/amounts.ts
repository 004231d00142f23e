/**
 * Amounts in a comparable form: "€1.234,50", "1,234.50 USD", 250, "$99" → a number and a currency, converted into the
 * bundle's base currency with its fx_rates, as integer cents (Cedar has no decimals).
 */

const SYMBOLS: Record<string, string> = { "€": "EUR", $: "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₣": "CHF" };

/** A number written with either "," or "." as the decimal mark (the last one followed by 1–2 digits). */
export function parseNumber(s: string): number | null {
  const m = /-?\d[\d.,'\s]*/.exec(s);
  if (!m) return null;
  let t = m[0].replace(/[\s']/g, "");
  const lastComma = t.lastIndexOf(",");
  const lastDot = t.lastIndexOf(".");
  const dec = Math.max(lastComma, lastDot);
  if (dec >= 0 && t.length - dec - 1 >= 1 && t.length - dec - 1 <= 2) {
    t = t.slice(0, dec).replace(/[.,]/g, "") + "." + t.slice(dec + 1);
  } else t = t.replace(/[.,]/g, "");
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** An amount and the currency written with it, if any. */
export function parseAmount(v: unknown): { value: number; currency: string | null } | null {
  if (typeof v === "number") return Number.isFinite(v) ? { value: v, currency: null } : null;
  if (typeof v !== "string") return null;
  const value = parseNumber(v);
  if (value === null) return null;
  const code = /\b([A-Z]{3})\b/.exec(v.toUpperCase());
  const sym = [...v].find((c) => SYMBOLS[c]);
  return { value, currency: code ? code[1] : sym ? SYMBOLS[sym] : null };
}

/** Cents of the base currency; an unknown currency is taken 1:1 (and said so by `known: false`). */
export function toBaseCents(value: number, currency: string | null, base: string, rates: Record<string, number>): { cents: number; known: boolean } {
  const c = (currency ?? base).toUpperCase();
  if (c === base) return { cents: Math.round(Math.abs(value) * 100), known: true };
  const rate = rates[c];
  return { cents: Math.round(Math.abs(value) * (rate ?? 1) * 100), known: rate !== undefined };
}

/** Every number written in a text, for "does this amount appear in trusted content". */
export function numbersIn(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\d[\d.,']*\d|\d/g)) {
    const n = parseNumber(m[0]);
    if (n !== null) out.add(n);
    if (out.size > 2000) break;
  }
  return out;
}
