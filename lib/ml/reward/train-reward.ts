// Reward-model trainer: ranking loss (Bradley–Terry over all pairs per ranking, or Plackett–Luce) + reward centring,
// AdamW with warm-up + cosine decay, held-out split by prompt, pairwise accuracy, reward-normalisation stats,
// cancellation and exact resume. Follows InstructGPT's RM recipe (Ouyang et al. 2022) at toy scale.
import * as tf from "@tensorflow/tfjs";
import { withoutGradients } from "../ops/inference-mode";
import { readAndDispose } from "../ops/read-tensor";
import { type RewardPart, TrainThreads, parallelStep, replicaSpecFor } from "../parallel";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { cosineLr } from "../train/schedule";
import { type StopControl, type TrainerState, stopRequested, yieldIfDue, yieldToEventLoop } from "../train/state";
import { DEFAULT_REWARD_TRAIN_CONFIG, type RewardTrainConfig } from "./reward-config";
import { makeRewardBatch, type RankingExample, splitByPrompt } from "./data";
import { pairwiseAccuracy, rankingLoss } from "./losses";
import type { RewardModel } from "./reward-model";

export { DEFAULT_REWARD_TRAIN_CONFIG, ZRewardTrainConfig, type RewardTrainConfig } from "./reward-config";

export interface RewardEval {
  loss: number;
  /** Pairwise accuracy over all C(K,2) pairs of every held-out ranking. */
  accuracy: number;
  meanReward: number;
  minReward: number;
  maxReward: number;
}

export interface RewardMetrics {
  step: number;
  loss: number;
  /** Pairwise accuracy on this step's training batch. */
  accuracy: number;
  lr: number;
  gradNorm: number;
  eval?: RewardEval;
}

/** Mean and standard deviation of the rewards over the training completions (used to normalise rewards in RL). */
export interface RewardNormalisation {
  mean: number;
  std: number;
}

export interface RewardTrainOptions extends StopControl {
  model: RewardModel;
  examples: RankingExample[];
  padId: number;
  config?: Partial<RewardTrainConfig>;
  resume?: TrainerState<RewardTrainConfig>;
  onMetrics?: (metrics: RewardMetrics) => void;
  /** Save every this many steps (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: TrainerState<RewardTrainConfig>, normalisation: RewardNormalisation | null) => void | Promise<void>;
  /**
   * Threads that share each step (data parallelism over worker_threads, lib/ml/parallel); default 1. Same result up
   * to float summation order.
   */
  threads?: number;
}

export interface RewardTrainResult {
  steps: number;
  stopped: boolean;
  /** Loss of every step run in this call, in order. */
  losses: number[];
  finalEval: RewardEval | null;
  /** Over the training completions; null when the run was stopped (it is only needed for a finished model). */
  normalisation: RewardNormalisation | null;
  state: TrainerState<RewardTrainConfig>;
}

/** Rewards of every sequence of `examples`, in ranking order, computed in chunks without gradients. */
export async function scoreExamples(options: { model: RewardModel; examples: RankingExample[]; padId: number; maxLength: number; chunk: number }): Promise<{
  rewards: Float32Array;
  rankings: number[][];
  ranks: (number[] | null)[];
}> {
  const { model, examples, padId, maxLength, chunk } = options;
  const rewards: number[] = [];
  const rankings: number[][] = [];
  const ranks: (number[] | null)[] = [];
  for (let i = 0; i < examples.length; i += chunk) {
    await yieldIfDue();
    const batch = makeRewardBatch({ examples: examples.slice(i, i + chunk), padId, maxLength });
    let scores: tf.Tensor;
    try {
      // The tidy frees this chunk's activations before the next chunk: the peak is one chunk's forward pass.
      scores = withoutGradients(() => tf.tidy(() => model.forward({ ids: batch.ids, lengths: batch.lengths })));
    } finally {
      batch.ids.dispose();
    }
    const r = await readAndDispose(scores); // [chunk sequences]
    const offset = rewards.length;
    rewards.push(...r);
    for (const ranking of batch.rankings) rankings.push(ranking.map((j) => j + offset));
    ranks.push(...batch.ranks);
  }
  return { rewards: Float32Array.from(rewards), rankings, ranks };
}

