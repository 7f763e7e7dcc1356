// Where the login page may send someone after sign-in (`/login?next=…`): a path on Podium's own origin, never
// another site. Browsers drop tabs and line breaks anywhere in a URL and read "\" as "/", so "/\t/evil.example" or
// "/\evil.example" would be "//evil.example": another host. Pure (no Node.js imports): the login form uses it too.

/** Longer `next` values are refused (no page of Podium has a path near this long). */
const MAX_LENGTH = 2048;
/** An origin that cannot exist, to resolve the value against and see whether it stays there. */
const HOME = "http://podium.invalid";
/** Backslash, C0 controls (tab, CR, LF, NUL…) and DEL. */
const UNSAFE_CHARACTER = /[\\\u0000-\u001f\u007f]/;

/**
 * The same-origin path (with its query and fragment) that `value` names, or null when it names anything else or
 * might be read so by a browser or proxy: not a string, not starting with a single "/", a backslash or control
 * character anywhere (also once %-decoded), a malformed %-escape, a path that normalises to "//…", too long.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  if (!isPlainPath(value) || !isPlainPath(decoded)) return null;
  const url = new URL(value, HOME);
  if (url.origin !== HOME) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example": check what would be sent, not only what came in.
  return isPlainPath(path) ? path : null;
}

function isPlainPath(text: string): boolean {
  return text.startsWith("/") && !text.startsWith("//") && !UNSAFE_CHARACTER.test(text);
}
