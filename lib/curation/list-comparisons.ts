// Admin: the comparisons of the data browser, newest first, one keyset page at a time, filtered by project, status,
// agreement, flags, gold, exclusion, labeler, creation time and prompt text. Archived comparisons appear only when
// asked for (status=archived). Each row: a prompt excerpt, the counters, agreement, flag counts and the markers.
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asBoolean, asDate, asNumber, asString, columns, nullable, Prisma, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { comparisonStatus, ZComparisonStatus, type TComparisonStatus } from "./comparison-status";
import { nextCursor, ZKeysetCursor } from "./keyset-cursor";
import { containsPattern, excerpt, instant, ZListId, ZListLimit, ZSearchText, ZYesNo } from "./query-fields";
import { refreshStaleQuality } from "@/lib/quality/refresh-stale-quality";

const ZAgreement = z.coerce.number().min(0).max(1);

export const ZListComparisonsQuery = z
  .strictObject({
    q: ZSearchText.optional(),
    projectId: ZListId.optional(),
    status: ZComparisonStatus.optional(),
    agreementMin: ZAgreement.optional(),
    agreementMax: ZAgreement.optional(),
    /** With an open (unresolved) flag on one of its completions, or without. */
    flagged: ZYesNo.optional(),
    gold: ZYesNo.optional(),
    excluded: ZYesNo.optional(),
    /** Ranked by this labeler. */
    labelerId: ZListId.optional(),
    from: instant({ endOfDay: false }).optional(),
    /** Inclusive: a bare date includes that whole day. */
    to: instant({ endOfDay: true }).optional(),
    cursor: ZKeysetCursor.optional(),
    limit: ZListLimit,
  })
  .refine((q) => q.agreementMin === undefined || q.agreementMax === undefined || q.agreementMin <= q.agreementMax, {
    message: "agreementMin must not be above agreementMax",
    path: ["agreementMin"],
  });
export type TListComparisonsQuery = z.infer<typeof ZListComparisonsQuery>;

export interface ListComparisonsOptions extends TListComparisonsQuery {
  db: Db;
  actor: Actor;
}

export interface ComparisonListRow {
  id: string;
  projectId: string;
  promptId: string;
  promptExcerpt: string;
  status: TComparisonStatus;
  requiredRankings: number;
  rankingCount: number;
  skips: number;
  agreement: number | null;
  flags: number;
  openFlags: number;
  gold: boolean;
  excluded: boolean;
  excludedReason: string | null;
  archived: boolean;
  createdAt: Date;
}

const Row = columns({
  id: asString,
  projectId: asString,
  promptId: asString,
  head: asString,
  requiredRankings: asNumber,
  rankingCount: asNumber,
  skips: asNumber,
  agreement: nullable(asNumber),
  flags: asNumber,
  openFlags: asNumber,
  gold: asBoolean,
  excludedAt: nullable(asDate),
  excludedReason: nullable(asString),
  archivedAt: nullable(asDate),
  createdAt: asDate,
});

export async function listComparisons(options: ListComparisonsOptions): Promise<{ comparisons: ComparisonListRow[]; nextCursor: string | null }> {
  requireRole(options.actor, "ADMIN");
  await refreshStaleQuality({ db: options.db, projectId: options.projectId });
  const rows = await runSteps(options.db, () => select(options), { write: false });
  const page = rows.slice(0, options.limit);
  return {
    comparisons: page.map((r) => ({
      id: r.id,
      projectId: r.projectId,
      promptId: r.promptId,
      promptExcerpt: excerpt(r.head),
      status: comparisonStatus(r),
      requiredRankings: r.requiredRankings,
      rankingCount: r.rankingCount,
      skips: r.skips,
      agreement: r.agreement,
      flags: r.flags,
      openFlags: r.openFlags,
      gold: r.gold,
      excluded: r.excludedAt !== null,
      excludedReason: r.excludedReason,
      archived: r.archivedAt !== null,
      createdAt: r.createdAt,
    })),
    nextCursor: nextCursor(page.at(-1), rows.length > options.limit),
  };
}

