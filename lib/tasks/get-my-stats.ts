// A labeler's own figures for their page: rankings today and this week (UTC; weeks start on Monday), the median
// time per ranking this week, and, for each project that shows labelers their gold score (Project.showGoldScore),
// the mean agreement of their gold answers with the reference. Reads only the labeler's own rankings, through the
// (userId, createdAt) and (projectId, userId, createdAt) indexes.
import type { Db } from "@/lib/db";

export interface GetMyStatsOptions {
  db: Db;
  userId: string;
  now?: Date;
}

export interface GoldScore {
  projectId: string;
  projectName: string;
  /** Mean pairwise agreement with the gold references (0–1). */
  score: number;
  answers: number;
}

export interface MyStats {
  rankedToday: number;
  rankedThisWeek: number;
  rankedTotal: number;
  /** Median time per ranking this week, in milliseconds; null before the first one. */
  medianDurationMs: number | null;
  goldScores: GoldScore[];
}

/** Rankings of this week whose durations are read for the median (a week of very fast work stays bounded). */
const MEDIAN_SAMPLE = 5000;

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function startOfUtcWeek(now: Date): Date {
  const day = startOfUtcDay(now);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 24 * 3600 * 1000);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function getMyStats({ db, userId, now = new Date() }: GetMyStatsOptions): Promise<MyStats> {
  const today = startOfUtcDay(now);
  const week = startOfUtcWeek(now);
  const [rankedToday, rankedThisWeek, rankedTotal, durations, gold] = await Promise.all([
    db.ranking.count({ where: { userId, createdAt: { gte: today } } }),
    db.ranking.count({ where: { userId, createdAt: { gte: week } } }),
    db.ranking.count({ where: { userId } }),
    db.ranking.findMany({
      where: { userId, createdAt: { gte: week }, durationMs: { not: null } },
      select: { durationMs: true },
      orderBy: { createdAt: "desc" },
      take: MEDIAN_SAMPLE,
    }),
    db.ranking.groupBy({
      by: ["projectId"],
      where: { userId, goldAgreement: { not: null }, project: { showGoldScore: true } },
      _avg: { goldAgreement: true },
      _count: { goldAgreement: true },
    }),
  ]);
  const names = gold.length
    ? await db.project.findMany({ where: { id: { in: gold.map((g) => g.projectId) } }, select: { id: true, name: true } })
    : [];
  const nameOf = new Map(names.map((p) => [p.id, p.name]));
  return {
    rankedToday,
    rankedThisWeek,
    rankedTotal,
    medianDurationMs: median(durations.flatMap((d) => (d.durationMs === null ? [] : [d.durationMs]))),
    goldScores: gold.flatMap((g) =>
      g._avg.goldAgreement === null
        ? []
        : [{ projectId: g.projectId, projectName: nameOf.get(g.projectId) ?? g.projectId, score: g._avg.goldAgreement, answers: g._count.goldAgreement }],
    ),
  };
}
