// Stores a labeler's ranking of a comparison they were given, in one transaction: the Ranking row (order, order
// shown, time taken), the lease removed, the counters moved. Idempotent by key: a retry returns the stored ranking.
// A ranking after the lease expired is accepted while the comparison has a free slot. The comparison's row lock
// (lib/tasks/db-helpers) orders two copies of one submission, and a ranking and a skip or renewal of the same task.
// The ranking records its project, the project's guidelines version, whether the order was left as shown and the
// shown position of the top pick; on a gold comparison, its agreement with the reference, and a labeler whose gold
// score falls below the project's threshold is paused there (lib/tasks/pause-on-low-gold-score).
// Where the project allows them, a ranking also carries ties (`ranks`), "none acceptable" and scores 1–7
// (lib/tasks/check-judgment); a field the project does not allow, or one that does not fit the order, is a 422 that
// names it, and nothing is stored.
import { z } from "zod";
import { asBoolean, asDate, asNumber, asString, columns, jsonValue, nullable, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { scheduleQualityRefresh } from "@/lib/quality/refresh-stale-quality";
import { newId } from "@/lib/util/id";
import { checkJudgment } from "./check-judgment";
import { checkPermutation, describePermutationProblems } from "./check-permutation";
import { asIdList, countRanking, takeSlot } from "./db-helpers";
import { pairwiseAgreement } from "@/lib/quality/agreement";
import { parseRanks } from "@/lib/quality/parse-ranks";
import { parseScores } from "@/lib/quality/parse-scores";
import { loadRankingContext } from "./load-ranking-context";
import { pauseOnLowGoldScore } from "./pause-on-low-gold-score";

export const ZIdempotencyKey = z.string().trim().min(1).max(200);

export const ZSubmitRankingRequest = z.strictObject({
  ranking: z.array(z.string().min(1).max(100)).min(1).max(50),
  durationMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
  idempotencyKey: ZIdempotencyKey.optional(),
  /** Rank of each entry of `ranking` (1 + the number strictly better): tied entries are adjacent and share a rank, e.g. [1, 1, 3, 4, 5]. */
  ranks: z.array(z.number().int().min(1).max(50)).min(1).max(50).optional(),
  /** The labeler judged no completion acceptable. */
  noneAcceptable: z.boolean().optional(),
  /** Scores 1–7 keyed by completion id, for any of the completions shown. */
  scores: z.record(z.string().min(1).max(100), z.number().int().min(1).max(7)).optional(),
});
export type TSubmitRankingRequest = z.infer<typeof ZSubmitRankingRequest>;

export interface RankingView {
  id: string;
  comparisonId: string;
  order: string[];
  shownOrder: string[];
  durationMs: number | null;
  /** Ranks of the entries of `order` when something ties; null for a strict order. */
  ranks: number[] | null;
  noneAcceptable: boolean;
  scores: Record<string, number> | null;
  createdAt: Date;
}

export interface SubmitRankingOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  ranking: string[];
  durationMs?: number;
  idempotencyKey?: string;
  ranks?: number[];
  noneAcceptable?: boolean;
  scores?: Record<string, number>;
}

export interface SubmitRankingResult {
  ranking: RankingView;
  /** False when this was a retry of a ranking already stored. */
  created: boolean;
}

const RankingRow = columns({
  id: asString,
  comparisonId: asString,
  userId: asString,
  order: asIdList,
  shownOrder: asIdList,
  durationMs: nullable(asNumber),
  ranks: parseRanks,
  noneAcceptable: asBoolean,
  scores: parseScores,
  createdAt: asDate,
});
const RANKING_COLUMNS = Prisma.sql`"id", "comparisonId", "userId", "order", "shownOrder", "durationMs", "ranks", "noneAcceptable", "scores", "createdAt"`;
const IdRow = columns({ id: asString });
const LeaseRow = columns({ id: asString, shownOrder: asIdList, slotHeld: asBoolean });

export async function submitRanking(options: SubmitRankingOptions): Promise<SubmitRankingResult> {
  const { db, userId, comparisonId } = options;
  // Keys are scoped to the user: one labeler's key can never collide with (or reveal) another's ranking.
  const key = options.idempotencyKey ? `${userId}:${options.idempotencyKey}` : null;
  try {
    const { qualityStale, ...result } = await runSteps(db, () => store(options, key), { write: true });
    if (qualityStale) scheduleQualityRefresh(db);
    return result;
  } catch (err) {
    // Copies of one submission on one task run one after the other (the row lock); what can still meet a unique
    // index is one key sent for two tasks at once: whatever the loser ran into, the key's ranking decides the answer.
    const retry = key ? await runSteps(db, () => findByKey(key, userId, comparisonId), { write: false }) : null;
    if (retry) return { ranking: retry, created: false };
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", "You have already ranked this comparison");
    throw err;
  }
}

