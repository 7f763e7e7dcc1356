// What a job handler gets from the worker: the claimed job, an AbortSignal (cancel, shutdown or lost lease), the
// checkpoint store with this job's resume key, and buffered progress / metric / log reporting that the worker writes
// to the database on every heartbeat tick.
import type { Db, Prisma } from "@/lib/db";
import type { ClaimedJob, NewModelVersion } from "@/lib/jobs";
import type { CheckpointStore } from "@/lib/ml/checkpoint";

/** Why a running job was asked to stop. */
export type StopReason = "cancel" | "shutdown" | "lease-lost";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface JobContext {
  db: Db;
  job: ClaimedJob;
  /** Aborted with a StopReason; handlers pass it to trainers, which checkpoint and return early. */
  signal: AbortSignal;
  store: CheckpointStore;
  /** Key in `store` of this job's resume checkpoint (deleted when the job ends). */
  resumeKey: string;
  /** Key in `store` where the job's resulting model goes (ModelVersion.artifactKey). */
  modelKey: string;
  progress(step: number, totalSteps?: number): void;
  /** Metric values of one step; non-finite or undefined values are skipped. */
  metrics(step: number, values: Record<string, number | null | undefined>): void;
  log(message: string, level?: LogLevel): void;
  /** A handler that resumed from a checkpoint at `step` calls this: points written after it by the lost attempt go. */
  resumedAt(step: number): Promise<void>;
}

export interface JobOutcome {
  result: Prisma.InputJsonValue;
  modelVersion?: NewModelVersion;
}

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

/** An error a retry cannot fix (the job is FAILED at once); any other error uses up one attempt. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** The StopReason of an aborted signal (a foreign reason counts as shutdown). */
export function stopReasonOf(signal: AbortSignal): StopReason | null {
  if (!signal.aborted) return null;
  const reason: unknown = signal.reason;
  return reason === "cancel" || reason === "lease-lost" ? reason : "shutdown";
}