const FLAGS_OF_C = Prisma.sql`SELECT 1 FROM "Flag" f JOIN "ComparisonItem" i ON i."completionId" = f."completionId" WHERE i."comparisonId" = c."id"`;

const select = step(function* (o: ListComparisonsOptions): Steps<ReturnType<typeof Row>[]> {
  const { db } = o;
  const where: Prisma.Sql[] = [];
  if (o.q !== undefined) where.push(Prisma.sql`LOWER(p."text") LIKE ${containsPattern(o.q)} ESCAPE '\\'`);
  if (o.projectId !== undefined) where.push(Prisma.sql`c."projectId" = ${o.projectId}`);
  if (o.status === "archived") where.push(Prisma.sql`c."archivedAt" IS NOT NULL`);
  else where.push(Prisma.sql`c."archivedAt" IS NULL`);
  if (o.status === "open") where.push(Prisma.sql`c."rankingCount" < c."requiredRankings"`);
  if (o.status === "complete") where.push(Prisma.sql`c."rankingCount" >= c."requiredRankings"`);
  if (o.agreementMin !== undefined) where.push(Prisma.sql`c."agreement" >= ${o.agreementMin}`);
  if (o.agreementMax !== undefined) where.push(Prisma.sql`c."agreement" <= ${o.agreementMax}`);
  if (o.flagged !== undefined) {
    where.push(Prisma.sql`${o.flagged ? Prisma.empty : Prisma.sql`NOT`} EXISTS (${FLAGS_OF_C} AND f."resolvedAt" IS NULL)`);
  }
  if (o.gold !== undefined) where.push(o.gold ? Prisma.sql`c."gold" = true` : Prisma.sql`c."gold" = false`);
  if (o.excluded !== undefined) where.push(o.excluded ? Prisma.sql`c."excludedAt" IS NOT NULL` : Prisma.sql`c."excludedAt" IS NULL`);
  if (o.labelerId !== undefined) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = ${o.labelerId})`);
  }
  if (o.from !== undefined) where.push(Prisma.sql`c."createdAt" >= ${timestamp(db, o.from)}`);
  if (o.to !== undefined) where.push(Prisma.sql`c."createdAt" <= ${timestamp(db, o.to)}`);
  if (o.cursor !== undefined) {
    const at = timestamp(db, o.cursor.at);
    where.push(Prisma.sql`(c."createdAt" < ${at} OR (c."createdAt" = ${at} AND c."id" < ${o.cursor.id}))`);
  }
  // The page is chosen first (the inner query, through the indexes), and only its rows are counted.
  return yield* all(
    Prisma.sql`
    SELECT c."id", c."projectId", c."promptId", SUBSTR(p."text", 1, 400) AS "head", c."requiredRankings", c."rankingCount",
      (SELECT COUNT(*) FROM "Skip" s WHERE s."comparisonId" = c."id") AS "skips",
      c."agreement", c."gold", c."excludedAt", c."excludedReason", c."archivedAt", c."createdAt",
      (SELECT COUNT(*) FROM "Flag" f JOIN "ComparisonItem" i ON i."completionId" = f."completionId"
        WHERE i."comparisonId" = c."id") AS "flags",
      (SELECT COUNT(*) FROM "Flag" f JOIN "ComparisonItem" i ON i."completionId" = f."completionId"
        WHERE i."comparisonId" = c."id" AND f."resolvedAt" IS NULL) AS "openFlags"
    FROM (
      SELECT c."id" FROM "Comparison" c JOIN "Prompt" p ON p."id" = c."promptId"
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY c."createdAt" DESC, c."id" DESC
      LIMIT ${o.limit + 1}) page
    JOIN "Comparison" c ON c."id" = page."id"
    JOIN "Prompt" p ON p."id" = c."promptId"
    ORDER BY c."createdAt" DESC, c."id" DESC`,
    Row,
  );
});
