// Direct Preference Optimization (Rafailov et al. 2023): trains the policy straight from (prompt, chosen, rejected)
// pairs against a frozen reference, as TRL's DPOTrainer does (sigmoid loss, β = 0.1, reference log-probs computed
// once per batch without gradients or precomputed, metrics rewards/chosen, rewards/rejected, margins, accuracies).
import * as tf from "@tensorflow/tfjs";
import { readAndDispose } from "../ops/read-tensor";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { type StopControl, type TrainerState, stopRequested, yieldIfDue, yieldToEventLoop } from "../train/state";
import { DEFAULT_DPO_CONFIG, type DpoConfig, makeDpoConfig } from "./dpo-config";
import { type DpoPart, TrainThreads, dpoPartLoss, dpoPartStats, parallelStep, replicaSpecFor } from "../parallel";
import { type PreferencePair, fitPairToContext } from "./preference-pairs";
import { pairLogProbs } from "./pair-log-probs";
import type { PolicyModel, ReferenceModel } from "./types";

export type DpoState = TrainerState<DpoConfig>;

export interface DpoBatchMetrics {
  /** Mean DPO loss (+ α·NLL when rpoAlpha > 0). */
  loss: number;
  /** Mean β·(log-ratio chosen − log-ratio rejected). */
  rewardMargin: number;
  /** Fraction of pairs whose chosen implicit reward exceeds the rejected one. */
  rewardAccuracy: number;
  /** Mean implicit reward β·(log π − log π_ref) of chosen / rejected responses. */
  chosenReward: number;
  rejectedReward: number;
  /** Mean Σ log π_θ of chosen / rejected responses. */
  chosenLogProb: number;
  rejectedLogProb: number;
  /** Mean per-token NLL of the chosen responses. */
  chosenNll: number;
}

export interface DpoMetrics extends DpoBatchMetrics {
  step: number;
  epoch: number;
  gradNorm: number;
  lr: number;
  /** Held-out metrics on evaluation steps. */
  eval?: DpoBatchMetrics;
}

export interface DpoTrainerOptions {
  policy: PolicyModel;
  /** Frozen reference (usually the policy's starting weights). Optional when every pair carries ref log-probs. */
  reference?: ReferenceModel;
  pairs: readonly PreferencePair[];
  /** Held-out pairs (split by prompt) for evaluation. */
  evalPairs?: readonly PreferencePair[];
  /** Overrides of DEFAULT_DPO_CONFIG (on a resume: of the saved config). */
  config?: Partial<DpoConfig>;
  /** Continue a saved run (weights, optimizer, step). */
  resume?: DpoState;
  /** Training threads that share each step (lib/ml/parallel; the caller starts and closes them). Default: none. */
  trainThreads?: TrainThreads | null;
}

export interface ComputeReferenceLogProbsOptions {
  reference: ReferenceModel;
  pairs: readonly PreferencePair[];
  /** Pairs per forward pass (default 4: a pass keeps every activation and full-vocabulary logits until it ends). */
  batchSize?: number;
  /** Checked between chunks: the pass throws the signal's reason once it is aborted. */
  signal?: AbortSignal;
  /** Pairs done so far, after every chunk. */
  onProgress?: (done: number, total: number) => void;
}

/** Copies of the pairs (fitted to the context) with refChosenLogProb / refRejectedLogProb filled in. */
export async function computeReferenceLogProbs(options: ComputeReferenceLogProbsOptions): Promise<PreferencePair[]> {
  const { reference, batchSize = DEFAULT_DPO_CONFIG.microBatchSize } = options;
  const pairs = options.pairs.map((pair) => fitPairToContext({ pair, blockSize: reference.config.blockSize }));
  for (let from = 0; from < pairs.length; from += batchSize) {
    // Every pair of the run goes through here before the first step: yield so the heartbeat and a cancel get through.
    await yieldIfDue(options.signal);
    const chunk = pairs.slice(from, from + batchSize);
    const { chosen, rejected } = tf.tidy(() => {
      const lp = pairLogProbs({ model: reference, pairs: chunk });
      return { chosen: lp.chosen, rejected: lp.rejected };
    });
    const c = await readAndDispose(chosen);
    const r = await readAndDispose(rejected);
    chunk.forEach((pair, i) => {
      pair.refChosenLogProb = c[i] as number;
      pair.refRejectedLogProb = r[i] as number;
    });
    options.onProgress?.(Math.min(from + batchSize, pairs.length), pairs.length);
  }
  return pairs;
}

