// Resolves the open flags of every completion of one comparison as "excluded": the comparison was excluded.
import { isSystemActor, type Actor } from "@/lib/auth";
import { Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";

/** Resolves the open flags of the comparison's completions; how many. */
export const resolveOpenFlags = step(function* (db: Db, actor: Actor, comparisonId: string): Steps<number> {
  const resolvedById = isSystemActor(actor) ? null : actor.id;
  return yield* run(Prisma.sql`
    UPDATE "Flag" SET "resolution" = 'excluded', "resolvedAt" = ${timestamp(db, new Date())}, "resolvedById" = ${resolvedById}
    WHERE "resolvedAt" IS NULL
      AND "completionId" IN (SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ${comparisonId})`);
});
