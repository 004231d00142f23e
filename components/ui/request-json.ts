/** An API failure with its HTTP status and the server's own code and message (409 / 403 are shown as sent). */
export class ApiRequestError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

/** Calls a JSON route of this app; a failure throws ApiRequestError carrying the API's own message. */
export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "network", "could not reach the server; check your connection and try again");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) throw new ApiRequestError(401, "unauthenticated", "your session has ended; sign in again");
    throw new ApiRequestError(res.status, json?.error?.code ?? "error", json?.error?.message ?? `request failed (HTTP ${res.status})`);
  }
  return json as T;
}
