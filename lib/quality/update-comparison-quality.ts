// Recomputes one comparison's quality columns from its rankings: every ranking's consensusAgreement (leave-one-out;
// null while it is the only one) and Comparison.agreement (mean pairwise agreement; null with fewer than two), and
// clears Comparison.qualityStale. Bounded by the comparison's few rankings (one index lookup); a row is written only
// when its figure changed. Runs after the comparison's row lock (lockComparison), in the batch of
// refresh-stale-quality, in an undo's transaction, or in the backfill.
import { all, asBoolean, asString, columns, nullable, asNumber, Prisma, run, step, type Steps } from "@/lib/db";
import { meanPairwiseAgreement } from "./agreement";
import { leaveOneOutAgreement } from "./leave-one-out-agreement";
import { parseOrder } from "./parse-order";
import { parseRanks } from "./parse-ranks";

const RankingRow = columns({ id: asString, order: parseOrder, ranks: nullable(parseRanks), consensusAgreement: nullable(asNumber) });
const ComparisonRow = columns({ agreement: nullable(asNumber), qualityStale: asBoolean });

export interface ComparisonQuality {
  rankings: number;
  agreement: number | null;
  /** Rows written (rankings and the comparison). */
  updated: number;
}

export const updateComparisonQuality = step(function* (comparisonId: string): Steps<ComparisonQuality> {
  const rows = yield* all(
    Prisma.sql`SELECT "id", "order", "ranks", "consensusAgreement" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} ORDER BY "createdAt", "id"`,
    RankingRow,
  );
  const orders = rows.map((r) => ({ order: r.order, ranks: r.ranks }));
  const loo = leaveOneOutAgreement({ rankings: orders });
  let updated = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as (typeof rows)[number];
    const value = loo[i] ?? null;
    if (same(row.consensusAgreement, value)) continue;
    updated += yield* run(Prisma.sql`UPDATE "Ranking" SET "consensusAgreement" = ${value} WHERE "id" = ${row.id}`);
  }
  const agreement = meanPairwiseAgreement(orders)?.mean ?? null;
  const stored = (yield* all(Prisma.sql`SELECT "agreement", "qualityStale" FROM "Comparison" WHERE "id" = ${comparisonId}`, ComparisonRow))[0];
  if (stored && (stored.qualityStale || !same(stored.agreement, agreement))) {
    const changed = yield* run(Prisma.sql`UPDATE "Comparison" SET "agreement" = ${agreement}, "qualityStale" = false WHERE "id" = ${comparisonId}`);
    if (!same(stored.agreement, agreement)) updated += changed;
  }
  return { rankings: rows.length, agreement, updated };
});

function same(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Math.abs(a - b) < 1e-12;
}
