// A labeler skips a task they were given: the lease is released (its slot freed) and a Skip recorded, so this
// comparison is never offered to them again. Skipping twice returns the first skip.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { beginWrite, providerOf, releaseSlot } from "./db-helpers";

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

const skipSelect = { id: true, comparisonId: true, reason: true, createdAt: true } as const;

export async function skipTask({ db, userId, comparisonId, reason }: SkipTaskOptions): Promise<SkipView> {
  return db.$transaction(
    async (tx) => {
      await beginWrite(tx, providerOf(db));
      const ranked = await tx.ranking.findUnique({ where: { comparisonId_userId: { comparisonId, userId } }, select: { id: true } });
      if (ranked) throw new AppError("CONFLICT", "You have already ranked this comparison; it cannot be skipped");
      const lease = await tx.lease.findUnique({ where: { comparisonId_userId: { comparisonId, userId } }, select: { id: true } });
      if (!lease) {
        const earlier = await tx.skip.findUnique({ where: { comparisonId_userId: { comparisonId, userId } }, select: skipSelect });
        if (earlier) return earlier;
        throw new AppError("NOT_FOUND", "Task not found (it was not assigned to you)");
      }
      const held = await tx.lease.deleteMany({ where: { id: lease.id, slotHeld: true } });
      if (held.count === 1) await releaseSlot(tx, comparisonId);
      else await tx.lease.deleteMany({ where: { id: lease.id } });
      return tx.skip.create({
        data: { id: newId(), comparisonId, userId, reason: reason || null },
        select: skipSelect,
      });
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
}
