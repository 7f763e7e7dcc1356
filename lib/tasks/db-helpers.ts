// Small SQL steps the task functions share: the counter updates of Comparison (slotsTaken / rankingCount / open),
// which must be atomic and conditional, so they are single UPDATE statements; and decoding a stored completion order.
import { z } from "zod";
import { Prisma, run, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Takes one slot if one is free; true when taken. `withRanking` also counts a stored ranking (a late ranking). */
export function* takeSlot(comparisonId: string, withRanking = false): Steps<boolean> {
  const add = withRanking ? 1 : 0;
  const n = yield* run(Prisma.sql`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" + 1,
        "rankingCount" = "rankingCount" + ${add},
        "open" = ("slotsTaken" + 1 < "requiredRankings")
    WHERE "id" = ${comparisonId} AND "slotsTaken" < "requiredRankings"`);
  return n === 1;
}

/** Gives one slot back (a lease released or expired). */
export function* releaseSlot(comparisonId: string): Steps<void> {
  yield* run(Prisma.sql`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" - 1, "open" = ("slotsTaken" - 1 < "requiredRankings")
    WHERE "id" = ${comparisonId} AND "slotsTaken" > 0`);
}

/** A held lease turned into a ranking: the slot stays taken, one more ranking is counted. */
export function* countRanking(comparisonId: string): Steps<void> {
  yield* run(Prisma.sql`UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 WHERE "id" = ${comparisonId}`);
}

const ZIdList = z.array(z.string());

/** A stored order (Lease.shownOrder, Ranking.order) read back from Json (parsed, or SQLite's text). */
export function parseIdList(value: unknown): string[] {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = null;
    }
  }
  const result = ZIdList.safeParse(parsed);
  if (!result.success) throw new AppError("INTERNAL", "A stored completion order is malformed");
  return result.data;
}

/** A unique-constraint violation, from Prisma or from better-sqlite3. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null || !("code" in err)) return false;
  return err.code === "P2002" || err.code === "SQLITE_CONSTRAINT_UNIQUE" || err.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
