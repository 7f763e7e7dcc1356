// The export filters as Prisma conditions on comparisons and on rankings. A labeler's gold score in a project is the
// mean goldAgreement of their gold answers there; minGoldScore reads the labelers that reach it with one grouped
// aggregate over Ranking (a labeler without gold answers in a project has no score there and is left out).
import type { Db, Prisma } from "@/lib/db";
import { filterProjectIds, rangeEnd, rangeStart, type TExportFilters } from "./export-filters";
import { refreshStaleQuality } from "@/lib/quality/refresh-stale-quality";

export interface ExportWhere {
  /** Comparisons the filters keep (their rankings still need `ranking`). */
  comparison: Prisma.ComparisonWhereInput;
  /** Rankings the filters keep, within a kept comparison. */
  ranking: Prisma.RankingWhereInput;
}

export interface BuildExportWhereOptions {
  db: Db;
  filters: TExportFilters;
}

export async function buildExportWhere({ db, filters }: BuildExportWhereOptions): Promise<ExportWhere> {
  const projectIds = filterProjectIds(filters);
  // The agreement filters read Comparison.agreement: what the latest rankings flagged is recomputed first.
  if (filters.minAgreement !== undefined) {
    for (const projectId of projectIds ?? [undefined]) await refreshStaleQuality({ db, projectId });
  }
  const ranking: Prisma.RankingWhereInput = {};
  if (filters.from || filters.to) {
    ranking.createdAt = {
      ...(filters.from ? { gte: rangeStart(filters.from) } : {}),
      ...(filters.to ? { lte: rangeEnd(filters.to) } : {}),
    };
  }
  if (filters.minGoldScore !== undefined) {
    const scored = await db.ranking.groupBy({
      by: ["projectId", "userId"],
      where: { goldAgreement: { not: null }, ...(projectIds ? { projectId: { in: projectIds } } : {}) },
      having: { goldAgreement: { _avg: { gte: filters.minGoldScore } } },
      orderBy: [{ projectId: "asc" }, { userId: "asc" }],
    });
    const byProject = new Map<string, string[]>();
    for (const s of scored) byProject.set(s.projectId, [...(byProject.get(s.projectId) ?? []), s.userId]);
    // No labeler reaches the score: a condition no ranking meets.
    ranking.OR =
      byProject.size === 0
        ? [{ id: { in: [] } }]
        : [...byProject].map(([projectId, userIds]) => ({ comparison: { projectId }, userId: { in: userIds } }));
  }
  const comparison: Prisma.ComparisonWhereInput = {
    ...(projectIds ? { projectId: { in: projectIds } } : {}),
    ...(filters.includeGold ? {} : { gold: false }),
    ...(filters.includeExcluded ? {} : { excludedAt: null }),
    ...(filters.minAgreement !== undefined ? { agreement: { gte: filters.minAgreement } } : {}),
    ...(filters.excludeFlagged
      ? { items: { none: { completion: { flags: { some: { OR: [{ resolution: null }, { resolution: { not: "dismissed" } }] } } } } } }
      : {}),
  };
  return { comparison, ranking };
}
