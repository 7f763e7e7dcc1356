// Small SQL helpers the task functions share: which database the client talks to, taking SQLite's write lock at
// the start of a transaction, and the counter updates of Comparison (slotsTaken / rankingCount / open) that must be
// atomic and conditional, so they are written as single UPDATE statements.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The client of an interactive transaction (what `db.$transaction(async (tx) => …)` hands over). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type Provider = "sqlite" | "postgresql";

/** The provider of a Prisma client. Both generated clients carry it; a client on PostgreSQL says "postgresql". */
export function providerOf(db: Db | Tx): Provider {
  return Reflect.get(db, "_activeProvider") === "postgresql" ? "postgresql" : "sqlite";
}

/**
 * SQLite: the better-sqlite3 adapter opens DEFERRED transactions, so a transaction that reads first and writes later
 * can fail with SQLITE_BUSY when another process (the worker) wrote in between. A no-op UPDATE as the first statement
 * takes the write lock up front (waiting on the busy timeout instead). PostgreSQL needs nothing here.
 */
export async function beginWrite(tx: Tx, provider: Provider): Promise<void> {
  if (provider === "sqlite") await tx.$executeRaw`UPDATE "Comparison" SET "slotsTaken" = "slotsTaken" WHERE "id" = ''`;
}

/** Takes one slot if one is free; true when taken. `withRanking` also counts a stored ranking (a late ranking). */
export async function takeSlot(tx: Tx, comparisonId: string, withRanking = false): Promise<boolean> {
  const add = withRanking ? 1 : 0;
  const n = await tx.$executeRaw`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" + 1,
        "rankingCount" = "rankingCount" + ${add},
        "open" = ("slotsTaken" + 1 < "requiredRankings")
    WHERE "id" = ${comparisonId} AND "slotsTaken" < "requiredRankings"`;
  return n === 1;
}

/** Gives one slot back (a lease released or expired). */
export async function releaseSlot(tx: Tx, comparisonId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Comparison"
    SET "slotsTaken" = "slotsTaken" - 1, "open" = ("slotsTaken" - 1 < "requiredRankings")
    WHERE "id" = ${comparisonId} AND "slotsTaken" > 0`;
}

/** A held lease turned into a ranking: the slot stays taken, one more ranking is counted. */
export async function countRanking(tx: Tx, comparisonId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 WHERE "id" = ${comparisonId}`;
}

const ZIdList = z.array(z.string());

/** A stored order (Lease.shownOrder, Ranking.order) read back from Json. */
export function parseIdList(value: unknown): string[] {
  const parsed = ZIdList.safeParse(value);
  if (!parsed.success) throw new AppError("INTERNAL", "A stored completion order is malformed");
  return parsed.data;
}

/** Prisma's unique-constraint error, whichever adapter raised it. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "P2002";
}
