// Admin: the flag triage list: flagged completions, newest first, one keyset page at a time, open (not yet triaged)
// or resolved, optionally of one project. Each row: the reason and note, who flagged it, the completion and prompt
// excerpts, and the comparison that shows the completion (with its exclusion marker).
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asDate, asString, columns, nullable, Prisma, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { nextCursor, ZKeysetCursor } from "./keyset-cursor";
import { excerpt, ZListId, ZListLimit } from "./query-fields";

export const ZListFlagsQuery = z.strictObject({
  status: z.enum(["open", "resolved"]).default("open"),
  projectId: ZListId.optional(),
  cursor: ZKeysetCursor.optional(),
  limit: ZListLimit,
});
export type TListFlagsQuery = z.infer<typeof ZListFlagsQuery>;

export interface ListFlagsOptions extends TListFlagsQuery {
  db: Db;
  actor: Actor;
}

export interface FlagListRow {
  id: string;
  reason: string;
  note: string | null;
  createdAt: Date;
  resolution: string | null;
  resolvedAt: Date | null;
  labeler: { id: string; name: string; pseudonym: string };
  completion: { id: string; excerpt: string };
  prompt: { id: string; projectId: string; excerpt: string };
  /** The comparison showing the completion; null if it is in none. */
  comparison: { id: string; excluded: boolean } | null;
}

const Row = columns({
  id: asString,
  reason: asString,
  note: nullable(asString),
  createdAt: asDate,
  resolution: nullable(asString),
  resolvedAt: nullable(asDate),
  userId: asString,
  userName: asString,
  pseudonym: asString,
  completionId: asString,
  completionHead: asString,
  promptId: asString,
  projectId: asString,
  promptHead: asString,
  comparisonId: nullable(asString),
  excludedAt: nullable(asDate),
});

export async function listFlags(options: ListFlagsOptions): Promise<{ flags: FlagListRow[]; nextCursor: string | null }> {
  requireRole(options.actor, "ADMIN");
  const rows = await runSteps(options.db, () => select(options), { write: false });
  const page = rows.slice(0, options.limit);
  return {
    flags: page.map((r) => ({
      id: r.id,
      reason: r.reason,
      note: r.note,
      createdAt: r.createdAt,
      resolution: r.resolution,
      resolvedAt: r.resolvedAt,
      labeler: { id: r.userId, name: r.userName, pseudonym: r.pseudonym },
      completion: { id: r.completionId, excerpt: excerpt(r.completionHead) },
      prompt: { id: r.promptId, projectId: r.projectId, excerpt: excerpt(r.promptHead) },
      comparison: r.comparisonId ? { id: r.comparisonId, excluded: r.excludedAt !== null } : null,
    })),
    nextCursor: nextCursor(page.at(-1), rows.length > options.limit),
  };
}

const select = step(function* ({ db, status, projectId, cursor, limit }: ListFlagsOptions): Steps<ReturnType<typeof Row>[]> {
  const where: Prisma.Sql[] = [status === "open" ? Prisma.sql`f."resolvedAt" IS NULL` : Prisma.sql`f."resolvedAt" IS NOT NULL`];
  if (projectId !== undefined) where.push(Prisma.sql`p."projectId" = ${projectId}`);
  if (cursor !== undefined) {
    const at = timestamp(db, cursor.at);
    where.push(Prisma.sql`(f."createdAt" < ${at} OR (f."createdAt" = ${at} AND f."id" < ${cursor.id}))`);
  }
  // The first comparison (by id) showing the completion: a completion is shown in one comparison in practice.
  // GROUP BY keeps PostgreSQL from turning MIN into a walk of the (comparisonId, completionId) primary key in order
  // until the completion turns up (seconds per flag when its statistics expect many comparisons per completion):
  // the rows come from the completionId index instead.
  const comparisonOf = Prisma.sql`(SELECT MIN(i."comparisonId") FROM "ComparisonItem" i WHERE i."completionId" = f."completionId" GROUP BY i."completionId")`;
  return yield* all(
    Prisma.sql`
    SELECT x.*, c."excludedAt" FROM (
      SELECT f."id", f."reason", f."note", f."createdAt", f."resolution", f."resolvedAt",
        u."id" AS "userId", u."name" AS "userName", u."pseudonym",
        co."id" AS "completionId", SUBSTR(co."text", 1, 400) AS "completionHead",
        p."id" AS "promptId", p."projectId", SUBSTR(p."text", 1, 400) AS "promptHead",
        ${comparisonOf} AS "comparisonId"
      FROM "Flag" f
      JOIN "User" u ON u."id" = f."userId"
      JOIN "Completion" co ON co."id" = f."completionId"
      JOIN "Prompt" p ON p."id" = co."promptId"
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY f."createdAt" DESC, f."id" DESC
      LIMIT ${limit + 1}) x
    LEFT JOIN "Comparison" c ON c."id" = x."comparisonId"
    ORDER BY x."createdAt" DESC, x."id" DESC`,
    Row,
  );
});
