// Worker: the stored rankings the export filters keep, as texts (prompt + completions best first): the live training
// data of reward and DPO jobs. By default gold and excluded comparisons are left out. Rankings of the same prompt by
// different labelers are separate examples sharing the prompt id (held-out splits are by prompt).
import type { Db, Prisma } from "@/lib/db";
import { buildExportWhere } from "@/lib/data/export-where";
import { ZExportFilters, type TExportFilters } from "@/lib/data/export-filters";

export interface RankingData {
  rankingId: string;
  comparisonId: string;
  promptId: string;
  prompt: string;
  /** Completion texts, best first. */
  ranked: string[];
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
      const completions = order.flatMap((id) => byId.get(id) ?? []);
      const ranked = completions.map((c) => c.text);
      if (ranked.length < 2) continue;
      out.push({
        rankingId: r.id,
        comparisonId: r.comparison.id,
        promptId: r.comparison.prompt.id,
        prompt: r.comparison.prompt.text,
        ranked,
        finishReasons: completions.map((c) => c.finishReason),
        labelerId: r.userId,
      });
    }
    if (page.length < pageSize) break;
    cursor = page.at(-1)?.id;
  }
  return out;
}
