// Worker: the stored rankings the export filters keep, as texts (prompt + completions best first): the live training
// data of reward and DPO jobs. By default gold and excluded comparisons are left out. Rankings of the same prompt by
// different labelers are separate examples sharing the prompt id (held-out splits are by prompt). A ranking with ties
// carries its ranks (the trainers skip tied pairs); a ranking marked "none acceptable" is kept like any other, as its
// order still says which completion is less bad.
import type { Db, Prisma } from "@/lib/db";
import { buildExportWhere } from "@/lib/data/export-where";
import { ZExportFilters, type TExportFilters } from "@/lib/data/export-filters";
import { parseRanks } from "@/lib/quality/parse-ranks";

export interface RankingData {
  rankingId: string;
  comparisonId: string;
  promptId: string;
  prompt: string;
  /** Completion texts, best first. */
  ranked: string[];
  /** Rank of each entry of `ranked` when something ties (tied entries share it); absent for a strict order. */
  ranks?: number[];
  /** Completion.finishReason of each ranked completion ("eos", "length", or null: not recorded, a finished answer). */
  finishReasons: (string | null)[];
  /** The labeler (live data only; a snapshot's rows carry no account). */
  labelerId?: string;
}

export interface LoadRankingDataOptions {
  db: Db;
  /** Default: the default filters (every project; gold and excluded comparisons left out). */
  filters?: TExportFilters;
  /** Only rankings created at or after this time. */
  since?: Date;
  /** Read in pages of this many rankings. */
  pageSize?: number;
}

export async function loadRankingData({ db, filters = ZExportFilters.parse({}), since, pageSize = 500 }: LoadRankingDataOptions): Promise<RankingData[]> {
  const kept = await buildExportWhere({ db, filters });
  const where: Prisma.RankingWhereInput = {
    AND: [kept.ranking, since ? { createdAt: { gte: since } } : {}],
    comparison: kept.comparison,
  };
  const out: RankingData[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.ranking.findMany({
      where,
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        userId: true,
        order: true,
        ranks: true,
        comparison: {
          select: {
            id: true,
            prompt: { select: { id: true, text: true } },
            items: { select: { completion: { select: { id: true, text: true, finishReason: true } } } },
          },
        },
      },
    });
    for (const r of page) {
      const byId = new Map(r.comparison.items.map((i) => [i.completion.id, i.completion]));
      const order = Array.isArray(r.order) ? r.order.filter((id): id is string => typeof id === "string") : [];
      const stored = parseRanks(r.ranks ?? null);
      const kept = order.flatMap((id, i) => {
        const completion = byId.get(id);
        return completion ? [{ completion, rank: stored?.[i] ?? i + 1 }] : [];
      });
      const completions = kept.map((k) => k.completion);
      const ranked = completions.map((c) => c.text);
      if (ranked.length < 2) continue;
      const ranks = stored ? kept.map((k) => k.rank) : undefined;
      // Everything tied: no preference to learn from.
      if (ranks?.every((rank) => rank === ranks[0])) continue;
      out.push({
        rankingId: r.id,
        comparisonId: r.comparison.id,
        promptId: r.comparison.prompt.id,
        prompt: r.comparison.prompt.text,
        ranked,
        finishReasons: completions.map((c) => c.finishReason),
        ...(ranks ? { ranks } : {}),
        labelerId: r.userId,
      });
    }
    if (page.length < pageSize) break;
    cursor = page.at(-1)?.id;
  }
  return out;
}
