// Admin: the newest jobs first, optionally of one status or type.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { ZJobType } from "./job-config";
import { JOB_VIEW_SELECT, toJobView, type JobView } from "./job-view";

export const ZListJobsQuery = z.strictObject({
  status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"]).optional(),
  type: ZJobType.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TListJobsQuery = z.infer<typeof ZListJobsQuery>;

export interface ListJobsOptions {
  db: Db;
  actor: AuthUser;
  query?: Partial<TListJobsQuery>;
}

export async function listJobs({ db, actor, query = {} }: ListJobsOptions): Promise<JobView[]> {
  requireRole(actor, "ADMIN");
  const { status, type, limit } = ZListJobsQuery.parse(query);
  const rows = await db.job.findMany({
    where: { ...(status ? { status } : {}), ...(type ? { type } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: JOB_VIEW_SELECT,
  });
  const now = new Date();
  return rows.map((row) => toJobView({ row, now }));
}
