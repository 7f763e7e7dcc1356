// Supervised fine-tuning (InstructGPT's SFT stage, Ouyang et al. 2022; TRL's SFTTrainer with completion-only loss):
// next-token cross-entropy on the demonstration tokens only, EOS included, so the policy learns to answer and to stop.
// The same step machinery as DPO (AdamW, micro-batches, training threads through lib/ml/parallel), one loop.
import * as tf from "@tensorflow/tfjs";
import { readAndDispose } from "../ops/read-tensor";
import { type SftPart, TrainThreads, parallelStep, replicaSpecFor } from "../parallel";
import { buildSequenceBatch } from "../rl/sequence";
import type { PolicyModel } from "../rl/types";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { type StopControl, type TrainerState, stopRequested, yieldIfDue, yieldToEventLoop } from "../train/state";
import { type SftConfig, makeSftConfig } from "./sft-config";
import type { SftExample } from "./sft-example";
import { responseTokens, sftLoss } from "./sft-loss";

export type SftState = TrainerState<SftConfig>;

export interface SftMetrics {
  step: number;
  epoch: number;
  /** Mean NLL per response token of the step's batch. */
  loss: number;
  gradNorm: number;
  lr: number;
  /** Response tokens in the step's batch. */
  tokens: number;
  /** Mean NLL per response token of the held-out examples, on evaluation steps. */
  evalLoss?: number;
}

export interface SftTrainerOptions {
  policy: PolicyModel;
  examples: readonly SftExample[];
  /** Held-out examples (split by prompt) for the held-out loss. */
  evalExamples?: readonly SftExample[];
  /** Overrides of DEFAULT_SFT_CONFIG (on a resume: of the saved config). */
  config?: Partial<SftConfig>;
  /** Continue a saved run (weights, optimizer, step). */
  resume?: SftState;
  /** Training threads that share each step (the caller starts and closes them). Default: none. */
  trainThreads?: TrainThreads | null;
}

/** Cuts examples that do not fit the model's context (the prompt from the left first, then the response's tail). */
function fitToContext(example: SftExample, blockSize: number): SftExample {
  const keep = Math.max(1, Math.min(example.prompt.length, blockSize - example.response.length));
  const prompt = example.prompt.slice(example.prompt.length - keep);
  return { prompt, response: example.response.slice(0, blockSize - prompt.length) };
}

function batchOf(examples: readonly SftExample[]) {
  return buildSequenceBatch({ prompts: examples.map((e) => e.prompt), responses: examples.map((e) => e.response), padId: 0 });
}

/** SFT trainer: one `step()` = one batch of examples. Dispose it to free the optimizer's moments. */
export class SftTrainer {
  readonly config: SftConfig;
  readonly totalSteps: number;
  private readonly options: SftTrainerOptions;
  private readonly examples: SftExample[];
  private readonly evalExamples: SftExample[];
  private readonly optimizer: AdamW;
  private readonly stepsPerEpoch: number;
  private stepCount = 0;
  private best: number | null = null;
  private orderEpoch = -1;
  private order: number[] = [];

