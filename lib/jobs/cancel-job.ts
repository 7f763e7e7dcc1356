// Admin: cancels a job. A queued job is CANCELLED at once; a running one gets cancelRequested, which its worker
// reads on the next heartbeat tick (every few seconds), stops the trainer and marks the job CANCELLED.
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { JOB_VIEW_SELECT, toJobView, type JobView } from "./job-view";

export interface CancelJobOptions {
  db: Db;
  actor: AuthUser;
  jobId: string;
}

export async function cancelJob({ db, actor, jobId }: CancelJobOptions): Promise<JobView> {
  requireRole(actor, "ADMIN");
  // Two guarded updates; a claim racing between them is caught by the second (RUNNING) one.
  const queued = await db.job.updateMany({
    where: { id: jobId, status: "QUEUED" },
    data: { status: "CANCELLED", cancelRequested: true, finishedAt: new Date(), leaseExpiresAt: null },
  });
  if (queued.count === 0) {
    await db.job.updateMany({ where: { id: jobId, status: "RUNNING" }, data: { cancelRequested: true } });
  }
  const row = await db.job.findUnique({ where: { id: jobId }, select: JOB_VIEW_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `No job with id ${jobId}`);
  if (!row.cancelRequested) {
    throw new AppError("CONFLICT", `Job ${jobId} already finished (${row.status}); nothing to cancel`, {
      details: { status: row.status },
    });
  }
  return toJobView({ row });
}
