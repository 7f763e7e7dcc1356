// What a handler may need to know of the peer and origin of a request.
import { getConfig } from "@/lib/config";

/** The client's address: the last X-Forwarded-For hop (the one our own server or proxy added), else "unknown". */
export function clientIp(req: Request): string {
  const xff = req.headers.get("x-forwarded-for");
  const last = xff?.split(",").at(-1)?.trim();
  return last || req.headers.get("x-real-ip") || "unknown";
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
