// Admin: the results of the newest succeeded evaluate jobs (Job.result, read through ZEvaluationResult), optionally
// only those that compared a given model version. Reads at most the newest 200 evaluate jobs.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { ZEvaluationResult, type EvaluationResult } from "./evaluate-config";

const SCANNED_JOBS = 200;

export const ZListEvaluationsQuery = z.strictObject({
  /** Only evaluations that compared this policy version. */
  modelId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type TListEvaluationsQuery = z.infer<typeof ZListEvaluationsQuery>;

export interface Evaluation extends EvaluationResult {
  jobId: string;
  finishedAt: string | null;
}

export interface ListEvaluationsOptions {
  db: Db;
  actor: AuthUser;
  query?: Partial<TListEvaluationsQuery>;
}

export async function listEvaluations({ db, actor, query = {} }: ListEvaluationsOptions): Promise<Evaluation[]> {
  requireRole(actor, "ADMIN");
  const { modelId, limit } = ZListEvaluationsQuery.parse(query);
  const rows = await db.job.findMany({
    where: { type: "evaluate", status: "SUCCEEDED" },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    take: SCANNED_JOBS,
    select: { id: true, finishedAt: true, result: true },
  });
  const out: Evaluation[] = [];
  for (const row of rows) {
    const parsed = ZEvaluationResult.safeParse(row.result);
    if (!parsed.success) continue; // a stopped run stores no evaluation
    if (modelId && !parsed.data.versions.some((v) => v.id === modelId)) continue;
    out.push({ ...parsed.data, jobId: row.id, finishedAt: row.finishedAt?.toISOString() ?? null });
    if (out.length >= limit) break;
  }
  return out;
}
