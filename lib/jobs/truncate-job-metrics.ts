// Worker: a job resumed from a checkpoint at step S replays steps S+1…; the points the previous attempt wrote for
// those steps are removed first, so every (step, name) appears once in the charts.
import type { Db } from "@/lib/db";

export interface TruncateJobMetricsOptions {
  db: Db;
  jobId: string;
  afterStep: number;
}

export async function truncateJobMetrics({ db, jobId, afterStep }: TruncateJobMetricsOptions): Promise<number> {
  const { count } = await db.jobMetric.deleteMany({ where: { jobId, step: { gt: afterStep } } });
  return count;
}
