/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form (what JSON.stringify already does), strings escaped as JSON.stringify does.
 * Hashes over events are taken over this form so any party can recompute them. It runs once per ingested event,
 * so it is written as plain loops and string concatenation (no closures, no intermediate arrays).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot encode NaN or Infinity");
      return Object.is(value, -0) ? "0" : JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        let s = "[";
        for (let i = 0; i < value.length; i++) {
          if (i) s += ",";
          const v = value[i];
          s += v === undefined ? "null" : canonicalJson(v);
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
        s += JSON.stringify(keys[i]) + ":" + canonicalJson(v);
      }
      return s + "}";
    }
    default:
      throw new TypeError(`canonical JSON cannot encode ${typeof value}`);
  }
}
