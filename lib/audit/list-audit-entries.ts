// Admin: reads the audit log, newest first, filtered by actor, action, target and time, one page at a time. Pages
// are keyset pages: the cursor is the last entry's (at, id), so entries written meanwhile never shift a page.
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/db";
import { ZAuditAction, ZAuditTargetType } from "./actions";

/** An ISO date-time with offset, or a date (UTC): a bare date means its first millisecond, or with `endOfDay` its last. */
function instant({ endOfDay }: { endOfDay: boolean }) {
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((text) => {
      const date = new Date(text);
      return text.length === 10 && endOfDay ? new Date(date.getTime() + 86_400_000 - 1) : date;
    })
    .refine((date) => !Number.isNaN(date.getTime()), "not a valid date");
}

const ZCursor = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const [at, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
    const date = new Date(at ?? "");
    if (rest.length > 0 || !id || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "not a cursor returned by this endpoint" });
      return z.NEVER;
    }
    return { at: date, id };
  });

const ZId = z.string().trim().min(1).max(64);

export const ZAuditQuery = z.strictObject({
  actorId: ZId.optional(),
  /** Entries of the command line and the set-up (no account). */
  system: z.enum(["1", "true"]).transform(() => true).optional(),
  action: ZAuditAction.optional(),
  targetType: ZAuditTargetType.optional(),
  targetId: ZId.optional(),
  from: instant({ endOfDay: false }).optional(),
  /** Inclusive: a bare date includes that whole day. */
  to: instant({ endOfDay: true }).optional(),
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export interface ListAuditEntriesOptions extends TAuditQuery {
  db: Db;
  actor: Actor;
}

export interface AuditEntry {
  id: string;
  at: Date;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Prisma.JsonValue | null;
  /** null: the system actor (command line, set-up), or an account deleted since. */
  actor: { id: string; email: string; name: string } | null;
}

export async function listAuditEntries({
  db,
  actor,
  actorId,
  system,
  action,
  targetType,
  targetId,
  from,
  to,
  cursor,
  limit,
}: ListAuditEntriesOptions): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  requireRole(actor, "ADMIN");
  const where: Prisma.AuditLogWhereInput[] = [];
  if (actorId !== undefined) where.push({ actorId });
  if (system) where.push({ actorId: null });
  if (action !== undefined) where.push({ action });
  if (targetType !== undefined) where.push({ targetType });
  if (targetId !== undefined) where.push({ targetId });
  if (from !== undefined) where.push({ at: { gte: from } });
  if (to !== undefined) where.push({ at: { lte: to } });
  if (cursor !== undefined) {
    where.push({ OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] });
  }
  const rows = await db.auditLog.findMany({
    where: { AND: where },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      at: true,
      action: true,
      targetType: true,
      targetId: true,
      details: true,
      actor: { select: { id: true, email: true, name: true } },
    },
  });
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(`${last.at.toISOString()}|${last.id}`, "utf8").toString("base64url") : null;
  return { entries, nextCursor };
}
