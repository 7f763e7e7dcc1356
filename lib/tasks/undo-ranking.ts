// Takes back a labeler's own most recent ranking within a short window (PODIUM_UNDO_SECONDS), in one transaction:
// the Ranking row moves into RankingUndo (the history is kept), and the labeler gets a live lease on the comparison
// again with the order they were shown, so they can rank it anew. The slot the ranking held becomes the lease's
// slot: slotsTaken and open stay as they are, rankingCount goes down by one (held leases + rankings = slotsTaken).
// Refused, with nothing changed, when the window has passed, the ranking is not the labeler's latest, or something
// already depends on it (an export snapshot or a training job started after it was stored). Undoing a gold answer
// withdraws the automatic pause that answer caused, if the gold score without it is within the project's rule.
import { updateComparisonQuality } from "@/lib/quality/update-comparison-quality";
import { z } from "zod";
import { asBoolean, asDate, asNumber, asString, columns, jsonValue, nullable, one, Prisma, readJson, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { asIdList, lockComparison, releaseSlot } from "./db-helpers";
import { loadTaskView, type TaskView } from "./load-task-view";
import { withdrawGoldPause } from "./withdraw-gold-pause";

export const ZUndoRankingRequest = z.strictObject({
  /** The ranking to take back (as POST …/ranking returned it); without it, the labeler's ranking of this task. */
  rankingId: z.string().min(1).max(100).optional(),
});
export type TUndoRankingRequest = z.infer<typeof ZUndoRankingRequest>;

/** Why an undo was refused: `details.reason` of the error. */
export type UndoRefusal = "unknown-ranking" | "not-yours" | "window-passed" | "not-latest" | "in-use" | "archived";

/** Job types that read the stored rankings: once one is queued after a ranking, that ranking stays. */
const RANKING_JOB_TYPES = ["reward", "dpo", "sft", "rloo", "ppo", "evaluate"];

export interface UndoRankingOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  rankingId?: string;
  windowSeconds: number;
  leaseSeconds: number;
  now?: Date;
}

export interface UndoRankingResult {
  undoneRankingId: string;
  /** The order the labeler had submitted (best first), to start the re-ranking from, and the rest of that judgment. */
  order: string[];
  ranks: number[] | null;
  noneAcceptable: boolean;
  scores: Record<string, number> | null;
  /** The task again, in the order the labeler was shown it, with its new lease. */
  task: TaskView;
}

export function undoRanking(options: UndoRankingOptions): Promise<UndoRankingResult> {
  return runSteps(options.db, () => undo(options), { write: true });
}

function refuse(code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT", reason: UndoRefusal, message: string): AppError {
  return new AppError(code, message, { details: { reason } });
}

const RankingRow = columns({
  id: asString,
  projectId: asString,
  userId: asString,
  order: asIdList,
  shownOrder: asIdList,
  // Kept as stored (the undo record copies them), read only where the answer needs them.
  ranks: nullable(readJson),
  scores: nullable(readJson),
  noneAcceptable: asBoolean,
  durationMs: nullable(asNumber),
  guidelinesVersion: nullable(asNumber),
  goldAgreement: nullable(asNumber),
  consensusAgreement: nullable(asNumber),
  createdAt: asDate,
});
const IdRow = columns({ id: asString });
const ZUndoneRanks = z.array(z.number().int());
const ZUndoneScores = z.record(z.string(), z.number().int());
const LeaseRow = columns({ id: asString, slotHeld: asBoolean });

