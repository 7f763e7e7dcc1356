// After a gold answer: pauses the labeler on the project when they have at least goldMinAnswers gold answers there
// (counted since their last lifted pause) and their mean agreement with the references is below goldThreshold.
// Bounded work: the project's gold comparisons (few, through the (projectId, gold) index), each probed for this
// labeler's ranking through its unique (comparisonId, userId) index.
import { asDate, asNumber, asString, columns, nullable, one, Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";
import { newId } from "@/lib/util/id";
import type { RankingContext } from "./load-ranking-context";

export interface PauseOnLowGoldScoreOptions {
  db: Db;
  userId: string;
  context: RankingContext;
  now: Date;
}

const IdRow = columns({ id: asString });
const LiftRow = columns({ liftedAt: asDate });
const ScoreRow = columns({ n: asNumber, mean: nullable(asNumber) });

/** The pause written, or null. */
export const pauseOnLowGoldScore = step(function* ({ db, userId, context, now }: PauseOnLowGoldScoreOptions): Steps<{ id: string; reason: string } | null> {
  const { projectId, goldThreshold, goldMinAnswers } = context;
  const live = yield* one(
    Prisma.sql`SELECT "id" FROM "LabelerPause" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NULL LIMIT 1`,
    IdRow,
  );
  if (live) return null;
  const lift = yield* one(
    Prisma.sql`
    SELECT "liftedAt" FROM "LabelerPause" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NOT NULL
    ORDER BY "liftedAt" DESC LIMIT 1`,
    LiftRow,
  );
  const since = lift ? Prisma.sql`AND r."createdAt" > ${timestamp(db, lift.liftedAt)}` : Prisma.empty;
  const score = yield* one(
    Prisma.sql`
    SELECT COUNT(*) AS "n", AVG(r."goldAgreement") AS "mean" FROM "Comparison" c
    JOIN "Ranking" r ON r."comparisonId" = c."id" AND r."userId" = ${userId}
    WHERE c."projectId" = ${projectId} AND c."gold" = true AND r."goldAgreement" IS NOT NULL ${since}`,
    ScoreRow,
  );
  if (!score || score.mean === null || score.n < goldMinAnswers || score.mean >= goldThreshold) return null;
  const reason =
    `gold score ${score.mean.toFixed(2)} over ${score.n} gold answers is below the project's threshold ${goldThreshold}`;
  const id = newId();
  yield* run(Prisma.sql`
    INSERT INTO "LabelerPause" ("id", "projectId", "userId", "reason", "goldScore", "goldAnswers", "pausedAt")
    VALUES (${id}, ${projectId}, ${userId}, ${reason}, ${score.mean}, ${score.n}, ${timestamp(db, now)})`);
  return { id, reason };
});
