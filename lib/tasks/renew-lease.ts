// Keeps a task while its page is open: moves the lease's expiry forward. If the lease already expired, the slot is
// taken again when the comparison still has room (409 when it has been filled meanwhile).
import { one, Prisma, run, runSteps, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { takeSlot } from "./db-helpers";

export interface RenewLeaseOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  leaseSeconds: number;
}

export function renewLease(options: RenewLeaseOptions): Promise<{ leaseExpiresAt: Date }> {
  return runSteps(options.db, () => renew(options), { write: true });
}

function* renew({ db, userId, comparisonId, leaseSeconds }: RenewLeaseOptions): Steps<{ leaseExpiresAt: Date }> {
  const expiresAt = new Date(Date.now() + leaseSeconds * 1000);
  const lease = yield* one<{ id: string }>(Prisma.sql`
    SELECT "id" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
  if (!lease) {
    const ranked = yield* one(Prisma.sql`SELECT "id" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`);
    if (ranked) throw new AppError("CONFLICT", "This task is already ranked; there is no lease to renew");
    throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
  }
  // Conditional on slotHeld: a concurrent sweep may be releasing it right now (PostgreSQL).
  const renewed = yield* run(Prisma.sql`
    UPDATE "Lease" SET "expiresAt" = ${timestamp(db, expiresAt)} WHERE "id" = ${lease.id} AND "slotHeld" = true`);
  if (renewed === 0) {
    if (!(yield* takeSlot(comparisonId))) {
      throw new AppError("CONFLICT", "Your lease expired and the comparison has meanwhile been filled by other labelers");
    }
    yield* run(Prisma.sql`UPDATE "Lease" SET "slotHeld" = true, "expiresAt" = ${timestamp(db, expiresAt)} WHERE "id" = ${lease.id}`);
  }
  return { leaseExpiresAt: expiresAt };
}
