// Worker: records a failed attempt. The error is kept on the job and in its log; the job goes back to QUEUED (not
// before retryDelayMs) while attempts remain, and is FAILED for good at the bound or when the error is permanent.
import type { Db, JobStatus } from "@/lib/db";
import { DEFAULT_RETRY_DELAY_MS, leaseUntil } from "./lease";

export const MAX_ERROR_CHARS = 4_000;

export interface FailJobOptions {
  db: Db;
  jobId: string;
  workerId: string;
  error: string;
  /** False for errors a retry cannot fix (bad config, missing model, trainer not available). */
  retryable?: boolean;
  retryDelayMs?: number;
  now?: Date;
}

/** The job's status after the failure, or null when this worker no longer held it. */
export async function failJob({
  db,
  jobId,
  workerId,
  error,
  retryable = true,
  retryDelayMs = DEFAULT_RETRY_DELAY_MS,
  now = new Date(),
}: FailJobOptions): Promise<JobStatus | null> {
  const message = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS)}…` : error;
  const row = await db.job.findUnique({ where: { id: jobId }, select: { attempts: true, maxAttempts: true } });
  if (!row) return null;
  const final = !retryable || row.attempts >= row.maxAttempts;
  const status: JobStatus = final ? "FAILED" : "QUEUED";
  const updated = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "RUNNING" },
    data: final
      ? { status, error: message, finishedAt: now, leaseOwner: null, leaseExpiresAt: null }
      : { status, error: message, leaseOwner: null, leaseExpiresAt: leaseUntil(now, retryDelayMs) },
  });
  if (updated.count === 0) return null;
  await db.jobLog.create({
    data: {
      jobId,
      level: "error",
      message: final
        ? `attempt ${row.attempts}/${row.maxAttempts} failed; giving up: ${message}`
        : `attempt ${row.attempts}/${row.maxAttempts} failed; will retry: ${message}`,
    },
  });
  return status;
}
