// Cookies of standard Request/Response (no framework imports in lib/), parsed and written with the `cookie` package.
import { parseCookie, stringifySetCookie } from "cookie";
import { getConfig } from "@/lib/config";

/**
 * The value of a request cookie, %-decoded, or null when it is absent. A value with a malformed %-escape
 * (`%E0%A4%A`, `%ZZ`) is null too: no cookie Podium writes looks like that, so it is nobody's session.
 */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.get("cookie");
  if (!header) return null;
  return parseCookie(header, { decode: decodeOrUndefined })[name] ?? null;
}

function decodeOrUndefined(value: string): string | undefined {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function sessionCookie(name: string, value: string, expires: Date): string {
  return stringifySetCookie(name, value, { path: "/", httpOnly: true, sameSite: "lax", expires, secure: getConfig().PODIUM_SECURE_COOKIES });
}

export function clearedCookie(name: string): string {
  return stringifySetCookie(name, "", { path: "/", httpOnly: true, sameSite: "lax", expires: new Date(0) });
}
