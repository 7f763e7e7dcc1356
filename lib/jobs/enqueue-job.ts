// Admin: puts a job on the queue after validating its config for the type (defaults filled in and stored,
// so the job page shows exactly what the worker will run). A config with `after: <jobId>` waits for that job
// (lib/jobs/job-after.ts).
import type { Db, Prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { findUnknownPromptIds } from "./find-unknown-prompt-ids";
import { splitJobAfter, WAITING_UNTIL } from "./job-after";
import { parseJobConfig, type TJobType } from "./job-config";
import { JOB_VIEW_SELECT, toJobView, type JobView } from "./job-view";

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface EnqueueJobOptions {
  db: Db;
  actor: AuthUser;
  type: TJobType;
  config?: unknown;
  maxAttempts?: number;
}

/** Creates one validated job in `tx` (the pipeline enqueues several in one transaction). */
export async function createJob(options: { tx: Prisma.TransactionClient; actor: AuthUser; type: TJobType; config?: unknown; maxAttempts?: number | undefined }) {
  const { tx, actor, type, config, maxAttempts } = options;
  const { after } = splitJobAfter(config ?? {});
  const parsed = parseJobConfig(type, config);
  const selector = "prompts" in parsed && typeof parsed.prompts === "object" ? parsed.prompts : undefined;
  const unknown = selector ? await findUnknownPromptIds({ db: tx, selector }) : [];
  if (unknown.length > 0) {
    throw new AppError("UNPROCESSABLE", `prompts.ids: ${unknown.length} unknown prompt id(s): ${unknown.slice(0, 5).join(", ")}`, {
      details: [{ path: "prompts.ids", message: `unknown prompt ids: ${unknown.slice(0, 20).join(", ")}` }],
    });
  }
  if (after && !(await tx.job.findUnique({ where: { id: after }, select: { id: true } }))) {
    throw new AppError("UNPROCESSABLE", `No job with id ${after} to start after`, { details: { field: "config.after" } });
  }
  const job = await tx.job.create({
    data: {
      id: newId(),
      type,
      config: after ? { ...parsed, after } : parsed,
      maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      createdById: actor.id,
      // Waits for its predecessor: no worker claims it until a claim sees that one succeeded.
      ...(after ? { leaseExpiresAt: WAITING_UNTIL } : {}),
    },
    select: JOB_VIEW_SELECT,
  });
  await recordAudit({ tx, actor, action: "job.enqueue", targetType: "job", targetId: job.id, details: after ? { type, after } : { type } });
  return job;
}

export async function enqueueJob({ db, actor, type, config, maxAttempts }: EnqueueJobOptions): Promise<JobView> {
  requireRole(actor, "ADMIN");
  const row = await db.$transaction((tx) => createJob({ tx, actor, type, config, maxAttempts }));
  return toJobView({ row });
}
