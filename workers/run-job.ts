// Runs one claimed job: builds its context, starts the heartbeat, calls the handler for its type, and settles the
// outcome — SUCCEEDED (with its model version, atomically), back to QUEUED on shutdown (the handler checkpointed),
// CANCELLED on request, a retry or FAILED on error. A worker that lost its lease writes nothing more.
import { ZodError } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  completeJob,
  failJob,
  markJobCancelled,
  releaseJob,
  truncateJobMetrics,
  type ClaimedJob,
} from "@/lib/jobs";
import type { CheckpointStore } from "@/lib/ml/checkpoint";
import { PermanentJobError, stopReasonOf, type JobContext, type JobHandler } from "./job-context";
import { JobReporter } from "./job-reporter";

export interface RunJobOptions {
  db: Db;
  store: CheckpointStore;
  workerId: string;
  job: ClaimedJob;
  handlers: Partial<Record<string, JobHandler>>;
  leaseMs: number;
  heartbeatMs: number;
  retryDelayMs?: number;
  /** Aborted when the worker shuts down; the job is checkpointed and released. */
  shutdown: AbortSignal;
  log: (line: string) => void;
}

export type RunJobResult = "succeeded" | "failed" | "retrying" | "cancelled" | "released" | "lost";

export function resumeKeyOf(jobId: string): string {
  return `jobs/${jobId}/resume`;
}

export function modelKeyOf(jobId: string): string {
  return `models/${jobId}`;
}

function isPermanent(err: unknown): boolean {
  return err instanceof PermanentJobError || err instanceof ZodError || err instanceof AppError;
}

export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { db, store, workerId, job, handlers, leaseMs, heartbeatMs, shutdown, log } = options;
  const controller = new AbortController();
  const onShutdown = () => controller.abort("shutdown");
  if (shutdown.aborted) onShutdown();
  shutdown.addEventListener("abort", onShutdown);
  const reporter = new JobReporter({
    db,
    jobId: job.id,
    workerId,
    leaseMs,
    heartbeatMs,
    controller,
    echo: log,
    initialStep: job.step,
    initialTotal: job.totalSteps,
  });
  const ctx: JobContext = {
    db,
    job,
    signal: controller.signal,
    store,
    resumeKey: resumeKeyOf(job.id),
    modelKey: modelKeyOf(job.id),
    progress: (step, total) => reporter.progress(step, total),
    metrics: (step, values) => reporter.metrics(step, values),
    log: (message, level) => reporter.log(message, level),
    resumedAt: async (step) => {
      reporter.dropBufferedAfter(step);
      reporter.progress(step);
      const dropped = await truncateJobMetrics({ db, jobId: job.id, afterStep: step });
      reporter.log(`resumed from the checkpoint at step ${step}${dropped ? ` (${dropped} replayed metric points dropped)` : ""}`);
    },
  };

  const settleStopped = async (): Promise<RunJobResult> => {
    const reason = stopReasonOf(controller.signal);
    if (reason === "cancel") {
      await markJobCancelled({ db, jobId: job.id, workerId });
      await store.delete(ctx.resumeKey).catch(() => false);
      log(`job ${job.id} cancelled`);
      return "cancelled";
    }
    if (reason === "shutdown") {
      const released = await releaseJob({ db, jobId: job.id, workerId });
      log(`job ${job.id} ${released ? "released to the queue (checkpoint kept)" : "was no longer ours"}`);
      return released ? "released" : "lost";
    }
    log(`job ${job.id}: lease lost to another worker; result discarded`);
    return "lost";
  };

  reporter.start();
  log(`job ${job.id} (${job.type}) attempt ${job.attempts}/${job.maxAttempts} started`);
  try {
    const handler = handlers[job.type];
    if (!handler) throw new PermanentJobError(`No handler for job type "${job.type}" in this worker`);
    reporter.log(`attempt ${job.attempts}/${job.maxAttempts} on worker ${workerId}`);
    const outcome = await handler(ctx);
    if (controller.signal.aborted) {
      await reporter.stop();
      return await settleStopped();
    }
    reporter.log("finished");
    await reporter.stop();
    if (controller.signal.aborted) return await settleStopped();
    const done = await completeJob({ db, jobId: job.id, workerId, result: outcome.result, modelVersion: outcome.modelVersion });
    await store.delete(ctx.resumeKey).catch(() => false);
    log(`job ${job.id} succeeded${done.modelVersionId ? ` → model version ${done.modelVersionId}` : ""}`);
    return "succeeded";
  } catch (err) {
    if (controller.signal.aborted) {
      await reporter.stop();
      return await settleStopped();
    }
    const message = err instanceof Error ? err.message : String(err);
    if (!isPermanent(err)) log(`job ${job.id} error: ${err instanceof Error ? (err.stack ?? message) : message}`);
    await reporter.stop();
    const status = await failJob({
      db,
      jobId: job.id,
      workerId,
      error: message,
      retryable: !isPermanent(err),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    });
    if (status === "FAILED") await store.delete(ctx.resumeKey).catch(() => false);
    log(`job ${job.id} failed (${status ?? "lease lost"}): ${message}`);
    return status === "QUEUED" ? "retrying" : status === "FAILED" ? "failed" : "lost";
  } finally {
    shutdown.removeEventListener("abort", onShutdown);
  }
}
