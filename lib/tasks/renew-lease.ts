// Keeps a task while its page is open: moves the lease's expiry forward. If the lease already expired, the slot is
// taken again when the comparison still has room (409 when it has been filled meanwhile).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { beginWrite, providerOf, takeSlot } from "./db-helpers";

export interface RenewLeaseOptions {
  db: Db;
  userId: string;
  comparisonId: string;
  leaseSeconds: number;
}

export async function renewLease({ db, userId, comparisonId, leaseSeconds }: RenewLeaseOptions): Promise<{ leaseExpiresAt: Date }> {
  return db.$transaction(
    async (tx) => {
      await beginWrite(tx, providerOf(db));
      const expiresAt = new Date(Date.now() + leaseSeconds * 1000);
      const where = { comparisonId_userId: { comparisonId, userId } };
      const lease = await tx.lease.findUnique({ where, select: { id: true } });
      if (!lease) {
        const ranked = await tx.ranking.findUnique({ where, select: { id: true } });
        if (ranked) throw new AppError("CONFLICT", "This task is already ranked; there is no lease to renew");
        throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
      }
      // Conditional on slotHeld: a concurrent sweep may be releasing it right now (PostgreSQL).
      const renewed = await tx.lease.updateMany({ where: { id: lease.id, slotHeld: true }, data: { expiresAt } });
      if (renewed.count === 0) {
        if (!(await takeSlot(tx, comparisonId))) {
          throw new AppError("CONFLICT", "Your lease expired and the comparison has meanwhile been filled by other labelers");
        }
        await tx.lease.update({ where: { id: lease.id }, data: { slotHeld: true, expiresAt }, select: { id: true } });
      }
      return { leaseExpiresAt: expiresAt };
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
}
