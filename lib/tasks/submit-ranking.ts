// Stores a labeler's ranking of a comparison they were given, in one transaction: the Ranking row (order, order
// shown, time taken), the lease removed, the counters moved. Idempotent by key: a retry returns the stored ranking.
// A ranking after the lease expired is accepted while the comparison has a free slot.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { checkPermutation, describePermutationProblems } from "./check-permutation";
import { beginWrite, countRanking, isUniqueViolation, parseIdList, providerOf, takeSlot, type Tx } from "./db-helpers";

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

const rankingSelect = { id: true, comparisonId: true, userId: true, order: true, shownOrder: true, durationMs: true, createdAt: true, idempotencyKey: true } as const;

export async function submitRanking(options: SubmitRankingOptions): Promise<SubmitRankingResult> {
  const { db, userId, comparisonId } = options;
  // Keys are scoped to the user: one labeler's key can never collide with (or reveal) another's ranking.
  const key = options.idempotencyKey ? `${userId}:${options.idempotencyKey}` : null;
  if (key) {
    const retry = await findByKey(db, key, userId, comparisonId);
    if (retry) return { ranking: retry, created: false };
  }
  try {
    return await db.$transaction((tx) => store(tx), { timeout: 15_000, maxWait: 15_000 });
  } catch (err) {
    // Two copies of the same request raced (PostgreSQL: the loser may see the lease already gone, or hit the unique
    // index): whatever the loser ran into, it returns what the winner stored under the same key.
    const retry = key ? await findByKey(db, key, userId, comparisonId) : null;
    if (retry) return { ranking: retry, created: false };
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", "You have already ranked this comparison");
    throw err;
  }

  async function store(tx: Tx): Promise<SubmitRankingResult> {
    await beginWrite(tx, providerOf(db));
    const existing = await tx.ranking.findUnique({ where: { comparisonId_userId: { comparisonId, userId } }, select: rankingSelect });
    if (existing) {
      if (key && existing.idempotencyKey === key) return { ranking: toView(existing), created: false };
      throw new AppError("CONFLICT", "You have already ranked this comparison");
    }
    const lease = await tx.lease.findUnique({
      where: { comparisonId_userId: { comparisonId, userId } },
      select: { id: true, shownOrder: true },
    });
    if (!lease) throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
    const shownOrder = parseIdList(lease.shownOrder);
    const problems = checkPermutation(shownOrder, options.ranking);
    if (problems) throw new AppError("UNPROCESSABLE", describePermutationProblems(problems), { details: problems });

    // A held lease turns into the ranking (its slot stays taken); an expired one needs a free slot again.
    const held = await tx.lease.deleteMany({ where: { id: lease.id, slotHeld: true } });
    if (held.count === 1) {
      await countRanking(tx, comparisonId);
    } else {
      if (!(await takeSlot(tx, comparisonId, true))) {
        throw new AppError("CONFLICT", "Your lease on this task expired and the comparison has meanwhile received all its rankings");
      }
      await tx.lease.deleteMany({ where: { id: lease.id } });
    }
    const row = await tx.ranking.create({
      data: {
        id: newId(),
        comparisonId,
        userId,
        order: options.ranking,
        shownOrder,
        durationMs: options.durationMs ?? null,
        idempotencyKey: key,
      },
      select: rankingSelect,
    });
    return { ranking: toView(row), created: true };
  }
}

async function findByKey(db: Db, key: string, userId: string, comparisonId: string): Promise<RankingView | null> {
  const row = await db.ranking.findUnique({ where: { idempotencyKey: key }, select: rankingSelect });
  if (!row || row.userId !== userId) return null;
  if (row.comparisonId !== comparisonId) {
    throw new AppError("CONFLICT", "This idempotency key was already used for a ranking of another task");
  }
  return toView(row);
}

function toView(row: { id: string; comparisonId: string; order: unknown; shownOrder: unknown; durationMs: number | null; createdAt: Date }): RankingView {
  return {
    id: row.id,
    comparisonId: row.comparisonId,
    order: parseIdList(row.order),
    shownOrder: parseIdList(row.shownOrder),
    durationMs: row.durationMs,
    createdAt: row.createdAt,
  };
}
