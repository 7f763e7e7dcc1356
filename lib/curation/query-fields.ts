// Query-string fields the curation lists share: ids, a bounded page size, dates, yes/no filters, and the excerpt
// that list rows carry instead of whole texts.
import { z } from "zod";

export const ZListId = z.string().trim().min(1).max(64);
export const ZListLimit = z.coerce.number().int().min(1).max(200).default(50);
export const ZSearchText = z.string().trim().min(1).max(500);
export const ZYesNo = z.enum(["true", "false"]).transform((v) => v === "true");

/** An ISO date-time with offset, or a date (UTC): a bare date means its first millisecond, or with `endOfDay` its last. */
export function instant({ endOfDay }: { endOfDay: boolean }) {
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((text) => {
      const date = new Date(text);
      return text.length === 10 && endOfDay ? new Date(date.getTime() + 86_400_000 - 1) : date;
    })
    .refine((date) => !Number.isNaN(date.getTime()), "not a valid date");
}

const EXCERPT_CHARS = 160;

/** The first characters of a text, on one line, for list rows. */
export function excerpt(text: string, chars = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= chars ? flat : `${flat.slice(0, chars - 1)}…`;
}

/** A LIKE pattern matching `text` anywhere, with %, _ and \ taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
