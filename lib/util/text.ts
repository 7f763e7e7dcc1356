// Text that goes into the database: PostgreSQL's text type cannot hold U+0000, and SQLite would store it, so the
// same input would behave differently on the two databases. Generated text has NULs removed; imported text is refused.
// Text with a lone UTF-16 surrogate has no UTF-8 form: it is refused too (textProblem), on both databases alike.
export const NUL = "\u0000";

export function stripNul(text: string): string {
  return text.includes(NUL) ? text.split(NUL).join("") : text;
}

/** Lone (unpaired) UTF-16 surrogates: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text cannot be stored alike on both databases, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes(NUL)) return "contains a NUL character (U+0000)";
  if (LONE_SURROGATE.test(text)) return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
  return null;
}
