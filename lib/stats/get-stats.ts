// Admin statistics: counts, throughput, agreement between labelers on the same comparison (mean pairwise agreement
// and Kendall tau), and per-labeler figures (rankings, median time, agreement with the consensus of the others —
// leave-one-out, so a labeler is never compared with a consensus they shaped). One keyset-paginated pass over the
// rankings, grouped by comparison; memory grows with the number of labelers, not of rankings (durations aside).
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { consensusOrder, pairwiseAgreement, parseRanks, type Ranked } from "@/lib/quality";

export interface LabelerStats {
  userId: string;
  name: string;
  email: string;
  pseudonym: string;
  rankings: number;
  rankingsLastDay: number;
  medianDurationMs: number | null;
  /** Mean share of pairs ordered as the consensus of the other labelers (0–1); null without overlap. */
  agreementWithConsensus: number | null;
  /** Rankings that had at least one other ranking of the same comparison. */
  overlappingRankings: number;
  skips: number;
}

export interface Stats {
  counts: {
    prompts: number;
    comparisons: number;
    completeComparisons: number;
    rankings: number;
    labelers: number;
    skips: number;
    flags: number;
    activeLeases: number;
  };
  throughput: { rankingsLastHour: number; rankingsLastDay: number };
  agreement: {
    /** Mean over pairs of labelers on the same comparison of the share of item pairs they order alike (0–1). */
    meanPairwiseAgreement: number | null;
    /** The same as Kendall's tau (2·agreement − 1). */
    meanKendallTau: number | null;
    comparisonsWithOverlap: number;
    labelerPairs: number;
  };
  labelers: LabelerStats[];
  generatedAt: Date;
}

export const ZStatsQuery = z.strictObject({
  /** Only this project's prompts, comparisons, rankings, skips, flags and leases (default: every project). */
  projectId: z.string().trim().min(1).max(64).optional(),
});
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

export interface GetStatsOptions {
  db: Db;
  actor: AuthUser;
  projectId?: string;
  now?: Date;
  batchSize?: number;
}

const ZIds = z.array(z.string());

export async function getStats({ db, actor, projectId, now = new Date(), batchSize = 500 }: GetStatsOptions): Promise<Stats> {
  requireRole(actor, "ADMIN");
  if (projectId !== undefined && !(await db.project.findUnique({ where: { id: projectId }, select: { id: true } }))) {
    throw new AppError("NOT_FOUND", "Project not found");
  }
  // No projectId: every project (an empty filter, on purpose).
  const inProject = projectId === undefined ? {} : { projectId };
  const ofProject = projectId === undefined ? {} : { comparison: { projectId } };
  const hourAgo = new Date(now.getTime() - 3600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [prompts, comparisons, completeComparisons, rankings, skips, flags, activeLeases, lastHour, lastDay] = await Promise.all([
    db.prompt.count({ where: inProject }),
    db.comparison.count({ where: inProject }),
    db.comparison.count({ where: { ...inProject, rankingCount: { gte: db.comparison.fields.requiredRankings } } }),
    db.ranking.count({ where: inProject }),
    db.skip.count({ where: ofProject }),
    db.flag.count({ where: projectId === undefined ? {} : { completion: { prompt: { projectId } } } }),
    db.lease.count({ where: { ...ofProject, slotHeld: true, expiresAt: { gt: now } } }),
    db.ranking.count({ where: { ...inProject, createdAt: { gte: hourAgo } } }),
    db.ranking.count({ where: { ...inProject, createdAt: { gte: dayAgo } } }),
  ]);

  const perUser = new Map<string, { rankings: number; lastDay: number; durations: number[]; agreeSum: number; overlap: number }>();
  let pairSum = 0;
  let pairCount = 0;
  let comparisonsWithOverlap = 0;
  let cursor = "";
  for (;;) {
    const batch = await db.comparison.findMany({
      where: { ...inProject, rankingCount: { gt: 0 }, id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]?.id ?? cursor;
    const rows = await db.ranking.findMany({
      where: { comparisonId: { in: batch.map((c) => c.id) } },
      orderBy: [{ comparisonId: "asc" }, { userId: "asc" }],
      select: { comparisonId: true, userId: true, order: true, ranks: true, durationMs: true, createdAt: true },
    });
    // A ranking with ties is read with its ranks (lib/quality/agreement: a tie against a preference agrees half).
    const groups = new Map<string, { userId: string; order: string[]; ranks: number[] | null }[]>();
    for (const r of rows) {
      const u = perUser.get(r.userId) ?? { rankings: 0, lastDay: 0, durations: [], agreeSum: 0, overlap: 0 };
      u.rankings++;
      if (r.createdAt >= dayAgo) u.lastDay++;
      if (r.durationMs !== null) u.durations.push(r.durationMs);
      perUser.set(r.userId, u);
      const g = groups.get(r.comparisonId) ?? [];
      g.push({ userId: r.userId, order: ZIds.parse(r.order), ranks: parseRanks(r.ranks ?? null) });
      groups.set(r.comparisonId, g);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      comparisonsWithOverlap++;
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const rate = pairwiseAgreement(group[i] as Ranked, group[j] as Ranked);
          if (rate !== null) {
            pairSum += rate;
            pairCount++;
          }
        }
        const me = group[i] as { userId: string; order: string[]; ranks: number[] | null };
        const others = group.filter((_, k) => k !== i);
        const rate = pairwiseAgreement(me, consensusOrder({ rankings: others }).order);
        const u = perUser.get(me.userId);
        if (u && rate !== null) {
          u.agreeSum += rate;
          u.overlap++;
        }
      }
    }
    if (batch.length < batchSize) break;
  }

  const ids = [...perUser.keys()];
  const [users, skipCounts] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true, pseudonym: true } }),
    db.skip.groupBy({ by: ["userId"], where: { ...ofProject, userId: { in: ids } }, _count: { _all: true } }),
  ]);
  const skipsByUser = new Map(skipCounts.map((s) => [s.userId, s._count._all]));
  const labelers = users
    .map((user): LabelerStats => {
      const u = perUser.get(user.id) ?? { rankings: 0, lastDay: 0, durations: [], agreeSum: 0, overlap: 0 };
      return {
        userId: user.id,
        name: user.name,
        email: user.email,
        pseudonym: user.pseudonym,
        rankings: u.rankings,
        rankingsLastDay: u.lastDay,
        medianDurationMs: median(u.durations),
        agreementWithConsensus: u.overlap ? u.agreeSum / u.overlap : null,
        overlappingRankings: u.overlap,
        skips: skipsByUser.get(user.id) ?? 0,
      };
    })
    .sort((a, b) => b.rankings - a.rankings || (a.email < b.email ? -1 : 1));

  const meanPairwiseAgreement = pairCount ? pairSum / pairCount : null;
  return {
    counts: { prompts, comparisons, completeComparisons, rankings, labelers: labelers.length, skips, flags, activeLeases },
    throughput: { rankingsLastHour: lastHour, rankingsLastDay: lastDay },
    agreement: {
      meanPairwiseAgreement,
      meanKendallTau: meanPairwiseAgreement === null ? null : 2 * meanPairwiseAgreement - 1,
      comparisonsWithOverlap,
      labelerPairs: pairCount,
    },
    labelers,
    generatedAt: now,
  };
}

/** Median of a list of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
