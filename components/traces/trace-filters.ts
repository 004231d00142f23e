/**
 * The trace list's view state as it lives in the URL. The page URL and the API query use the same
 * parameter names, so `/traces?<qs>` and `GET /api/v1/traces?<qs>` show the same traces.
 * Pure: used by the server page (first load) and the client component (every change).
 */

export const FILTER_KEYS = ["q", "agent", "decision", "tool", "trust", "risk_min", "risk_max", "from", "to"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type SortKey = "last_seen" | "first_seen" | "risk" | "events";

/** Every value is a string; "" means unset. */
export type TraceFilters = Record<FilterKey, string> & { sort: SortKey; order: "asc" | "desc" };

export const DEFAULT_SORT: SortKey = "last_seen";
export const DEFAULT_ORDER = "desc";
const SORTS: readonly string[] = ["last_seen", "first_seen", "risk", "events"];

export const EMPTY_FILTERS: TraceFilters = {
  q: "", agent: "", decision: "", tool: "", trust: "", risk_min: "", risk_max: "", from: "", to: "",
  sort: DEFAULT_SORT, order: DEFAULT_ORDER,
};

type ParamSource = { get(name: string): string | null };

/** Reads the view from URL parameters; unknown parameters (and paging ones) are ignored. */
export function filtersFromParams(params: ParamSource): TraceFilters {
  const f: TraceFilters = { ...EMPTY_FILTERS };
  for (const k of FILTER_KEYS) f[k] = (params.get(k) ?? "").trim();
  const sort = params.get("sort") ?? "";
  f.sort = (SORTS.includes(sort) ? sort : DEFAULT_SORT) as SortKey;
  f.order = params.get("order") === "asc" ? "asc" : "desc";
  return f;
}

/** Canonical query string: fixed key order, empty values and defaults left out. */
export function filtersToQuery(f: TraceFilters): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
  if (f.sort !== DEFAULT_SORT || f.order !== DEFAULT_ORDER) {
    p.set("sort", f.sort);
    p.set("order", f.order);
  }
  return p.toString();
}

export function hasActiveFilters(f: TraceFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== "");
}

/** `2026-11-21T10:05:00Z` → `2026-11-21T10:05` for a datetime-local input showing UTC. */
export function isoToInputUtc(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "" : new Date(t).toISOString().slice(0, 16);
}

/** A datetime-local value read as UTC → ISO without milliseconds; "" stays "". */
export function inputUtcToIso(v: string): string {
  if (!v) return "";
  const t = Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isNaN(t) ? "" : new Date(t).toISOString().replace(".000Z", "Z");
}

/** ISO time `ms` milliseconds before now, rounded down to the minute (short, stable URLs). */
export function isoAgo(ms: number, now = Date.now()): string {
  const t = Math.floor((now - ms) / 60_000) * 60_000;
  return new Date(t).toISOString().replace(".000Z", "Z");
}
