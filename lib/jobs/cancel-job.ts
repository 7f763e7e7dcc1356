// Admin: cancels a job. A queued job is CANCELLED at once; a running one gets cancelRequested, which its worker
// reads on the next heartbeat tick (every few seconds), stops the trainer and marks the job CANCELLED.
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
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
  const row = await db.$transaction(async (tx) => {
    const queued = await tx.job.updateMany({
      where: { id: jobId, status: "QUEUED" },
      data: { status: "CANCELLED", cancelRequested: true, finishedAt: new Date(), leaseExpiresAt: null },
    });
    const running =
      queued.count === 0
        ? await tx.job.updateMany({ where: { id: jobId, status: "RUNNING", cancelRequested: false }, data: { cancelRequested: true } })
        : queued;
    const job = await tx.job.findUnique({ where: { id: jobId }, select: JOB_VIEW_SELECT });
    if (!job) throw new AppError("NOT_FOUND", `No job with id ${jobId}`);
    if (!job.cancelRequested) {
      throw new AppError("CONFLICT", `Job ${jobId} already finished (${job.status}); nothing to cancel`, {
        details: { status: job.status },
      });
    }
    // A second cancel of the same job changes nothing and is not audited again.
    if (running.count > 0) {
      await recordAudit({ tx, actor, action: "job.cancel", targetType: "job", targetId: jobId, details: { was: queued.count > 0 ? "QUEUED" : "RUNNING" } });
    }
    return job;
  });
  return toJobView({ row });
}
