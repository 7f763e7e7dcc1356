// After a gold answer: pauses the labeler on the project when they have at least goldMinAnswers gold answers there
// (counted since their last lifted pause, lib/tasks/gold-score-since-lift) and their mean agreement with the
// references is below goldThreshold.
import { asString, columns, one, Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";
import { newId } from "@/lib/util/id";
import { goldScoreSinceLift } from "./gold-score-since-lift";
import type { RankingContext } from "./load-ranking-context";

export interface PauseOnLowGoldScoreOptions {
  db: Db;
  userId: string;
  context: RankingContext;
  now: Date;
}

const IdRow = columns({ id: asString });

/** The pause written, or null. */
export const pauseOnLowGoldScore = step(function* ({ db, userId, context, now }: PauseOnLowGoldScoreOptions): Steps<{ id: string; reason: string } | null> {
  const { projectId, goldThreshold } = context;
  const live = yield* one(
    Prisma.sql`SELECT "id" FROM "LabelerPause" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NULL LIMIT 1`,
    IdRow,
  );
  if (live) return null;
  const score = yield* goldScoreSinceLift({ db, userId, projectId });
  if (!belowThreshold(score, context)) return null;
  const mean = score.mean as number;
  const reason = `gold score ${mean.toFixed(2)} over ${score.n} gold answers is below the project's threshold ${goldThreshold}`;
  const id = newId();
  yield* run(Prisma.sql`
    INSERT INTO "LabelerPause" ("id", "projectId", "userId", "reason", "goldScore", "goldAnswers", "pausedAt")
    VALUES (${id}, ${projectId}, ${userId}, ${reason}, ${mean}, ${score.n}, ${timestamp(db, now)})`);
  return { id, reason };
});

/** The pause rule: enough gold answers, and their mean below the threshold. */
export function belowThreshold(score: { n: number; mean: number | null }, rule: { goldThreshold: number; goldMinAnswers: number }): boolean {
  return score.mean !== null && score.n >= rule.goldMinAnswers && score.mean < rule.goldThreshold;
}