  constructor(options: SftTrainerOptions) {
    this.options = options;
    this.config = makeSftConfig(options.resume?.config, options.config);
    const blockSize = options.policy.config.blockSize;
    this.examples = options.examples.filter((e) => e.response.length > 0).map((e) => fitToContext(e, blockSize));
    this.evalExamples = (options.evalExamples ?? []).filter((e) => e.response.length > 0).map((e) => fitToContext(e, blockSize));
    if (this.examples.length === 0) throw new Error("SftTrainer: no examples");
    this.stepsPerEpoch = Math.ceil(this.examples.length / this.config.batchSize);
    this.totalSteps = this.config.steps;
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

  /** The example order of a pass depends only on (seed, pass), so a resumed run continues the same order. */
  private epochOrder(epoch: number): number[] {
    if (this.orderEpoch !== epoch) {
      this.order = new Rng(this.config.seed + 7919 * epoch).shuffle(Array.from({ length: this.examples.length }, (_, i) => i));
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

  private chunkSize(n: number): number {
    return this.config.microBatchSize > 0 ? Math.min(this.config.microBatchSize, n) : n;
  }

  /** Mean NLL per response token of `examples` (default: the held-out ones), without updating; NaN when empty. */
  async evaluate(options: { examples?: readonly SftExample[] } = {}): Promise<number> {
    const blockSize = this.options.policy.config.blockSize;
    const examples = options.examples ? options.examples.map((e) => fitToContext(e, blockSize)) : this.evalExamples;
    let nll = 0;
    let tokens = 0;
    const size = this.chunkSize(examples.length);
    for (let from = 0; from < examples.length; from += size) {
      await yieldIfDue();
      const batch = batchOf(examples.slice(from, from + size));
      const n = responseTokens(batch);
      const loss = tf.tidy(() => sftLoss({ model: this.options.policy, batch }));
      nll += ((await readAndDispose(loss))[0] as number) * n;
      tokens += n;
    }
    return tokens > 0 ? nll / tokens : Number.NaN;
  }

  /** One gradient step on the next batch of examples (shared with the training threads, if any). */
  async step(): Promise<SftMetrics> {
    const epoch = Math.floor(this.stepCount / this.stepsPerEpoch);
    const within = this.stepCount % this.stepsPerEpoch;
    const order = this.epochOrder(epoch);
    const picked = order.slice(within * this.config.batchSize, (within + 1) * this.config.batchSize).map((i) => this.examples[i] as SftExample);
    const lr = this.lrAt(this.stepCount);
    // Micro-batches, each weighted by its share of the batch's response tokens: Σ weight·(its token mean) is the
    // batch's token mean. With training threads, fewer micro-batches than threads are cut finer.
    const threads = this.options.trainThreads ?? null;
    let size = this.chunkSize(picked.length);
    if (Math.ceil(picked.length / size) < (threads?.size ?? 1)) size = Math.max(1, Math.ceil(picked.length / (threads?.size ?? 1)));
    const batches = [];
    for (let from = 0; from < picked.length; from += size) batches.push(batchOf(picked.slice(from, from + size)));
    const tokens = batches.reduce((s, b) => s + responseTokens(b), 0);
    const parts: SftPart[] = batches.map((batch) => ({ kind: "sft", weight: responseTokens(batch) / Math.max(1, tokens), batch }));
    const { gradNorm, outputs } = await parallelStep({ optimizer: this.optimizer, models: { policy: this.options.policy }, parts, threads, lr });
    const loss = outputs.reduce((s, output, i) => s + (output.stats.loss ?? Number.NaN) * (parts[i] as SftPart).weight, 0);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw new Error(`SFT diverged at step ${this.stepCount + 1}: non-finite loss or gradient (lower lr?)`);
    }
    this.stepCount += 1;
    const metrics: SftMetrics = { step: this.stepCount, epoch, loss, gradNorm, lr, tokens };
    const { evalEvery } = this.config;
    const evalNow = this.evalExamples.length > 0 && ((evalEvery > 0 && this.stepCount % evalEvery === 0) || this.stepCount === this.totalSteps);
    if (evalNow) {
      metrics.evalLoss = await this.evaluate();
      if (this.best === null || metrics.evalLoss < this.best) this.best = metrics.evalLoss;
    }
    return metrics;
  }

  /** Snapshot for checkpoints. bestMetric = lowest held-out loss so far; rngState = the seed (orders derive from it). */
  async state(): Promise<SftState> {
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

export interface TrainSftOptions extends SftTrainerOptions, StopControl {
  /** Threads that share each step (lib/ml/parallel); default 1. Started and closed here unless `trainThreads` is given. */
  threads?: number;
  onMetrics?: (metrics: SftMetrics) => void;
  /** Save every this many steps and at the end (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: SftState) => void | Promise<void>;
}

export interface TrainSftResult {
  steps: number;
  totalSteps: number;
  stopped: boolean;
  lastMetrics: SftMetrics | null;
  /** The last held-out loss measured (null without held-out examples). */
  lastEvalLoss: number | null;
  state: SftState;
}

/** Runs SFT to `config.steps` (or until stopped); checkpoints through `onCheckpoint`. */
export async function trainSft(options: TrainSftOptions): Promise<TrainSftResult> {
  const { onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const spec = replicaSpecFor({ gpt: options.policy });
  const owned = !options.trainThreads && spec ? await TrainThreads.start({ threads: options.threads ?? 1, spec }) : null;
  let trainer: SftTrainer;
  try {
    trainer = new SftTrainer({ ...options, trainThreads: options.trainThreads ?? owned });
  } catch (err) {
    await owned?.close();
    throw err;
  }
  let lastMetrics: SftMetrics | null = null;
  let lastEvalLoss: number | null = null;
  let stopped = false;
  try {
    while (trainer.stepsDone < trainer.totalSteps) {
      if (stopRequested(options)) {
        stopped = true;
        break;
      }
      lastMetrics = await trainer.step();
      if (lastMetrics.evalLoss !== undefined) lastEvalLoss = lastMetrics.evalLoss;
      onMetrics?.(lastMetrics);
      if (onCheckpoint && checkpointEvery > 0 && trainer.stepsDone % checkpointEvery === 0 && trainer.stepsDone < trainer.totalSteps) {
        await onCheckpoint(await trainer.state());
      }
      await yieldToEventLoop();
    }
    const state = await trainer.state();
    if (onCheckpoint) await onCheckpoint(state);
    return { steps: trainer.stepsDone, totalSteps: trainer.totalSteps, stopped, lastMetrics, lastEvalLoss, state };
  } finally {
    trainer.dispose();
    await owned?.close();
  }
}
