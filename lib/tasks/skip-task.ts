// A labeler skips a task they were given: the lease is released (its slot freed) and a Skip recorded, so this
// comparison is never offered to them again. Skipping twice returns the first skip.
import { z } from "zod";
import { asDate, one, Prisma, run, runSteps, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { releaseSlot } from "./db-helpers";

export const ZSkipTaskRequest = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
});
export type TSkipTaskRequest = z.infer<typeof ZSkipTaskRequest>;

export interface SkipView {
  id: string;
  comparisonId: string;
  reason: string | null;
  createdAt: Date;
}

export interface SkipTaskOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  reason?: string;
}

export function skipTask(options: SkipTaskOptions): Promise<SkipView> {
  return runSteps(options.db, () => skip(options), { write: true });
}

function* skip({ db, userId, comparisonId, reason }: SkipTaskOptions): Steps<SkipView> {
  const ranked = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
  if (ranked) throw new AppError("CONFLICT", "You have already ranked this comparison; it cannot be skipped");
  const lease = yield* one<{ id: string }>(Prisma.sql`
    SELECT "id" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
  if (!lease) {
    const earlier = yield* one<{ id: string; comparisonId: string; reason: string | null; createdAt: unknown }>(Prisma.sql`
      SELECT "id", "comparisonId", "reason", "createdAt" FROM "Skip" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
    if (earlier) return { ...earlier, createdAt: asDate(earlier.createdAt) };
    throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  }
  const held = yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id} AND "slotHeld" = true`);
  if (held === 1) yield* releaseSlot(comparisonId);
  else yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id}`);
  const view: SkipView = { id: newId(), comparisonId, reason: reason || null, createdAt: new Date() };
  yield* run(Prisma.sql`
    INSERT INTO "Skip" ("id", "comparisonId", "userId", "reason", "createdAt")
    VALUES (${view.id}, ${comparisonId}, ${userId}, ${view.reason}, ${timestamp(db, view.createdAt)})`);
  return view;
}
