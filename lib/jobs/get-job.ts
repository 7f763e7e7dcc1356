// Admin: one job with its progress and ETA, its metrics per step (for the charts), the tail of its log and the
// model version it produced.
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { JOB_VIEW_SELECT, toJobView, type JobView } from "./job-view";

/** Metric rows returned at most (the newest steps win if a job writes more). */
export const MAX_METRIC_ROWS = 20_000;
export const DEFAULT_LOG_TAIL = 100;

export interface JobMetricPoint {
  step: number;
  name: string;
  value: number;
}

export interface JobLogLine {
  at: string;
  level: string;
  message: string;
}

export interface JobDetail extends JobView {
  metrics: JobMetricPoint[];
  logs: JobLogLine[];
  modelVersion: { id: string; kind: string; name: string; active: boolean } | null;
}

export interface GetJobOptions {
  db: Db;
  actor: AuthUser;
  jobId: string;
  /** Only metrics of steps after this one (incremental polling); default all. */
  metricsAfterStep?: number;
  logTail?: number;
}

export async function getJob({
  db,
  actor,
  jobId,
  metricsAfterStep,
  logTail = DEFAULT_LOG_TAIL,
}: GetJobOptions): Promise<JobDetail> {
  requireRole(actor, "ADMIN");
  const row = await db.job.findUnique({ where: { id: jobId }, select: JOB_VIEW_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `No job with id ${jobId}`);
  const [metrics, logs, modelVersion] = await Promise.all([
    db.jobMetric.findMany({
      where: { jobId, ...(metricsAfterStep !== undefined ? { step: { gt: metricsAfterStep } } : {}) },
      orderBy: [{ step: "desc" }, { name: "asc" }],
      take: MAX_METRIC_ROWS,
      select: { step: true, name: true, value: true },
    }),
    db.jobLog.findMany({
      where: { jobId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: logTail,
      select: { createdAt: true, level: true, message: true },
    }),
    db.modelVersion.findUnique({ where: { jobId }, select: { id: true, kind: true, name: true, active: true } }),
  ]);
  return {
    ...toJobView({ row }),
    metrics: metrics.reverse(),
    logs: logs.reverse().map((l) => ({ at: l.createdAt.toISOString(), level: l.level, message: l.message })),
    modelVersion,
  };
}
