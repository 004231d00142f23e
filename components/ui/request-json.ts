/** One problem the API named in `error.details`: a field (validation), or a file and line (policy drafts). */
export type ErrorDetail = { field?: string; file?: string; line?: number; column?: number; message: string };

/**
 * Every failed call to this app's API, as the one error type of the client: the HTTP status (0 = the server was not
 * reached), the API's own code and message (409 / 403 are shown as sent), and the details it named.
 */
export class RequestError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "RequestError";
  }

  /** A 4xx: asking again will not help (the page stops polling and says what to change). */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

function detailsOf(v: unknown): ErrorDetail[] {
  if (!Array.isArray(v)) return [];
  return v.filter((d): d is ErrorDetail => typeof d === "object" && d !== null && typeof (d as ErrorDetail).message === "string");
}

/**
 * Calls a JSON route of this app — the one client fetch helper. A failure throws RequestError carrying the API's
 * code, message and details; an aborted request rethrows the AbortError so React Query can drop it quietly.
 */
export async function requestJson<T>(method: string, path: string, body?: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new RequestError(0, "network", "could not reach the server; check your connection and try again");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) throw new RequestError(401, "unauthenticated", "your session has ended; sign in again");
    const err = json?.error;
    throw new RequestError(res.status, err?.code ?? "error", err?.message ?? `request failed (HTTP ${res.status})`, detailsOf(err?.details));
  }
  return json as T;
}

/** `GET` of a JSON route (the read side of every page). */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>("GET", path, undefined, { signal });
}
