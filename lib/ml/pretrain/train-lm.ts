// Language-model pretraining loop: random contiguous windows of a token stream, next-token cross-entropy, AdamW
// with warm-up + cosine decay, periodic held-out loss, checkpoints that resume the same run. After nanoGPT's train.py.
import * as tf from "@tensorflow/tfjs";
import type { Gpt } from "../model/gpt";
import { readAndDispose } from "../ops/read-tensor";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { cosineLr } from "../train/schedule";
import { type StopControl, type TrainerState, stopRequested, yieldIfDue, yieldToEventLoop } from "../train/state";
import { type LmBatch, lmLoss } from "./lm-loss";
import { DEFAULT_PRETRAIN_CONFIG, type PretrainConfig } from "./pretrain-config";

export { DEFAULT_PRETRAIN_CONFIG, ZPretrainTrainerConfig, type PretrainConfig } from "./pretrain-config";

export interface PretrainMetrics {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  /** Training tokens per second over this step. */
  tokensPerSec: number;
  /** Held-out loss, on evaluation steps. */
  valLoss?: number;
}

export interface PretrainOptions extends StopControl {
  model: Gpt;
  /** The whole tokenised corpus (documents joined with EOS). */
  tokens: Int32Array;
  config?: Partial<PretrainConfig>;
  /** Continue from a saved state (weights, optimizer, step, RNG). */
  resume?: TrainerState<PretrainConfig>;
  onMetrics?: (metrics: PretrainMetrics) => void;
  /** Save every this many steps and at the end (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: TrainerState<PretrainConfig>) => void | Promise<void>;
}

export interface PretrainResult {
  steps: number;
  finalLoss: number;
  bestValLoss: number | null;
  stopped: boolean;
  state: TrainerState<PretrainConfig>;
}

/** Batch of `batchSize` windows starting at random offsets in [0, limit − seqLen − 1). */
function sampleBatch(options: { tokens: Int32Array; limit: number; config: PretrainConfig; rng: Rng }): LmBatch {
  const { tokens, limit, config, rng } = options;
  const { batchSize: b, seqLen: t } = config;
  const inputs = new Int32Array(b * t);
  const targets = new Int32Array(b * t);
  for (let i = 0; i < b; i++) {
    const start = rng.int(limit - t - 1);
    inputs.set(tokens.subarray(start, start + t), i * t);
    targets.set(tokens.subarray(start + 1, start + t + 1), i * t);
  }
  return { inputs: tf.tensor2d(inputs, [b, t], "int32"), targets };
}

/** Mean loss over fixed, evenly spaced held-out windows (the same windows at every evaluation). */
export async function heldOutLoss(options: { model: Gpt; tokens: Int32Array; from: number; config: PretrainConfig }): Promise<number> {
  const { model, tokens, from, config } = options;
  const { batchSize: b, seqLen: t, evalBatches } = config;
  const span = tokens.length - from - t - 1;
  if (span <= 0) return NaN;
  const windows = evalBatches * b;
  let total = 0;
  for (let e = 0; e < evalBatches; e++) {
    await yieldIfDue();
    const inputs = new Int32Array(b * t);
    const targets = new Int32Array(b * t);
    for (let i = 0; i < b; i++) {
      const start = from + Math.floor(((e * b + i) * span) / windows);
      inputs.set(tokens.subarray(start, start + t), i * t);
      targets.set(tokens.subarray(start + 1, start + t + 1), i * t);
    }
    const loss = tf.tidy(() => {
      const batch = { inputs: tf.tensor2d(inputs, [b, t], "int32"), targets };
      return lmLoss({ model, batch });
    });
    total += (await readAndDispose(loss))[0] as number;
  }
  return total / evalBatches;
}

export async function pretrain(options: PretrainOptions): Promise<PretrainResult> {
  const { model, tokens, onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const config: PretrainConfig = { ...DEFAULT_PRETRAIN_CONFIG, ...options.resume?.config, ...options.config };
  if (config.seqLen > model.config.blockSize) throw new Error("pretrain: seqLen exceeds the model's blockSize");
  const valStart = Math.floor(tokens.length * (1 - config.valFraction));
  if (valStart < config.seqLen + 2) throw new Error("pretrain: corpus too short for one training window");
  const optimizer = new AdamW({
    params: model.variables(),
    config: { lr: config.lr, weightDecay: config.weightDecay, beta2: config.beta2, gradClip: config.gradClip },
  });
  const rng = new Rng(config.seed);
  let step = 0;
  let bestMetric: number | null = null;
  if (options.resume) {
    model.loadWeights(options.resume.weights);
    optimizer.loadState(options.resume.optimizer);
    rng.setState(options.resume.rngState);
    step = options.resume.step;
    bestMetric = options.resume.bestMetric;
  }
  const snapshot = async (): Promise<TrainerState<PretrainConfig>> => ({
    step,
    bestMetric,
    config,
    weights: await model.exportWeights(),
    optimizer: await optimizer.exportState(),
    rngState: rng.getState(),
  });
  let finalLoss = NaN;
  let stopped = false;
  const startedAt = performance.now();
  const budgetMs = config.timeBudgetMinutes * 60_000;
  // Progress in steps; with a time budget, the elapsed fraction of the budget counts too.
  const progressSteps = (): number =>
    budgetMs > 0 ? Math.max(step, ((performance.now() - startedAt) / budgetMs) * config.steps) : step;
  try {
    while (progressSteps() < config.steps) {
      if (stopRequested(options)) {
        stopped = true;
        break;
      }
      const t0 = performance.now();
      const at = Math.max(step, Math.floor(progressSteps()));
      const lr = cosineLr({ step: at, lr: config.lr, minLr: config.minLr, warmupSteps: config.warmupSteps, totalSteps: config.steps });
      const batch = sampleBatch({ tokens, limit: valStart, config, rng });
      let result: { loss: number; gradNorm: number };
      try {
        result = await optimizer.minimize({ lossFn: () => lmLoss({ model, batch }), lr });
      } finally {
        batch.inputs.dispose();
      }
      const { loss, gradNorm } = result;
      step += 1;
      finalLoss = loss;
      const metrics: PretrainMetrics = {
        step,
        loss,
        lr,
        gradNorm,
        tokensPerSec: (config.batchSize * config.seqLen * 1000) / (performance.now() - t0),
      };
      const last = progressSteps() >= config.steps;
      if (config.evalEvery > 0 && (step % config.evalEvery === 0 || last)) {
        metrics.valLoss = await heldOutLoss({ model, tokens, from: valStart, config });
        if (bestMetric === null || metrics.valLoss < bestMetric) bestMetric = metrics.valLoss;
      }
      onMetrics?.(metrics);
      if (onCheckpoint && checkpointEvery > 0 && step % checkpointEvery === 0 && !last) {
        await onCheckpoint(await snapshot());
      }
      await yieldToEventLoop();
    }
    const state = await snapshot();
    if (onCheckpoint) await onCheckpoint(state);
    return { steps: step, finalLoss, bestValLoss: bestMetric, stopped, state };
  } finally {
    optimizer.dispose();
  }
}
