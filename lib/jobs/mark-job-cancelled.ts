// Worker: confirms a cancellation once the handler has stopped.
import type { Db } from "@/lib/db";

export interface MarkJobCancelledOptions {
  db: Db;
  jobId: string;
  workerId: string;
  now?: Date;
}

export async function markJobCancelled({ db, jobId, workerId, now = new Date() }: MarkJobCancelledOptions): Promise<boolean> {
  const updated = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "RUNNING" },
    data: { status: "CANCELLED", finishedAt: now, leaseOwner: null, leaseExpiresAt: null },
  });
  return updated.count === 1;
}
