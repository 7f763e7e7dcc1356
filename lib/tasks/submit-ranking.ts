// Stores a labeler's ranking of a comparison they were given, in one transaction: the Ranking row (order, order
// shown, time taken), the lease removed, the counters moved. Idempotent by key: a retry returns the stored ranking.
// A ranking after the lease expired is accepted while the comparison has a free slot.
import { z } from "zod";
import { asDate, jsonValue, one, Prisma, run, runSteps, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { checkPermutation, describePermutationProblems } from "./check-permutation";
import { countRanking, isUniqueViolation, parseIdList, takeSlot } from "./db-helpers";

export const ZIdempotencyKey = z.string().trim().min(1).max(200);

export const ZSubmitRankingRequest = z.strictObject({
  ranking: z.array(z.string().min(1).max(100)).min(1).max(50),
  durationMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
  idempotencyKey: ZIdempotencyKey.optional(),
});
export type TSubmitRankingRequest = z.infer<typeof ZSubmitRankingRequest>;

export interface RankingView {
  id: string;
  comparisonId: string;
  order: string[];
  shownOrder: string[];
  durationMs: number | null;
  createdAt: Date;
}

export interface SubmitRankingOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  ranking: string[];
  durationMs?: number;
  idempotencyKey?: string;
}

export interface SubmitRankingResult {
  ranking: RankingView;
  /** False when this was a retry of a ranking already stored. */
  created: boolean;
}

interface RankingRow {
  id: string;
  comparisonId: string;
  userId: string;
  order: unknown;
  shownOrder: unknown;
  durationMs: number | bigint | null;
  createdAt: unknown;
  idempotencyKey: string | null;
}

const RANKING_COLUMNS = Prisma.sql`"id", "comparisonId", "userId", "order", "shownOrder", "durationMs", "createdAt", "idempotencyKey"`;

export async function submitRanking(options: SubmitRankingOptions): Promise<SubmitRankingResult> {
  const { db, userId, comparisonId } = options;
  // Keys are scoped to the user: one labeler's key can never collide with (or reveal) another's ranking.
  const key = options.idempotencyKey ? `${userId}:${options.idempotencyKey}` : null;
  try {
    return await runSteps(db, () => store(options, key), { write: true });
  } catch (err) {
    // Two copies of the same request raced (PostgreSQL: the loser may see the lease already gone, or hit the unique
    // index): whatever the loser ran into, it returns what the winner stored under the same key.
    const retry = key ? await runSteps(db, () => findByKey(key, userId, comparisonId), { write: false }) : null;
    if (retry) return { ranking: retry, created: false };
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", "You have already ranked this comparison");
    throw err;
  }
}

function* store({ db, userId, comparisonId, ranking, durationMs }: SubmitRankingOptions, key: string | null): Steps<SubmitRankingResult> {
  if (key) {
    const retry = yield* findByKey(key, userId, comparisonId);
    if (retry) return { ranking: retry, created: false };
  }
  const existing = yield* one<RankingRow>(Prisma.sql`
    SELECT ${RANKING_COLUMNS} FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
  if (existing) throw new AppError("CONFLICT", "You have already ranked this comparison");
  const lease = yield* one<{ id: string; shownOrder: unknown }>(Prisma.sql`
    SELECT "id", "shownOrder" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
  if (!lease) throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  const shownOrder = parseIdList(lease.shownOrder);
  const problems = checkPermutation(shownOrder, ranking);
  if (problems) throw new AppError("UNPROCESSABLE", describePermutationProblems(problems), { details: problems });

  // A held lease turns into the ranking (its slot stays taken); an expired one needs a free slot again.
  const held = yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id} AND "slotHeld" = true`);
  if (held === 1) {
    yield* countRanking(comparisonId);
  } else {
    if (!(yield* takeSlot(comparisonId, true))) {
      throw new AppError("CONFLICT", "Your lease on this task expired and the comparison has meanwhile received all its rankings");
    }
    yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id}`);
  }
  const createdAt = new Date();
  const row: RankingRow = {
    id: newId(),
    comparisonId,
    userId,
    order: ranking,
    shownOrder,
    durationMs: durationMs ?? null,
    createdAt,
    idempotencyKey: key,
  };
  yield* run(Prisma.sql`
    INSERT INTO "Ranking" ("id", "comparisonId", "userId", "order", "shownOrder", "durationMs", "idempotencyKey", "createdAt")
    VALUES (${row.id}, ${comparisonId}, ${userId}, ${jsonValue(db, ranking)}, ${jsonValue(db, shownOrder)}, ${row.durationMs},
            ${key}, ${timestamp(db, createdAt)})`);
  return { ranking: toView(row), created: true };
}

/** The ranking stored under this user's key; a 409 when the key was used for another task. */
function* findByKey(key: string, userId: string, comparisonId: string): Steps<RankingView | null> {
  const row = yield* one<RankingRow>(Prisma.sql`SELECT ${RANKING_COLUMNS} FROM "Ranking" WHERE "idempotencyKey" = ${key}`);
  if (!row || row.userId !== userId) return null;
  if (row.comparisonId !== comparisonId) {
    throw new AppError("CONFLICT", "This idempotency key was already used for a ranking of another task");
  }
  return toView(row);
}

function toView(row: RankingRow): RankingView {
  return {
    id: row.id,
    comparisonId: row.comparisonId,
    order: parseIdList(row.order),
    shownOrder: parseIdList(row.shownOrder),
    durationMs: row.durationMs === null ? null : Number(row.durationMs),
    createdAt: asDate(row.createdAt),
  };
}
