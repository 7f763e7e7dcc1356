// Admin: enqueues a sequence of jobs (e.g. sft → reward → ppo → generate) in one transaction, each one's config
// saying `after` the previous one, so it starts only once that one succeeded (lib/jobs/job-after.ts). The first
// may itself wait for an existing job (`after`).
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { ZJobAfter } from "./job-after";
import { ZJobType } from "./job-config";
import { createJob } from "./enqueue-job";
import { toJobView, type JobView } from "./job-view";

export const MAX_PIPELINE_JOBS = 10;

/** Body of `POST /api/v1/jobs/pipeline`. */
export const ZEnqueuePipelineRequest = z.strictObject({
  jobs: z
    .array(z.strictObject({ type: ZJobType, config: z.record(z.string(), z.json()).default({}) }))
    .min(1)
    .max(MAX_PIPELINE_JOBS),
  /** An existing job the first one waits for. */
  after: ZJobAfter.optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
});
export type TEnqueuePipelineRequest = z.infer<typeof ZEnqueuePipelineRequest>;

export interface EnqueuePipelineOptions extends TEnqueuePipelineRequest {
  db: Db;
  actor: AuthUser;
}

export async function enqueuePipeline({ db, actor, jobs, after, maxAttempts }: EnqueuePipelineOptions): Promise<JobView[]> {
  requireRole(actor, "ADMIN");
  const rows = await db.$transaction(async (tx) => {
    const created = [];
    let previous = after;
    for (const [i, job] of jobs.entries()) {
      if ("after" in job.config) throw new z.ZodError([{ code: "custom", path: ["jobs", i, "config", "after"], message: "set by the pipeline: leave it out", input: job.config.after }]);
      const row = await createJob({ tx, actor, type: job.type, config: previous ? { ...job.config, after: previous } : job.config, maxAttempts });
      created.push(row);
      previous = row.id;
    }
    return created;
  });
  return rows.map((row) => toJobView({ row }));
}