const undo = step(function* ({
  db,
  userId,
  comparisonId,
  rankingId,
  windowSeconds,
  leaseSeconds,
  now = new Date(),
}: UndoRankingOptions): Steps<UndoRankingResult> {
  yield* lockComparison(db, comparisonId);
  const ranking = yield* one(
    Prisma.sql`
    SELECT "id", "projectId", "userId", "order", "shownOrder", "ranks", "scores", "noneAcceptable", "durationMs",
           "guidelinesVersion", "goldAgreement", "consensusAgreement", "createdAt"
    FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    RankingRow,
  );
  if (rankingId !== undefined && ranking?.id !== rankingId) {
    const other = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "id" = ${rankingId} AND "userId" <> ${userId}`, IdRow);
    if (other) throw refuse("FORBIDDEN", "not-yours", "This ranking belongs to another labeler; only its own labeler can undo it");
    throw refuse("NOT_FOUND", "unknown-ranking", "No such ranking of yours on this task");
  }
  if (!ranking) throw refuse("NOT_FOUND", "unknown-ranking", "You have no ranking of this task to undo");
  const archived = yield* one(Prisma.sql`SELECT "id" FROM "Comparison" WHERE "id" = ${comparisonId} AND "archivedAt" IS NOT NULL`, IdRow);
  if (archived) throw refuse("CONFLICT", "archived", "This task was archived by an admin; its ranking is kept");

  if (now.getTime() - ranking.createdAt.getTime() > windowSeconds * 1000) {
    throw refuse("CONFLICT", "window-passed", `The undo window of ${windowSeconds} s has passed; this ranking is kept`);
  }
  // The user's latest ranking, read through the (userId, createdAt) index.
  const latest = yield* one(
    Prisma.sql`SELECT "id" FROM "Ranking" WHERE "userId" = ${userId} ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`,
    IdRow,
  );
  if (latest?.id !== ranking.id) {
    throw refuse("CONFLICT", "not-latest", "Only your most recent ranking can be undone");
  }
  const since = timestamp(db, ranking.createdAt);
  const snapshot = yield* one(
    Prisma.sql`
    SELECT "id" FROM "ExportSnapshot"
    WHERE ("projectId" = ${ranking.projectId} OR "projectId" IS NULL) AND "createdAt" >= ${since} LIMIT 1`,
    IdRow,
  );
  const job = yield* one(
    Prisma.sql`
    SELECT "id" FROM "Job"
    WHERE "status" IN ('QUEUED', 'RUNNING', 'SUCCEEDED') AND "createdAt" >= ${since}
      AND "type" IN (${Prisma.join(RANKING_JOB_TYPES)}) LIMIT 1`,
    IdRow,
  );
  if (snapshot || job) {
    throw refuse("CONFLICT", "in-use", "This ranking is already part of an export or a training job; it is kept");
  }

  const { id, userId: _owner, ...kept } = ranking;
  yield* run(Prisma.sql`
    INSERT INTO "RankingUndo" ("id", "rankingId", "comparisonId", "userId", "ranking", "undoneAt")
    VALUES (${newId()}, ${id}, ${comparisonId}, ${userId},
            ${jsonValue(db, { ...kept, createdAt: kept.createdAt.toISOString() })}, ${timestamp(db, now)})`);
  yield* run(Prisma.sql`DELETE FROM "Ranking" WHERE "id" = ${id}`);
  // A gold answer: the gold score is read from the rankings, so it no longer counts this one; a pause it caused is
  // withdrawn when the score without it is back within the project's rule.
  // (Nothing in the answer says so: the labeler must not learn which tasks are gold.)
  if (ranking.goldAgreement !== null) {
    yield* withdrawGoldPause({ db, userId, projectId: ranking.projectId, rankedAt: ranking.createdAt, now });
  }
  // The other rankings' leave-one-out agreement and the comparison's agreement no longer count this one.
  yield* updateComparisonQuality(comparisonId);
  // The ranking's slot passes to the lease: slotsTaken and open unchanged, one ranking fewer.
  yield* run(Prisma.sql`
    UPDATE "Comparison" SET "rankingCount" = "rankingCount" - 1 WHERE "id" = ${comparisonId} AND "rankingCount" > 0`);
  const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
  // A ranking ends its lease (submit deletes it); a stray row (see tasks:repair) is replaced, its slot given back.
  const stray = yield* one(
    Prisma.sql`SELECT "id", "slotHeld" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    LeaseRow,
  );
  if (stray) {
    yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${stray.id}`);
    if (stray.slotHeld) yield* releaseSlot(comparisonId);
  }
  yield* run(Prisma.sql`
    INSERT INTO "Lease" ("id", "comparisonId", "userId", "shownOrder", "expiresAt", "slotHeld", "createdAt")
    VALUES (${newId()}, ${comparisonId}, ${userId}, ${jsonValue(db, kept.shownOrder)}, ${timestamp(db, expiresAt)}, true,
            ${timestamp(db, now)})`);
  const task = yield* loadTaskView({ comparisonId, shownOrder: kept.shownOrder, leaseExpiresAt: expiresAt });
  return {
    undoneRankingId: id,
    order: kept.order,
    ranks: ZUndoneRanks.nullable().catch(null).parse(kept.ranks),
    noneAcceptable: kept.noneAcceptable,
    scores: ZUndoneScores.nullable().catch(null).parse(kept.scores),
    task,
  };
});