/** DPO trainer: one `step()` = one batch of pairs. Dispose it to free the optimizer's moments. */
export class DpoTrainer {
  readonly config: DpoConfig;
  /** Total optimisation steps: config.steps, or epochs · ceil(pairs / batchSize). */
  readonly totalSteps: number;
  private readonly options: DpoTrainerOptions;
  private readonly pairs: PreferencePair[];
  private readonly evalPairs: PreferencePair[];
  private readonly optimizer: AdamW;
  private readonly stepsPerEpoch: number;
  private stepCount = 0;
  private best: number | null = null;
  private orderEpoch = -1;
  private order: number[] = [];

  constructor(options: DpoTrainerOptions) {
    this.options = options;
    this.config = makeDpoConfig(options.resume?.config, options.config);
    const blockSize = options.policy.config.blockSize;
    this.pairs = options.pairs.map((pair) => fitPairToContext({ pair, blockSize }));
    this.evalPairs = (options.evalPairs ?? []).map((pair) => fitPairToContext({ pair, blockSize }));
    if (this.pairs.length === 0) throw new Error("DpoTrainer: no preference pairs");
    const needsReference = [...this.pairs, ...this.evalPairs].some(
      (p) => p.refChosenLogProb === undefined || p.refRejectedLogProb === undefined,
    );
    if (needsReference && !options.reference) throw new Error("DpoTrainer: pass a reference model or precomputed reference log-probs");
    this.stepsPerEpoch = Math.ceil(this.pairs.length / this.config.batchSize);
    this.totalSteps = this.config.steps ?? this.config.epochs * this.stepsPerEpoch;
    const c = this.config;
    this.optimizer = new AdamW({
      params: options.policy.variables(),
      config: { lr: c.lr, beta1: c.beta1, beta2: c.beta2, eps: c.adamEps, weightDecay: c.weightDecay, gradClip: c.gradClip },
    });
    if (options.resume) {
      options.policy.loadWeights(options.resume.weights);
      this.optimizer.loadState(options.resume.optimizer);
      this.stepCount = options.resume.step;
      this.best = options.resume.bestMetric;
    }
  }

  get stepsDone(): number {
    return this.stepCount;
  }

  /** The pair order of an epoch depends only on (seed, epoch), so a resumed run continues the same order. */
  private epochOrder(epoch: number): number[] {
    if (this.orderEpoch !== epoch) {
      this.order = new Rng(this.config.seed + 7919 * epoch).shuffle(Array.from({ length: this.pairs.length }, (_, i) => i));
      this.orderEpoch = epoch;
    }
    return this.order;
  }

  private lrAt(step: number): number {
    const { lr, warmupSteps, lrSchedule } = this.config;
    if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
    if (lrSchedule === "constant") return lr;
    return lr * Math.max(0, (this.totalSteps - step) / Math.max(1, this.totalSteps - warmupSteps));
  }

  /** Reference Σ log-probs [B] for chosen and rejected: precomputed values, or one no-gradient reference pass. */
  private async referenceLogProbs(pairs: readonly PreferencePair[]): Promise<{ chosen: Float32Array; rejected: Float32Array }> {
    if (pairs.every((p) => p.refChosenLogProb !== undefined && p.refRejectedLogProb !== undefined)) {
      return {
        chosen: Float32Array.from(pairs, (p) => p.refChosenLogProb as number),
        rejected: Float32Array.from(pairs, (p) => p.refRejectedLogProb as number),
      };
    }
    const reference = this.options.reference as ReferenceModel;
    const { chosen, rejected } = tf.tidy(() => {
      const lp = pairLogProbs({ model: reference, pairs });
      return { chosen: lp.chosen, rejected: lp.rejected };
    });
    return { chosen: await readAndDispose(chosen), rejected: await readAndDispose(rejected) };
  }

