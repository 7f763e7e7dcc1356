// A labeler skips a task they were given: the lease is released (its slot freed) and a Skip recorded, so this
// comparison is never offered to them again. Skipping twice returns the first skip; skipping a ranked task is a 409.
// The comparison's row lock (lib/tasks/db-helpers) orders a skip and a ranking or renewal of the same task.
import { z } from "zod";
import { asBoolean, asDate, asString, columns, nullable, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { lockComparison, releaseSlot } from "./db-helpers";

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

const IdRow = columns({ id: asString });
const LeaseRow = columns({ id: asString, slotHeld: asBoolean });
const SkipRow = columns({ id: asString, comparisonId: asString, reason: nullable(asString), createdAt: asDate });

const skip = step(function* ({ db, userId, comparisonId, reason }: SkipTaskOptions): Steps<SkipView> {
  yield* lockComparison(db, comparisonId);
  const ranked = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`, IdRow);
  if (ranked) throw new AppError("CONFLICT", "You have already ranked this comparison; it cannot be skipped");
  const lease = yield* one(
    Prisma.sql`SELECT "id", "slotHeld" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    LeaseRow,
  );
  if (!lease) {
    const earlier = yield* one(
      Prisma.sql`SELECT "id", "comparisonId", "reason", "createdAt" FROM "Skip" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
      SkipRow,
    );
    if (earlier) return earlier;
    throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  }
  yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id}`);
  if (lease.slotHeld) yield* releaseSlot(comparisonId);
  const view: SkipView = { id: newId(), comparisonId, reason: reason || null, createdAt: new Date() };
  yield* run(Prisma.sql`
    INSERT INTO "Skip" ("id", "comparisonId", "userId", "reason", "createdAt")
    VALUES (${view.id}, ${comparisonId}, ${userId}, ${view.reason}, ${timestamp(db, view.createdAt)})`);
  return view;
});
