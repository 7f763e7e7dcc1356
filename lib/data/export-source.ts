// The one read path of every export: comparisons that have rankings, in keyset-paginated batches (never all rows in
// memory), each with its prompt, its completions' texts and its rankings (with the labeler's pseudonym); with the
// filters' conditions, only the comparisons and rankings they keep.
import type { Db } from "@/lib/db";
import { z } from "zod";
import type { TExportFilters } from "./export-filters";
import { buildExportWhere } from "./export-where";

export interface ExportRanking {
  id: string;
  order: string[];
  shownOrder: string[];
  /** Rank of each entry of `order` when something ties (tied entries share it); null for a strict order. */
  ranks: number[] | null;
  noneAcceptable: boolean;
  /** Scores 1–7 by completion id, when the labeler gave any. */
  scores: Record<string, number> | null;
  durationMs: number | null;
  createdAt: Date;
  labeler: string;
}

export interface ExportComparison {
  id: string;
  promptId: string;
  prompt: string;
  requiredRankings: number;
  completions: Map<string, string>;
  rankings: ExportRanking[];
}

export interface RankedComparisonsOptions {
  db: Db;
  /** Comparisons per batch (each batch is three queries). */
  batchSize?: number;
  /** Omitted: every ranked comparison and all its rankings (gold and excluded ones too). */
  filters?: TExportFilters;
}

const ZIds = z.array(z.string());
const ZRanks = z.array(z.number().int()).nullable();
const ZScores = z.record(z.string(), z.number().int()).nullable();

export async function* rankedComparisons({ db, batchSize = 200, filters }: RankedComparisonsOptions): AsyncGenerator<ExportComparison[]> {
  const where = filters ? await buildExportWhere({ db, filters }) : undefined;
  const rankingWhere = where?.ranking ?? {};
  const filtersRankings = Object.keys(rankingWhere).length > 0;
  let cursor = "";
  for (;;) {
    const comparisons = await db.comparison.findMany({
      where: {
        ...where?.comparison,
        rankingCount: { gt: 0 },
        id: { gt: cursor },
        ...(filtersRankings ? { rankings: { some: rankingWhere } } : {}),
      },
      orderBy: { id: "asc" },
      take: batchSize,
      select: {
        id: true,
        promptId: true,
        requiredRankings: true,
        prompt: { select: { text: true } },
        items: { select: { completion: { select: { id: true, text: true } } } },
      },
    });
    if (comparisons.length === 0) return;
    cursor = comparisons[comparisons.length - 1]?.id ?? cursor;
    const rankings = await db.ranking.findMany({
      where: { ...rankingWhere, comparisonId: { in: comparisons.map((c) => c.id) } },
      orderBy: [{ comparisonId: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        comparisonId: true,
        order: true,
        shownOrder: true,
        ranks: true,
        noneAcceptable: true,
        scores: true,
        durationMs: true,
        createdAt: true,
        user: { select: { pseudonym: true } },
      },
    });
    const byComparison = new Map<string, ExportRanking[]>();
    for (const r of rankings) {
      const list = byComparison.get(r.comparisonId) ?? [];
      list.push({
        id: r.id,
        order: ZIds.parse(r.order),
        shownOrder: ZIds.parse(r.shownOrder),
        ranks: ZRanks.parse(r.ranks ?? null),
        noneAcceptable: r.noneAcceptable,
        scores: ZScores.parse(r.scores ?? null),
        durationMs: r.durationMs,
        createdAt: r.createdAt,
        labeler: r.user.pseudonym,
      });
      byComparison.set(r.comparisonId, list);
    }
    yield comparisons.map((c) => ({
      id: c.id,
      promptId: c.promptId,
      prompt: c.prompt.text,
      requiredRankings: c.requiredRankings,
      completions: new Map(c.items.map((i) => [i.completion.id, i.completion.text])),
      rankings: byComparison.get(c.id) ?? [],
    }));
    if (comparisons.length < batchSize) return;
  }
}
