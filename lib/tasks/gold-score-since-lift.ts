// A labeler's gold score in a project as the pause rule counts it: the number and mean goldAgreement of their gold
// answers there since their last pause lifted by someone else (an admin's lift starts the score afresh; a pause the
// labeler's own undo withdrew does not, so an undo never wipes earlier gold answers). Bounded work: the project's
// gold comparisons (few, through the (projectId, gold) index), each probed for this labeler's ranking through its
// unique (comparisonId, userId) index.
import { asDate, asNumber, columns, nullable, one, Prisma, step, timestamp, type Db, type Steps } from "@/lib/db";

export interface GoldScoreSinceLiftOptions {
  db: Db;
  userId: string;
  projectId: string;
}

const LiftRow = columns({ liftedAt: asDate });
const ScoreRow = columns({ n: asNumber, mean: nullable(asNumber) });

export const goldScoreSinceLift = step(function* ({ db, userId, projectId }: GoldScoreSinceLiftOptions): Steps<{ n: number; mean: number | null }> {
  const lift = yield* one(
    Prisma.sql`
    SELECT "liftedAt" FROM "LabelerPause"
    WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NOT NULL
      AND ("liftedById" IS NULL OR "liftedById" <> ${userId})
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
  return { n: score?.n ?? 0, mean: score?.mean ?? null };
});
