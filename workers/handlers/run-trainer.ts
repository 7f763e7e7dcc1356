// The body every training job shares: resume from the job's checkpoint, run the trainer with the job's signal,
// threads, progress and metrics, write resume checkpoints (none once the job is cancelled or its lease lost), and on
// success save the model and describe its version. A handler says only what differs: data, models, trainer, metrics.
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db";
import { loadTrainingData, type RankingData, type TJobType, type TrainingDataSource, type TTrainingDataConfig } from "@/lib/jobs";
import { findModelVersion } from "@/lib/models";
import type { Checkpoint } from "@/lib/ml/checkpoint";
import { yieldIfDue } from "@/lib/ml/train/state";
import { PermanentJobError, stopReasonOf, type JobContext, type JobOutcome } from "../job-context";
import { jobThreads } from "../job-threads";
import { toJson } from "../ml/to-json";

/** What the skeleton hands the trainer: pass every field straight to lib/ml's train function. */
export interface TrainLoop<S, M> {
  resume: S | undefined;
  signal: AbortSignal;
  /** PODIUM_TRAIN_THREADS: threads sharing each step (default 2 on ≥ 2 cores; 1 on webgpu). */
  threads: number;
  checkpointEvery: number;
  onMetrics: (metrics: M) => void;
  onCheckpoint: (state: S) => Promise<void>;
}

/** The finished model: its artifact, the job's result and the new version. */
export interface FinishedModel {
  artifact: Checkpoint;
  /** The version's metrics (and the job's result unless `result` is given). */
  metrics: Prisma.InputJsonObject;
  result?: Prisma.InputJsonObject;
  version: {
    kind: "POLICY" | "REWARD";
    /** Display name from the job config; default "<type> <date>". */
    name: string | undefined;
    parentId: string | null;
    /** Saved with the version (job config, trainer config, data source…). */
    config: object;
    activate: boolean;
  };
}

export interface TrainerRun<S extends { step: number }, M extends { step: number }, R extends { stopped: boolean; steps: number }> {
  /** The step the run ends at (the total of the progress bar and of the ETA). */
  steps: number;
  checkpointEvery: number;
  /** The resume state in a checkpoint this run wrote. */
  resumeFrom(checkpoint: Checkpoint): S;
  /** A resume checkpoint of `state`. */
  toCheckpoint(state: S): Checkpoint;
  /** One step's values for the job's charts (non-finite and undefined values are skipped). */
  metricsOf(metrics: M): Record<string, number | null | undefined>;
  train(loop: TrainLoop<S, M>): Promise<R>;
  finish(result: R): FinishedModel | Promise<FinishedModel>;
}

/** Default display name of a job's model version: "<type> YYYY-MM-DD HH:MM". */
export function versionName(type: TJobType, name: string | undefined): string {
  return name ?? `${type} ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
}

/**
 * Runs `run` as the job's training stage. Progress counts training steps only (the job's ETA is paced from the first
 * step's report, so start-up stages such as a reference pass do not inflate it). A stopped run returns
 * `{stopped, steps}`; the worker settles it as cancelled or released.
 */
export async function runTrainer<S extends { step: number }, M extends { step: number }, R extends { stopped: boolean; steps: number }>(
  ctx: JobContext,
  type: TJobType,
  run: TrainerRun<S, M, R>,
): Promise<JobOutcome> {
  const saved = await ctx.store.load(ctx.resumeKey);
  const resume = saved ? run.resumeFrom(saved) : undefined;
  if (resume) await ctx.resumedAt(resume.step);
  ctx.progress(resume?.step ?? 0, run.steps);
  const result = await run.train({
    resume,
    signal: ctx.signal,
    threads: jobThreads(ctx),
    checkpointEvery: run.checkpointEvery,
    onMetrics: (m) => {
      ctx.progress(m.step);
      ctx.metrics(m.step, run.metricsOf(m));
    },
    onCheckpoint: async (state) => {
      // A cancelled job's checkpoint is deleted anyway, and a lost lease's belongs to the new owner: write neither.
      const reason = stopReasonOf(ctx.signal);
      if (reason === "cancel" || reason === "lease-lost") return;
      await ctx.store.save(ctx.resumeKey, run.toCheckpoint(state));
    },
  });
  if (result.stopped || ctx.signal.aborted) return { result: { stopped: true, steps: result.steps } };
  const done = await run.finish(result);
  await ctx.store.save(ctx.modelKey, done.artifact);
  return {
    result: done.result ?? done.metrics,
    modelVersion: {
      kind: done.version.kind,
      name: versionName(type, done.version.name),
      parentId: done.version.parentId,
      config: toJson(done.version.config),
      metrics: done.metrics,
      artifactKey: ctx.modelKey,
      activate: done.version.activate,
    },
  };
}

/** The policy version a job starts from (`id`, default the active one), or a permanent failure saying what to do. */
export async function startingPolicy(ctx: JobContext, id: string | undefined, what = "to fine-tune"): Promise<{ id: string; name: string; artifactKey: string }> {
  const version = await findModelVersion({ db: ctx.db, kind: "POLICY", id });
  if (!version) throw new PermanentJobError(`No policy version ${what} (run pretrain or activate one)`);
  return version;
}

/** Deterministic held-out split by prompt: a prompt is held out when its hash falls under the fraction. */
export function heldOutByPrompt(promptId: string, fraction: number, seed: number): boolean {
  const h = createHash("sha256").update(`${seed}:${promptId}`).digest().readUInt32BE(0);
  return h / 0x1_0000_0000 < fraction;
}

/** The rankings a reward or DPO job trains on (a snapshot, or live data under filters), with a log line naming them. */
export async function loadJobRankings(
  ctx: JobContext,
  config: { data: TTrainingDataConfig; since?: string | undefined },
): Promise<{ rankings: RankingData[]; source: TrainingDataSource }> {
  const loaded = await loadTrainingData({ db: ctx.db, data: config.data, ...(config.since ? { since: new Date(config.since) } : {}) });
  const { source } = loaded;
  ctx.log("snapshotId" in source ? `data: snapshot ${source.name} (${source.snapshotId}, sha256 ${source.contentHash})` : `data: live rankings, filters ${JSON.stringify(source.filters)}`);
  return loaded;
}

/** `map` over `items` in order, yielding to the heartbeat (and stopping on cancel) during long runs of work. */
export async function mapWithHeartbeat<T, U>(ctx: Pick<JobContext, "signal">, items: readonly T[], map: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    await yieldIfDue(ctx.signal);
    out.push(map(items[i] as T, i));
  }
  return out;
}
