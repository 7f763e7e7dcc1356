// Worker: stores metric points in one batch insert (the worker buffers them between heartbeat ticks).
// Non-finite values (NaN, ±Infinity) are dropped: they cannot be charted and SQLite cannot store NaN.
import type { Db } from "@/lib/db";

export interface MetricPoint {
  step: number;
  name: string;
  value: number;
}

export interface RecordJobMetricsOptions {
  db: Db;
  jobId: string;
  points: readonly MetricPoint[];
}

export async function recordJobMetrics({ db, jobId, points }: RecordJobMetricsOptions): Promise<number> {
  const data = points
    .filter((p) => Number.isFinite(p.value) && Number.isInteger(p.step))
    .map((p) => ({ jobId, step: p.step, name: p.name.slice(0, 100), value: p.value }));
  if (data.length === 0) return 0;
  const { count } = await db.jobMetric.createMany({ data });
  return count;
}
