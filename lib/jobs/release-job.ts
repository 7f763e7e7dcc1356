// Worker: gives a running job back to the queue on graceful shutdown (after its handler saved a checkpoint), so
// another worker resumes it at once. The attempt is not counted: nothing failed.
import type { Db } from "@/lib/db";

export interface ReleaseJobOptions {
  db: Db;
  jobId: string;
  workerId: string;
}

/** True when the job was released; false when this worker no longer held it. */
export async function releaseJob({ db, jobId, workerId }: ReleaseJobOptions): Promise<boolean> {
  const released = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "RUNNING", attempts: { gt: 0 } },
    data: { status: "QUEUED", leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 } },
  });
  return released.count === 1;
}
