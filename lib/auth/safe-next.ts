const FALLBACK = "/traces";
// a placeholder origin: only whether the value stays on it matters, never which origin it is
const BASE = "https://app.invalid";

/**
 * Where to send a person after signing in: `next` only if it is a path on this app, else the trace list. The value is
 * parsed the way a browser would parse it against this origin, rather than matched by prefix, because browsers read
 * `/\evil.example` and `/<tab>/evil.example` (`?next=/%09/evil.example`) as `//evil.example`. The result is rebuilt from the
 * parsed path, so what the browser is finally sent to is exactly what was checked.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || next.length > 2000 || !next.startsWith("/")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== BASE) return FALLBACK;
  const target = url.pathname + url.search + url.hash;
  // a path like `/.//evil.example` normalises to `//evil.example`, which would leave the origin once used as a URL
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return FALLBACK;
  return target;
}
