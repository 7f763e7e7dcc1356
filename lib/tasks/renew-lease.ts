// Keeps a task while its page is open: moves the lease's expiry forward. If the lease already expired, the slot is
// taken again when the comparison still has room (409 when it has been filled meanwhile). A lease that a ranking or
// a skip has just ended is never renewed: the comparison's row lock orders the renewal after them (409).
import { asBoolean, asString, columns, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockComparison, takeSlot } from "./db-helpers";

export interface RenewLeaseOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  leaseSeconds: number;
}

export function renewLease(options: RenewLeaseOptions): Promise<{ leaseExpiresAt: Date }> {
  return runSteps(options.db, () => renew(options), { write: true });
}

const LeaseRow = columns({ id: asString, slotHeld: asBoolean });
const IdRow = columns({ id: asString });

const renew = step(function* ({ db, userId, comparisonId, leaseSeconds }: RenewLeaseOptions): Steps<{ leaseExpiresAt: Date }> {
  const expiresAt = new Date(Date.now() + leaseSeconds * 1000);
  yield* lockComparison(db, comparisonId);
  const lease = yield* one(
    Prisma.sql`SELECT "id", "slotHeld" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    LeaseRow,
  );
  if (!lease) {
    const ranked = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`, IdRow);
    if (ranked) throw new AppError("CONFLICT", "This task is already ranked; there is no lease to renew");
    const skipped = yield* one(Prisma.sql`SELECT "id" FROM "Skip" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`, IdRow);
    if (skipped) throw new AppError("CONFLICT", "This task was skipped; there is no lease to renew");
    throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  }
  if (!lease.slotHeld && !(yield* takeSlot(comparisonId))) {
    throw new AppError("CONFLICT", "Your lease expired and the comparison has meanwhile been filled by other labelers");
  }
  yield* run(Prisma.sql`UPDATE "Lease" SET "slotHeld" = true, "expiresAt" = ${timestamp(db, expiresAt)} WHERE "id" = ${lease.id}`);
  return { leaseExpiresAt: expiresAt };
});
