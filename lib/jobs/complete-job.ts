// Worker: marks a job SUCCEEDED with its result and, in the same transaction, creates the model version it trained
// (ModelVersion.jobId is unique: one job yields at most one version, however often it was retried or resumed).
import type { Db, ModelKind, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";

export interface NewModelVersion {
  kind: ModelKind;
  name: string;
  parentId: string | null;
  config: Prisma.InputJsonValue;
  metrics: Prisma.InputJsonValue;
  artifactKey: string;
  /** Make it the active version of its kind (the others of that kind are deactivated). */
  activate: boolean;
}

export interface CompleteJobOptions {
  db: Db;
  jobId: string;
  workerId: string;
  result: Prisma.InputJsonValue;
  modelVersion?: NewModelVersion;
  now?: Date;
}

export interface CompleteJobResult {
  modelVersionId: string | null;
}

export async function completeJob({
  db,
  jobId,
  workerId,
  result,
  modelVersion,
  now = new Date(),
}: CompleteJobOptions): Promise<CompleteJobResult> {
  return db.$transaction(async (tx) => {
    const done = await tx.job.updateMany({
      where: { id: jobId, leaseOwner: workerId, status: "RUNNING" },
      data: {
        status: "SUCCEEDED",
        result,
        error: null,
        finishedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (done.count === 0) {
      throw new AppError("CONFLICT", `Worker ${workerId} no longer holds job ${jobId}; result discarded`);
    }
    // Make the progress bar full.
    const row = await tx.job.findUniqueOrThrow({ where: { id: jobId }, select: { totalSteps: true } });
    if (row.totalSteps > 0) await tx.job.update({ where: { id: jobId }, data: { step: row.totalSteps } });
    if (!modelVersion) return { modelVersionId: null };
    const id = newId();
    if (modelVersion.activate) {
      await tx.modelVersion.updateMany({ where: { kind: modelVersion.kind, active: true }, data: { active: false } });
    }
    await tx.modelVersion.create({
      data: {
        id,
        kind: modelVersion.kind,
        name: modelVersion.name,
        parentId: modelVersion.parentId,
        jobId,
        config: modelVersion.config,
        metrics: modelVersion.metrics,
        artifactKey: modelVersion.artifactKey,
        active: modelVersion.activate,
      },
    });
    return { modelVersionId: id };
  });
}
