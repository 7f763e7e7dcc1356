// The labeler's progress line: rankings today (UTC) and in total, and how many comparisons are still available to
// them (open, in an active project they belong to and are not paused on, not ranked or skipped by them, plus ones
// they hold a lease on).
import type { Db } from "@/lib/db";

export interface GetProgressOptions {
  db: Db;
  userId: string;
  now?: Date;
}

export interface Progress {
  rankedToday: number;
  rankedTotal: number;
  remaining: number;
}

export async function getProgress({ db, userId, now = new Date() }: GetProgressOptions): Promise<Progress> {
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [rankedToday, rankedTotal, openRows, heldOnFull] = await Promise.all([
    db.ranking.count({ where: { userId, createdAt: { gte: startOfDay } } }),
    db.ranking.count({ where: { userId } }),
    db.$queryRaw<{ n: bigint | number }[]>`
      SELECT COUNT(*) AS "n" FROM "Comparison" c
      WHERE c."open" = true
        AND c."projectId" IN (
          SELECT p."id" FROM "Project" p
          WHERE p."status" = 'ACTIVE'
            AND (p."allLabelers" = true OR EXISTS (SELECT 1 FROM "ProjectMember" m WHERE m."projectId" = p."id" AND m."userId" = ${userId}))
            AND NOT EXISTS (SELECT 1 FROM "LabelerPause" lp WHERE lp."projectId" = p."id" AND lp."userId" = ${userId} AND lp."liftedAt" IS NULL))
        AND NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = ${userId})
        AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = ${userId})`,
    db.lease.count({ where: { userId, slotHeld: true, comparison: { open: false } } }),
  ]);
  return { rankedToday, rankedTotal, remaining: Number(openRows[0]?.n ?? 0) + heldOnFull };
}