/** Held-out loss, pairwise accuracy and reward range. */
export async function evaluateRewardModel(options: {
  model: RewardModel;
  examples: RankingExample[];
  padId: number;
  config: RewardTrainConfig;
}): Promise<RewardEval> {
  const { model, examples, padId, config } = options;
  const { rewards, rankings, ranks } = await scoreExamples({ model, examples, padId, maxLength: config.maxLength, chunk: config.evalBatchSize });
  const lossTensor = tf.tidy(() => rankingLoss({ rewards: tf.tensor1d(rewards), rankings, ranks, kind: config.loss, centring: config.centring }));
  const loss = (await readAndDispose(lossTensor))[0] as number;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const r of rewards) {
    sum += r;
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  return { loss, accuracy: pairwiseAccuracy({ rewards, rankings, ranks }), meanReward: sum / rewards.length, minReward: min, maxReward: max };
}

function normalisationOf(rewards: Float32Array): RewardNormalisation {
  let mean = 0;
  for (const r of rewards) mean += r / rewards.length;
  let variance = 0;
  for (const r of rewards) variance += (r - mean) ** 2 / rewards.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * One AdamW step on `examples` (the step's rankings), in micro-batches of `config.microBatchSize` rankings whose
 * gradients are accumulated, each padded to its own longest row; with training threads the micro-batches are shared
 * out among them (and cut finer when there are fewer micro-batches than threads). Part j of n_j rankings (N_j
 * sequences) of a batch of n rankings (N sequences) has weight n_j / n, so the ranking term — a mean over rankings —
 * sums to the full-batch mean exactly. The centring term c·mean(r²) is a mean over sequences: weighting it by n_j / n
 * is exact when every ranking has the same K (N_j / N = n_j / n); the part's coefficient c·(N_j / N)·(n / n_j) keeps it
 * exact for mixed K.
 */
async function trainStep(options: {
  model: RewardModel;
  optimizer: AdamW;
  threads: TrainThreads | null;
  examples: RankingExample[];
  padId: number;
  config: RewardTrainConfig;
  lr: number;
}): Promise<{ loss: number; gradNorm: number; accuracy: number }> {
  const { model, optimizer, threads, examples, padId, config, lr } = options;
  let size = config.microBatchSize > 0 ? config.microBatchSize : examples.length;
  const parallel = threads?.size ?? 1;
  if (Math.ceil(examples.length / size) < parallel) size = Math.max(1, Math.ceil(examples.length / parallel));
  const groups: RankingExample[][] = [];
  for (let i = 0; i < examples.length; i += size) groups.push(examples.slice(i, i + size));
  const rankings = examples.length;
  const sequences = examples.reduce((sum, e) => sum + e.sequences.length, 0);
  const parts: RewardPart[] = groups.map((group) => {
    const share = group.length / rankings;
    const partSequences = group.reduce((sum, e) => sum + e.sequences.length, 0);
    return {
      kind: "reward",
      weight: share,
      examples: group,
      padId,
      maxLength: config.maxLength,
      loss: config.loss,
      centring: (config.centring * (partSequences / sequences)) / share,
    };
  });
  const { loss, gradNorm, outputs } = await parallelStep({ optimizer, models: { reward: model }, parts, threads, lr });
  // Accuracy over the whole batch, as one pass would measure it: the parts' rewards concatenated, row indices offset.
  const rewards = new Float32Array(sequences);
  const allRankings: number[][] = [];
  const allRanks: (number[] | null)[] = [];
  let offset = 0;
  for (const output of outputs) {
    const partRewards = output.rewards ?? new Float32Array(0);
    rewards.set(partRewards, offset);
    for (const ranking of output.rankings ?? []) allRankings.push(ranking.map((row) => row + offset));
    allRanks.push(...(output.ranks ?? (output.rankings ?? []).map(() => null)));
    offset += partRewards.length;
  }
  return { loss, gradNorm, accuracy: pairwiseAccuracy({ rewards, rankings: allRankings, ranks: allRanks }) };
}

export async function trainRewardModel(options: RewardTrainOptions): Promise<RewardTrainResult> {
  const { model, examples, padId, onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const config: RewardTrainConfig = { ...DEFAULT_REWARD_TRAIN_CONFIG, ...options.resume?.config, ...options.config };
  if (config.maxLength > model.config.blockSize) throw new Error("trainRewardModel: maxLength exceeds the model's blockSize");
  if (!Number.isInteger(config.microBatchSize) || config.microBatchSize < 0) {
    throw new Error(`trainRewardModel: microBatchSize must be a whole number ≥ 0, got ${config.microBatchSize}`);
  }
  const { train, val } = splitByPrompt({ examples, valFraction: config.valFraction, seed: config.seed });
  if (train.length === 0) throw new Error("trainRewardModel: no training rankings");
  const optimizer = new AdamW({
    params: model.variables(),
    config: { lr: config.lr, weightDecay: config.weightDecay, gradClip: config.gradClip },
  });
  const rng = new Rng(config.seed + 1);
  let step = 0;
  let bestMetric: number | null = null;
  if (options.resume) {
    model.loadWeights(options.resume.weights);
    optimizer.loadState(options.resume.optimizer);
    rng.setState(options.resume.rngState);
    step = options.resume.step;
    bestMetric = options.resume.bestMetric;
  }
  const snapshot = async (): Promise<TrainerState<RewardTrainConfig>> => ({
    step,
    bestMetric,
    config,
    weights: await model.exportWeights(),
    optimizer: await optimizer.exportState(),
    rngState: rng.getState(),
  });
  const evaluate = async (): Promise<RewardEval | null> => (val.length > 0 ? evaluateRewardModel({ model, examples: val, padId, config }) : null);
  const losses: number[] = [];
  let finalEval: RewardEval | null = null;
  let stopped = false;
  let threads: TrainThreads | null = null;
  try {
    const spec = replicaSpecFor({ reward: model });
    threads = spec ? await TrainThreads.start({ threads: options.threads ?? 1, spec }) : null;
    while (step < config.steps) {
      if (stopRequested(options)) {
        stopped = true;
        break;
      }
      // Draw `batchSize` distinct training rankings from the seeded RNG (its state is checkpointed).
      const picked = new Set<number>();
      while (picked.size < Math.min(config.batchSize, train.length)) picked.add(rng.int(train.length));
      const lr = cosineLr({ step, lr: config.lr, minLr: config.minLr, warmupSteps: config.warmupSteps, totalSteps: config.steps });
      const { loss, gradNorm, accuracy } = await trainStep({
        model,
        optimizer,
        threads,
        examples: [...picked].map((i) => train[i] as RankingExample),
        padId,
        config,
        lr,
      });
      step += 1;
      losses.push(loss);
      const metrics: RewardMetrics = { step, loss, accuracy, lr, gradNorm };
      if ((config.evalEvery > 0 && step % config.evalEvery === 0) || step === config.steps) {
        const ev = await evaluate();
        if (ev) {
          metrics.eval = ev;
          finalEval = ev;
          if (bestMetric === null || ev.loss < bestMetric) bestMetric = ev.loss;
        }
      }
      onMetrics?.(metrics);
      if (onCheckpoint && checkpointEvery > 0 && step % checkpointEvery === 0 && step < config.steps) {
        await onCheckpoint(await snapshot(), null);
      }
      await yieldToEventLoop();
    }
    // A stopped run skips scoring every training ranking: a cancel or a shutdown is honoured at once, and the
    // checkpoint written below (for a resume after a shutdown) does not need the statistics.
    const normalisation = stopped
      ? null
      : normalisationOf((await scoreExamples({ model, examples: train, padId, maxLength: config.maxLength, chunk: config.evalBatchSize })).rewards);
    const state = await snapshot();
    if (onCheckpoint) await onCheckpoint(state, normalisation);
    return { steps: step, stopped, losses, finalEval, normalisation, state };
  } finally {
    optimizer.dispose();
    await threads?.close();
  }
}
