/** A short, locale-independent timestamp (UTC), the same on the server render and in the browser. */
export function formatTime(iso: string | null): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
