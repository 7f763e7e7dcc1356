// What a handler may need to know of the peer and origin of a request.
import { getConfig } from "@/lib/config";

/** Longer than any IPv6 text with a zone; caps what a misconfigured proxy chain can make us store. */
const MAX_ADDRESS_LENGTH = 64;

export interface ClientIpOptions {
  /** Reverse proxies in front of Podium that append to X-Forwarded-For (default: PODIUM_TRUSTED_PROXY_HOPS). */
  trustedProxyHops?: number;
}

/**
 * The client's address, for the per-IP login limit. Podium's web server (server/web-server.ts, and its fast lane)
 * appends the socket peer to X-Forwarded-For, so the header always ends with the one address nobody can forge.
 * With no trusted proxy that peer is the client; behind n proxies that each append the address they saw, the n-th
 * entry from the right is. Entries further left come from the client and are never read (nor is X-Real-IP).
 * Fewer entries than that (a request that came past the proxies) give the leftmost; none gives "unknown".
 */
export function clientIp(req: Request, { trustedProxyHops = getConfig().PODIUM_TRUSTED_PROXY_HOPS }: ClientIpOptions = {}): string {
  const hops = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  const address = hops[Math.max(0, hops.length - 1 - trustedProxyHops)];
  if (!address) return "unknown";
  // An IPv4 peer of a dual-stack socket reads "::ffff:203.0.113.7": one client, one address.
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, MAX_ADDRESS_LENGTH);
}

/** Cookie-authenticated writes must come from our own pages: the Origin (or Referer) must be ours. */
export function isSameOrigin(req: Request): boolean {
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite === "same-origin") return true;
  const origin = req.headers.get("origin") ?? refererOrigin(req.headers.get("referer"));
  if (!origin) return false;
  const allowed = new Set<string>();
  const publicUrl = getConfig().PODIUM_PUBLIC_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
