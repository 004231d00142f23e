/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form (what JSON.stringify already does), strings escaped as JSON.stringify does.
 * Hashes over events are taken over this form so any party can recompute them. It runs once per ingested event,
 * so it is written as plain loops and string concatenation (no closures, no intermediate arrays).
 */

/**
 * Deepest nesting canonicalJson encodes. Client input is held to 64 levels at the edge (engine/events/batch.ts
 * MAX_DEPTH); the server wraps it in a few levels of its own (chain links, graph.json, decision records), so 256
 * leaves room for those while staying far below the depth where the recursion would overflow the stack.
 */
export const CANONICAL_MAX_DEPTH = 256;

export type CanonicalJsonProblem = "non_finite_number" | "too_deep" | "unsupported_type";

/**
 * What canonicalJson throws for a value JSON cannot hold: a typed error naming the problem and the JSON path, so a
 * caller can turn it into a 4xx or a verification failure rather than crash on an anonymous TypeError or RangeError.
 */
export class CanonicalJsonError extends Error {
  constructor(
    readonly problem: CanonicalJsonProblem,
    readonly reason: string,
    readonly path = "",
  ) {
    super(`canonical JSON: ${path || "(root)"}: ${reason}`);
    this.name = "CanonicalJsonError";
  }
  /** The same error one level up: the path gains the key it was found under. */
  under(key: string | number): CanonicalJsonError {
    const head = typeof key === "number" ? `[${key}]` : key;
    const path = !this.path || this.path.startsWith("[") ? head + this.path : `${head}.${this.path}`;
    return new CanonicalJsonError(this.problem, this.reason, path);
  }
}

/** The canonical text of a JSON value; throws CanonicalJsonError for NaN/Infinity, non-JSON types or nesting deeper than CANONICAL_MAX_DEPTH. */
export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

function encode(value: unknown, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError("non_finite_number", `cannot encode ${value} (JSON has no NaN or Infinity)`);
      return Object.is(value, -0) ? "0" : JSON.stringify(value);
    case "object": {
      if (depth >= CANONICAL_MAX_DEPTH) throw new CanonicalJsonError("too_deep", `nested deeper than ${CANONICAL_MAX_DEPTH} levels`);
      if (Array.isArray(value)) {
        let s = "[";
        for (let i = 0; i < value.length; i++) {
          if (i) s += ",";
          const v = value[i];
          try {
            s += v === undefined ? "null" : encode(v, depth + 1);
          } catch (e) {
            throw e instanceof CanonicalJsonError ? e.under(i) : e; // the path is built only on the way out of a failure
          }
        }
        return s + "]";
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort(); // default sort compares UTF-16 code units, as RFC 8785 requires
      let s = "{";
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const v = obj[keys[i]];
        if (v === undefined) continue;
        if (!first) s += ",";
        first = false;
        try {
          s += JSON.stringify(keys[i]) + ":" + encode(v, depth + 1);
        } catch (e) {
          throw e instanceof CanonicalJsonError ? e.under(keys[i]) : e;
        }
      }
      return s + "}";
    }
    default:
      throw new CanonicalJsonError("unsupported_type", `cannot encode a ${typeof value}`);
  }
}
