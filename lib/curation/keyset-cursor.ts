// The cursor of the curation lists: the last row's (createdAt, id), base64url, so rows written meanwhile never shift
// a page. Lists are newest first: the next page holds the rows strictly before the cursor in (createdAt, id) order.
import { z } from "zod";

export interface KeysetPosition {
  at: Date;
  id: string;
}

export const ZKeysetCursor = z
  .string()
  .max(200)
  .transform((text, ctx): KeysetPosition => {
    const [at, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
    const date = new Date(at ?? "");
    if (rest.length > 0 || !id || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "not a cursor returned by this endpoint" });
      return z.NEVER;
    }
    return { at: date, id };
  });

/** The cursor after `last`, or null when this page was the last one. */
export function nextCursor(last: { createdAt: Date; id: string } | undefined, more: boolean): string | null {
  return more && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`, "utf8").toString("base64url") : null;
}
