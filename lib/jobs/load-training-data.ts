// Worker: the rankings a reward or DPO job trains on, and what it records about them. From a snapshot: its stored
// content (not the live tables), cited by id and content hash; a pairwise snapshot's rows are put back together into
// one order per ranking (one per comparison with consensus), a listwise row is one order. From filters: the live
// rankings they keep, cited with the filters and the counts.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { filtersToJson, snapshotLines, ZSnapshotCounts, ZStoredSnapshotSettings } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { loadRankingData, type RankingData } from "./load-ranking-data";
import type { TTrainingDataConfig } from "./training-data-config";

export type TrainingDataSource =
  | { snapshotId: string; name: string; contentHash: string; format: string; counts: z.infer<typeof ZSnapshotCounts> }
  | { filters: ReturnType<typeof filtersToJson>; counts: z.infer<typeof ZSnapshotCounts> };

export interface LoadTrainingDataOptions {
  db: Db;
  data: TTrainingDataConfig;
  /** Live data only: rankings created at or after this time. */
  since?: Date;
}

const ZPairwiseLine = z.object({
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  prompt_id: z.string(),
  comparison_id: z.string(),
  chosen_id: z.string(),
  rejected_id: z.string(),
  ranking_id: z.string().optional(),
});
const ZListwiseLine = z.object({
  prompt: z.string(),
  prompt_id: z.string(),
  comparison_id: z.string(),
  completions: z.array(z.string()),
});

interface PairGroup {
  comparisonId: string;
  promptId: string;
  prompt: string;
  texts: Map<string, string>;
  wins: Map<string, number>;
}

export async function loadTrainingData({ db, data, since }: LoadTrainingDataOptions): Promise<{ rankings: RankingData[]; source: TrainingDataSource }> {
  if ("filters" in data) {
    const rankings = await loadRankingData({ db, filters: data.filters, ...(since ? { since } : {}) });
    const counts = {
      comparisons: new Set(rankings.map((r) => r.comparisonId)).size,
      rankings: rankings.length,
      pairs: rankings.reduce((n, r) => n + orderedPairs(r), 0),
      labelers: new Set(rankings.map((r) => r.labelerId)).size,
    };
    return { rankings, source: { filters: filtersToJson(data.filters), counts } };
  }
  const snapshot = await db.exportSnapshot.findUnique({
    where: { id: data.snapshotId },
    select: { id: true, name: true, format: true, filters: true, counts: true, contentHash: true, artifactKey: true },
  });
  if (!snapshot) throw new AppError("NOT_FOUND", `No export snapshot with id ${data.snapshotId}`);
  if (snapshot.format === "events") {
    throw new AppError("UNPROCESSABLE", `Snapshot ${snapshot.name} is in the events format, which holds no texts: train from a pairwise or listwise snapshot`);
  }
  const source: TrainingDataSource = {
    snapshotId: snapshot.id,
    name: snapshot.name,
    contentHash: snapshot.contentHash,
    format: snapshot.format,
    counts: ZSnapshotCounts.parse(snapshot.counts),
  };
  // A snapshot holds texts, not how generation ended: its completions count as finished answers (finishReason null).
  const rankings: RankingData[] = [];
  if (snapshot.format === "listwise") {
    for await (const line of snapshotLines({ db, artifactKey: snapshot.artifactKey })) {
      const row = ZListwiseLine.parse(JSON.parse(line));
      if (row.completions.length < 2) continue;
      rankings.push({ rankingId: row.comparison_id, comparisonId: row.comparison_id, promptId: row.prompt_id, prompt: row.prompt, ranked: row.completions, finishReasons: row.completions.map(() => null) });
    }
    return { rankings, source };
  }
  // pairwise: every pair of a ranking (or of a comparison's consensus); the order is by wins, most first.
  const consensus = ZStoredSnapshotSettings.parse(snapshot.filters).options.consensus;
  const groups = new Map<string, PairGroup>();
  for await (const line of snapshotLines({ db, artifactKey: snapshot.artifactKey })) {
    const row = ZPairwiseLine.parse(JSON.parse(line));
    const key = consensus ? row.comparison_id : (row.ranking_id ?? row.comparison_id);
    let group = groups.get(key);
    if (!group) {
      group = { comparisonId: row.comparison_id, promptId: row.prompt_id, prompt: row.prompt, texts: new Map(), wins: new Map() };
      groups.set(key, group);
    }
    group.texts.set(row.chosen_id, row.chosen);
    group.texts.set(row.rejected_id, row.rejected);
    group.wins.set(row.chosen_id, (group.wins.get(row.chosen_id) ?? 0) + 1);
    group.wins.set(row.rejected_id, group.wins.get(row.rejected_id) ?? 0);
  }
  for (const [key, g] of groups) {
    const sorted = [...g.wins].sort((a, b) => b[1] - a[1]);
    const order = sorted.map(([id]) => id);
    // Tied pairs are not in a pairwise export, so tied completions have equal wins: rank = 1 + those with more wins.
    const ranks = sorted.map(([, wins]) => 1 + sorted.filter(([, w]) => w > wins).length);
    const tied = ranks.some((rank, i) => rank !== i + 1);
    rankings.push({
      rankingId: key,
      comparisonId: g.comparisonId,
      promptId: g.promptId,
      prompt: g.prompt,
      ranked: order.map((id) => g.texts.get(id) ?? ""),
      finishReasons: order.map(() => null),
      ...(tied ? { ranks } : {}),
    });
  }
  return { rankings, source };
}

/** Pairs a ranking orders: C(K,2) less its tied pairs. */
function orderedPairs(r: RankingData): number {
  const ranks = r.ranks ?? r.ranked.map((_, i) => i + 1);
  let n = 0;
  for (let i = 0; i < ranks.length; i++) for (let j = i + 1; j < ranks.length; j++) if ((ranks[i] as number) < (ranks[j] as number)) n++;
  return n;
}
