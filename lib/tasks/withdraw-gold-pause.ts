// After a gold answer was undone: the automatic pause that answer caused (written in the same transaction as the
// ranking, so pausedAt equals its createdAt; the undone ranking is always the labeler's latest, so no later answer
// can have caused it) is withdrawn when the gold score without the answer no longer falls under the rule: liftedAt
// is set, with the labeler as liftedById (their own undo lifted it). Such a lift does not start the score afresh
// (lib/tasks/gold-score-since-lift), and a pause set by an admin (no goldScore) is never touched.
import { asNumber, asString, columns, one, Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";
import { goldScoreSinceLift } from "./gold-score-since-lift";
import { belowThreshold } from "./pause-on-low-gold-score";

export interface WithdrawGoldPauseOptions {
  db: Db;
  userId: string;
  projectId: string;
  /** When the undone ranking was stored. */
  rankedAt: Date;
  now: Date;
}

const PauseRow = columns({ id: asString });
const RuleRow = columns({ goldThreshold: asNumber, goldMinAnswers: asNumber });

/** The id of the pause withdrawn, or null. */
export const withdrawGoldPause = step(function* ({ db, userId, projectId, rankedAt, now }: WithdrawGoldPauseOptions): Steps<string | null> {
  const pause = yield* one(
    Prisma.sql`
    SELECT "id" FROM "LabelerPause"
    WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NULL AND "goldScore" IS NOT NULL
      AND "pausedAt" >= ${timestamp(db, rankedAt)}
    LIMIT 1`,
    PauseRow,
  );
  if (!pause) return null;
  const rule = yield* one(Prisma.sql`SELECT "goldThreshold", "goldMinAnswers" FROM "Project" WHERE "id" = ${projectId}`, RuleRow);
  if (!rule) return null;
  const score = yield* goldScoreSinceLift({ db, userId, projectId });
  if (belowThreshold(score, rule)) return null;
  yield* run(Prisma.sql`
    UPDATE "LabelerPause" SET "liftedAt" = ${timestamp(db, now)}, "liftedById" = ${userId}
    WHERE "id" = ${pause.id} AND "liftedAt" IS NULL`);
  return pause.id;
});
