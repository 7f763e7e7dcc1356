// Worker: renews the lease of a running job, writes its progress, and reads whether an admin asked to cancel.
// Every write of a worker is guarded by (leaseOwner, RUNNING): a worker that lost its lease changes nothing.
import type { Db } from "@/lib/db";
import { DEFAULT_LEASE_MS, leaseUntil } from "./lease";

export interface HeartbeatJobOptions {
  db: Db;
  jobId: string;
  workerId: string;
  leaseMs?: number;
  progress?: { step: number; totalSteps?: number };
  now?: Date;
}

export interface HeartbeatResult {
  /** False when this worker no longer holds the job (lease lapsed and another worker took it, or it was settled). */
  held: boolean;
  cancelRequested: boolean;
}

export async function heartbeatJob({
  db,
  jobId,
  workerId,
  leaseMs = DEFAULT_LEASE_MS,
  progress,
  now = new Date(),
}: HeartbeatJobOptions): Promise<HeartbeatResult> {
  if (progress && progress.step > 0) {
    // The first step this attempt advances to: the ETA's pace is measured from here (see job-view). A step reported
    // during start-up (loading, a reference pass, a resume) is where the attempt began, not a training step: the
    // stored step has to grow first.
    await db.job.updateMany({
      where: { id: jobId, leaseOwner: workerId, status: "RUNNING", paceAt: null, step: { lt: progress.step } },
      data: { paceAt: now, paceStep: progress.step },
    });
  }
  const updated = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "RUNNING" },
    data: {
      heartbeatAt: now,
      leaseExpiresAt: leaseUntil(now, leaseMs),
      ...(progress ? { step: progress.step } : {}),
      ...(progress?.totalSteps !== undefined ? { totalSteps: progress.totalSteps } : {}),
    },
  });
  if (updated.count === 0) return { held: false, cancelRequested: false };
  const row = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequested: true } });
  return { held: true, cancelRequested: row?.cancelRequested ?? false };
}