  /** The loss's metrics on a batch, without gradients or an update. */
  private async batchStats(options: { pairs: readonly PreferencePair[]; ref: { chosen: Float32Array; rejected: Float32Array } }): Promise<DpoBatchMetrics> {
    const { pairs, ref } = options;
    const report = tf.tidy(() => dpoPartLoss({ policy: this.options.policy, part: this.dpoPart({ pairs: [...pairs], ref, weight: 1 }) }).report);
    return { ...DpoTrainer.emptyStats(), ...dpoPartStats(await readAndDispose(report), pairs.length) };
  }

  /** A batch part as plain data (for lib/ml/parallel: the main thread or a training thread computes its gradients). */
  private dpoPart(options: { pairs: PreferencePair[]; ref: { chosen: Float32Array; rejected: Float32Array }; weight: number }): DpoPart {
    const c = this.config;
    return {
      kind: "dpo",
      weight: options.weight,
      pairs: options.pairs,
      refChosen: options.ref.chosen,
      refRejected: options.ref.rejected,
      beta: c.beta,
      labelSmoothing: c.labelSmoothing,
      rpoAlpha: c.rpoAlpha,
    };
  }

  /** total += weight · part, metric by metric (means over parts weighted by their share of pairs). */
  private static addWeighted(total: DpoBatchMetrics, part: Partial<Record<keyof DpoBatchMetrics, number>>, weight: number): void {
    for (const key of Object.keys(total) as (keyof DpoBatchMetrics)[]) total[key] += (part[key] ?? 0) * weight;
  }

  private static emptyStats(): DpoBatchMetrics {
    return { loss: 0, rewardMargin: 0, rewardAccuracy: 0, chosenReward: 0, rejectedReward: 0, chosenLogProb: 0, rejectedLogProb: 0, chosenNll: 0 };
  }

  /** Metrics on `pairs` (default: the held-out pairs) without updating, averaged over batches weighted by size. */
  async evaluate(options: { pairs?: readonly PreferencePair[] } = {}): Promise<DpoBatchMetrics> {
    const pairs = options.pairs
      ? options.pairs.map((pair) => fitPairToContext({ pair, blockSize: this.options.policy.config.blockSize }))
      : this.evalPairs;
    const total = DpoTrainer.emptyStats();
    if (pairs.length === 0) return total;
    // No gradients here, but every sequence still carries full-vocabulary logits: chunks of the micro-batch size.
    const size = this.config.microBatchSize > 0 ? this.config.microBatchSize : this.config.batchSize;
    for (let from = 0; from < pairs.length; from += size) {
      await yieldIfDue();
      const chunk = pairs.slice(from, from + size);
      const stats = await this.batchStats({ pairs: chunk, ref: await this.referenceLogProbs(chunk) });
      DpoTrainer.addWeighted(total, stats, chunk.length / pairs.length);
    }
    return total;
  }

