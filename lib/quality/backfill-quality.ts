// Fills the quality columns of data stored before they were kept up to date (or after a change of method): for every
// comparison with rankings, each ranking's untouched / topShownPosition / goldAgreement (from its order, the order
// shown and the gold reference) and the figures of updateComparisonQuality. Idempotent (a row is written only when a
// value differs) and batched: a keyset walk over comparison ids, one short write transaction per batch.
import { all, asString, asNumber, asBoolean, columns, nullable, Prisma, run, runSteps, step, type Db, type Steps } from "@/lib/db";
import { pairwiseAgreement } from "./agreement";
import { parseOrder } from "./parse-order";
import { parseRanks } from "./parse-ranks";
import { updateComparisonQuality } from "./update-comparison-quality";

export interface BackfillQualityOptions {
  db: Db;
  /** Comparisons per transaction (default 200). */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: BackfillQualityResult) => void;
}

export interface BackfillQualityResult {
  comparisons: number;
  rankings: number;
  /** Rows whose values changed. */
  updated: number;
}

const IdRow = columns({ id: asString });
const ComparisonRow = columns({ gold: asBoolean, goldRanking: nullable((v: unknown) => v) });
const RankingRow = columns({
  id: asString,
  order: parseOrder,
  shownOrder: parseOrder,
  ranks: nullable(parseRanks),
  untouched: asBoolean,
  topShownPosition: nullable(asNumber),
  goldAgreement: nullable(asNumber),
});

export async function backfillQuality({ db, batchSize = 200, onProgress }: BackfillQualityOptions): Promise<BackfillQualityResult> {
  const total: BackfillQualityResult = { comparisons: 0, rankings: 0, updated: 0 };
  let cursor = "";
  for (;;) {
    const batch = await runSteps(
      db,
      () => all(Prisma.sql`SELECT "id" FROM "Comparison" WHERE "id" > ${cursor} AND "rankingCount" > 0 ORDER BY "id" LIMIT ${batchSize}`, IdRow),
      { write: false },
    );
    if (batch.length === 0) break;
    cursor = (batch[batch.length - 1] as { id: string }).id;
    const done = await runSteps(db, () => backfillBatch(batch.map((b) => b.id)), { write: true, timeoutMs: 60_000 });
    total.comparisons += batch.length;
    total.rankings += done.rankings;
    total.updated += done.updated;
    onProgress?.({ ...total });
    if (batch.length < batchSize) break;
  }
  return total;
}

const backfillBatch = step(function* (ids: string[]): Steps<{ rankings: number; updated: number }> {
  let rankings = 0;
  let updated = 0;
  for (const id of ids) {
    updated += yield* backfillRankingFields(id);
    const quality = yield* updateComparisonQuality(id);
    rankings += quality.rankings;
    updated += quality.updated;
  }
  return { rankings, updated };
});

/** untouched, topShownPosition and (gold) goldAgreement of one comparison's rankings; the rows changed. */
const backfillRankingFields = step(function* (comparisonId: string): Steps<number> {
  const comparison = (yield* all(Prisma.sql`SELECT "gold", "goldRanking" FROM "Comparison" WHERE "id" = ${comparisonId}`, ComparisonRow))[0];
  if (!comparison) return 0;
  const reference = comparison.gold && comparison.goldRanking !== null ? safeOrder(comparison.goldRanking) : null;
  const rows = yield* all(
    Prisma.sql`SELECT "id", "order", "shownOrder", "ranks", "untouched", "topShownPosition", "goldAgreement" FROM "Ranking" WHERE "comparisonId" = ${comparisonId}`,
    RankingRow,
  );
  let updated = 0;
  for (const r of rows) {
    const untouched = r.order.length === r.shownOrder.length && r.order.every((id, i) => id === r.shownOrder[i]);
    const top = r.order[0] === undefined ? -1 : r.shownOrder.indexOf(r.order[0]);
    const topShownPosition = top < 0 ? null : top;
    const goldAgreement = reference ? pairwiseAgreement({ order: r.order, ranks: r.ranks }, reference) : r.goldAgreement;
    if (untouched === r.untouched && topShownPosition === r.topShownPosition && goldAgreement === r.goldAgreement) continue;
    updated += yield* run(Prisma.sql`
      UPDATE "Ranking" SET "untouched" = ${untouched}, "topShownPosition" = ${topShownPosition}, "goldAgreement" = ${goldAgreement}
      WHERE "id" = ${r.id}`);
  }
  return updated;
});

function safeOrder(value: unknown): string[] | null {
  try {
    return parseOrder(value, "goldRanking");
  } catch {
    return null;
  }
}
