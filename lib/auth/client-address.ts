/**
 * The address a sign-in is counted against: the last entry of `X-Forwarded-For`, i.e. the client as seen by the hop
 * nearest to this server. Next's own server fills that header with the socket's address when no proxy set it, so
 * without a proxy this is the TCP peer; behind one reverse proxy that appends (nginx `$proxy_add_x_forwarded_for`,
 * most load balancers) it is the address that proxy saw, which the client cannot choose. Entries further left are
 * whatever the client claimed and are ignored. Anything that is not an IP address counts as one shared bucket.
 * See lib/auth/README.md for the trust choice.
 */
export function clientAddress(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const last = hops.at(-1) ?? "";
  const ip = last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ""); // IPv4-mapped IPv6 is the same client as plain IPv4
  return /^[0-9a-f:.]{2,45}$/i.test(ip) ? ip.toLowerCase() : "unknown";
}
