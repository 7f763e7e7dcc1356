// Text that goes into the database: PostgreSQL's text type cannot hold U+0000, and SQLite would store it, so the
// same input would behave differently on the two databases. Generated text has NULs removed; imported text is refused.
export const NUL = "\u0000";

export function stripNul(text: string): string {
  return text.includes(NUL) ? text.split(NUL).join("") : text;
}
