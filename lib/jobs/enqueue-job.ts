// Admin: puts a job on the queue after validating its config for the type (defaults filled in and stored,
// so the job page shows exactly what the worker will run).
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { findUnknownPromptIds } from "./find-unknown-prompt-ids";
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

export async function enqueueJob({ db, actor, type, config, maxAttempts }: EnqueueJobOptions): Promise<JobView> {
  requireRole(actor, "ADMIN");
  const parsed = parseJobConfig(type, config);
  const selector = "prompts" in parsed && typeof parsed.prompts === "object" ? parsed.prompts : undefined;
  const unknown = selector ? await findUnknownPromptIds({ db, selector }) : [];
  if (unknown.length > 0) {
    throw new AppError("UNPROCESSABLE", `prompts.ids: ${unknown.length} unknown prompt id(s): ${unknown.slice(0, 5).join(", ")}`, {
      details: [{ path: "prompts.ids", message: `unknown prompt ids: ${unknown.slice(0, 20).join(", ")}` }],
    });
  }
  const row = await db.$transaction(async (tx) => {
    const job = await tx.job.create({
      data: {
        id: newId(),
        type,
        config: parsed,
        maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        createdById: actor.id,
      },
      select: JOB_VIEW_SELECT,
    });
    await recordAudit({ tx, actor, action: "job.enqueue", targetType: "job", targetId: job.id, details: { type } });
    return job;
  });
  return toJobView({ row });
}