const store = step(function* (
  { db, userId, comparisonId, ranking, durationMs, ranks, noneAcceptable, scores }: SubmitRankingOptions,
  key: string | null,
): Steps<SubmitRankingResult & { qualityStale?: boolean }> {
  // The comparison's row lock, with the project, guidelines version, judgment switches and gold reference.
  const context = yield* loadRankingContext(db, comparisonId);
  if (key) {
    const retry = yield* findByKey(key, userId, comparisonId);
    if (retry) return { ranking: retry, created: false };
  }
  const existing = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`, IdRow);
  if (existing) throw new AppError("CONFLICT", "You have already ranked this comparison");
  const lease = yield* one(
    Prisma.sql`SELECT "id", "shownOrder", "slotHeld" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    LeaseRow,
  );
  if (!lease) {
    const skipped = yield* one(Prisma.sql`SELECT "id" FROM "Skip" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`, IdRow);
    if (skipped) throw new AppError("CONFLICT", "You skipped this comparison; it cannot be ranked");
    throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  }
  const { shownOrder } = lease;
  const problems = checkPermutation(shownOrder, ranking);
  if (problems) throw new AppError("UNPROCESSABLE", describePermutationProblems(problems), { details: problems });
  const checked = checkJudgment({ order: ranking, shown: shownOrder, ranks, noneAcceptable, scores, switches: context.switches });
  if (!checked.ok) {
    const message = checked.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    throw new AppError("UNPROCESSABLE", `Invalid request: ${message}`, { details: checked.problems });
  }
  const { judgment } = checked;

  // A held lease turns into the ranking (its slot stays taken); an expired one needs a free slot again. From the
  // second ranking on, the comparison's quality figures change: the same UPDATE flags them stale, and they are
  // recomputed after the commit, in a batch (lib/quality/refresh-stale-quality), not in this transaction.
  const stale = context.rankingCount > 0 || context.agreement !== null;
  if (lease.slotHeld) {
    yield* countRanking(comparisonId, stale);
  } else if (!(yield* takeSlot(comparisonId, true, stale))) {
    throw new AppError("CONFLICT", "Your lease on this task expired and the comparison has meanwhile received all its rankings");
  }
  yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id}`);
  const view: RankingView = { id: newId(), comparisonId, order: ranking, shownOrder, durationMs: durationMs ?? null, ...judgment, createdAt: new Date() };
  const untouched = ranking.every((id, i) => id === shownOrder[i]);
  const topShownPosition = ranking[0] === undefined ? null : shownOrder.indexOf(ranking[0]);
  const goldAgreement = context.goldRanking ? (pairwiseAgreement({ order: ranking, ranks: judgment.ranks }, context.goldRanking) ?? 0) : null;
  yield* run(Prisma.sql`
    INSERT INTO "Ranking" ("id", "projectId", "comparisonId", "userId", "order", "shownOrder", "durationMs", "idempotencyKey", "createdAt",
                           "guidelinesVersion", "untouched", "topShownPosition", "goldAgreement", "ranks", "noneAcceptable", "scores")
    VALUES (${view.id}, ${context.projectId}, ${comparisonId}, ${userId}, ${jsonValue(db, ranking)}, ${jsonValue(db, shownOrder)}, ${view.durationMs},
            ${key}, ${timestamp(db, view.createdAt)}, ${context.guidelinesVersion}, ${untouched}, ${topShownPosition}, ${goldAgreement},
            ${judgment.ranks === null ? null : jsonValue(db, judgment.ranks)}, ${judgment.noneAcceptable},
            ${judgment.scores === null ? null : jsonValue(db, judgment.scores)})`);
  if (goldAgreement !== null) yield* pauseOnLowGoldScore({ db, userId, context, now: view.createdAt });
  return { ranking: view, created: true, qualityStale: stale };
});

/** The ranking stored under this user's key; a 409 when the key was used for another task. */
const findByKey = step(function* (key: string, userId: string, comparisonId: string): Steps<RankingView | null> {
  const row = yield* one(Prisma.sql`SELECT ${RANKING_COLUMNS} FROM "Ranking" WHERE "idempotencyKey" = ${key}`, RankingRow);
  if (!row || row.userId !== userId) return null;
  if (row.comparisonId !== comparisonId) {
    throw new AppError("CONFLICT", "This idempotency key was already used for a ranking of another task");
  }
  const { userId: _owner, ...view } = row;
  return view;
});