  /** One gradient step on the next batch of pairs (shared with the training threads, if any). */
  async step(): Promise<DpoMetrics> {
    const epoch = Math.floor(this.stepCount / this.stepsPerEpoch);
    const within = this.stepCount % this.stepsPerEpoch;
    const order = this.epochOrder(epoch);
    const batch = order.slice(within * this.config.batchSize, (within + 1) * this.config.batchSize).map((i) => this.pairs[i] as PreferencePair);
    const lr = this.lrAt(this.stepCount);
    // Micro-batches of microBatchSize pairs, gradients accumulated with weights = their share of the batch (the loss
    // is a mean over pairs); the reference pass is chunked the same way, so no pass holds the whole batch's logits.
    // With training threads, fewer micro-batches than threads are cut finer so that every thread has a share.
    const threads = this.options.trainThreads ?? null;
    let size = this.config.microBatchSize > 0 ? this.config.microBatchSize : batch.length;
    if (Math.ceil(batch.length / size) < (threads?.size ?? 1)) size = Math.max(1, Math.ceil(batch.length / (threads?.size ?? 1)));
    const parts: DpoPart[] = [];
    for (let from = 0; from < batch.length; from += size) {
      await yieldIfDue();
      const pairs = batch.slice(from, from + size);
      parts.push(this.dpoPart({ pairs, ref: await this.referenceLogProbs(pairs), weight: pairs.length / batch.length }));
    }
    const { gradNorm, outputs } = await parallelStep({ optimizer: this.optimizer, models: { policy: this.options.policy }, parts, threads, lr });
    const stats = DpoTrainer.emptyStats();
    outputs.forEach((output, i) => {
      DpoTrainer.addWeighted(stats, output.stats, (parts[i] as DpoPart).weight);
    });
    if (!Number.isFinite(stats.loss) || !Number.isFinite(gradNorm)) {
      throw new Error(`DPO diverged at step ${this.stepCount + 1}: non-finite loss or gradient (lower lr?)`);
    }
    this.stepCount += 1;
    const metrics: DpoMetrics = { step: this.stepCount, epoch, gradNorm, lr, ...stats };
    const { evalEvery } = this.config;
    const evalNow = this.evalPairs.length > 0 && ((evalEvery > 0 && this.stepCount % evalEvery === 0) || this.stepCount === this.totalSteps);
    if (evalNow) {
      metrics.eval = await this.evaluate();
      if (this.best === null || metrics.eval.loss < this.best) this.best = metrics.eval.loss;
    }
    return metrics;
  }

  /** Snapshot for checkpoints. bestMetric = lowest held-out loss so far; rngState = the seed (orders derive from it). */
  async state(): Promise<DpoState> {
    return {
      step: this.stepCount,
      bestMetric: this.best,
      config: this.config,
      weights: await this.options.policy.exportWeights(),
      optimizer: await this.optimizer.exportState(),
      rngState: this.config.seed >>> 0,
    };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export interface TrainDpoOptions extends DpoTrainerOptions, StopControl {
  /**
   * Threads that share each step (data parallelism over worker_threads, lib/ml/parallel); default 1. Same result up
   * to float summation order. Started and closed by trainDpo (ignored when `trainThreads` is given).
   */
  threads?: number;
  onMetrics?: (metrics: DpoMetrics) => void;
  /** Save every this many steps and at the end (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: DpoState) => void | Promise<void>;
}

export interface TrainDpoResult {
  steps: number;
  totalSteps: number;
  stopped: boolean;
  lastMetrics: DpoMetrics | null;
  state: DpoState;
}

/** Run DPO over `epochs` passes of the pairs (or until cancelled); checkpoints through `onCheckpoint`. */
export async function trainDpo(options: TrainDpoOptions): Promise<TrainDpoResult> {
  const { onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const spec = replicaSpecFor({ gpt: options.policy });
  const owned = !options.trainThreads && spec ? await TrainThreads.start({ threads: options.threads ?? 1, spec }) : null;
  let trainer: DpoTrainer;
  try {
    trainer = new DpoTrainer({ ...options, trainThreads: options.trainThreads ?? owned });
  } catch (err) {
    await owned?.close();
    throw err;
  }
  let lastMetrics: DpoMetrics | null = null;
  let stopped = false;
  try {
    while (trainer.stepsDone < trainer.totalSteps) {
      if (stopRequested(options)) {
        stopped = true;
        break;
      }
      lastMetrics = await trainer.step();
      onMetrics?.(lastMetrics);
      if (onCheckpoint && checkpointEvery > 0 && trainer.stepsDone % checkpointEvery === 0 && trainer.stepsDone < trainer.totalSteps) {
        await onCheckpoint(await trainer.state());
      }
      await yieldToEventLoop();
    }
    const state = await trainer.state();
    if (onCheckpoint) await onCheckpoint(state);
    return { steps: trainer.stepsDone, totalSteps: trainer.totalSteps, stopped, lastMetrics, state };
  } finally {
    trainer.dispose();
    await owned?.close();
  }
}
