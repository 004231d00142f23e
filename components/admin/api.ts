/** Calls a JSON route and throws an Error carrying the API's own message (`{ error: { message } }`). */
export async function apiJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new Error("could not reach the server; check your connection and try again");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) throw new Error("your session has ended; sign in again");
    throw new Error(json?.error?.message ?? `request failed (HTTP ${res.status})`);
  }
  return json as T;
}
