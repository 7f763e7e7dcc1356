// Small SQL steps the task functions share: the lock that serializes the operations on one task, the counter
// updates of Comparison (slotsTaken / rankingCount / open), which must be atomic and conditional, so they are single
// UPDATE statements; and decoding a stored completion order.
import { asString, columns, dbKind, one, Prisma, readJson, run, step, type ColumnDecoder, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const IdRow = columns({ id: asString });

/**
 * Locks the comparison's row until the unit of work ends (PostgreSQL; SQLite's write transaction is serialized
 * already), so that the labeler operations on one task run one after another: every write step that reads a lease,
 * ranking or skip of a comparison and then changes it takes this lock first, and reads what the previous holder
 * committed (READ COMMITTED reads anew per statement). False when the comparison does not exist.
 */
export const lockComparison = step(function* (db: Db, comparisonId: string) {
  const lock = dbKind(db) === "postgresql" ? Prisma.sql`FOR UPDATE` : Prisma.empty;
  return (yield* one(Prisma.sql`SELECT "id" FROM "Comparison" WHERE "id" = ${comparisonId} ${lock}`, IdRow)) !== null;
});

/**
 * Takes one slot if one is free; true when taken. `withRanking` also counts a stored ranking (a late ranking), and
 * `markStale` flags the comparison's quality figures for recomputation (lib/quality/refresh-stale-quality).
 * A gold comparison has no cap (every labeler may answer it) and never opens: its counters only count.
 */
export const takeSlot = step(function* (comparisonId: string, withRanking = false, markStale = false) {
  const add = withRanking ? 1 : 0;
  const stale = markStale ? Prisma.sql`, "qualityStale" = true` : Prisma.empty;
  const n = yield* run(Prisma.sql`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" + 1,
        "rankingCount" = "rankingCount" + ${add},
        "open" = ("gold" = false AND "archivedAt" IS NULL AND "slotsTaken" + 1 < "requiredRankings") ${stale}
    WHERE "id" = ${comparisonId} AND ("slotsTaken" < "requiredRankings" OR "gold" = true)`);
  return n === 1;
});

/** Gives one slot back (a lease released or expired). */
export const releaseSlot = step(function* (comparisonId: string) {
  yield* run(Prisma.sql`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" - 1, "open" = ("gold" = false AND "archivedAt" IS NULL AND "slotsTaken" - 1 < "requiredRankings")
    WHERE "id" = ${comparisonId} AND "slotsTaken" > 0`);
});

/** A held lease turned into a ranking: the slot stays taken, one more ranking is counted (`markStale`: see takeSlot). */
export const countRanking = step(function* (comparisonId: string, markStale = false) {
  const stale = markStale ? Prisma.sql`, "qualityStale" = true` : Prisma.empty;
  yield* run(Prisma.sql`UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 ${stale} WHERE "id" = ${comparisonId}`);
});

/** A stored order (Lease.shownOrder, Ranking.order) read back from Json (parsed, or SQLite's text). */
export function parseIdList(value: unknown): string[] {
  const parsed = readJson(value);
  // Checked by hand rather than with zod: this runs for every lease and ranking row read on the hot path.
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) {
    throw new AppError("INTERNAL", "A stored completion order is malformed");
  }
  return parsed as string[];
}

/** A Json column holding a completion order, as a column decoder. */
export const asIdList: ColumnDecoder<string[]> = (value) => parseIdList(value);
