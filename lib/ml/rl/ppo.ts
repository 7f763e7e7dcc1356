// RLHF with PPO (Schulman et al. 2017; Ziegler et al. 2019; Ouyang et al. 2022), following TRL's PPOTrainer and
// "The N Implementation Details of RLHF with PPO" (Huang et al. 2024): rollout at temperature T → score → per-token
// KL penalty vs the frozen reference → GAE (γ=1, λ=0.95) → whitened advantages → clipped policy + value losses.
import * as tf from "@tensorflow/tfjs";
import { readAndDispose } from "../ops/read-tensor";
import { type PpoPart, TrainThreads, groupParts, parallelStep, replicaSpecFor } from "../parallel";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { type StopControl, type TrainerState, stopRequested, yieldToEventLoop } from "../train/state";
import { batchGae, whiten } from "./advantages";
import { KlController } from "./kl-controller";
import { type PpoConfig, type PpoConfigOverrides, makePpoConfig } from "./ppo-config";
import { type RolloutSampler, generateResponses } from "./rollout";
import { type RolloutStats, scoreRollout } from "./rollout-scores";
import { tokenRewards } from "./scores";
import { type SequenceBatch, buildSequenceBatch, maskedMean, selectRows, tokenLogProbs } from "./sequence";
import type { NamedWeight, PolicyModel, ReferenceModel, RewardFunction } from "./types";
import type { ValueModel } from "./value-model";

/** Everything needed to resume a PPO run exactly: TrainerState (policy weights, optimizer, step, RNG) + value + β. */
export interface PpoState extends TrainerState<PpoConfig> {
  /** Value model weights (names of ValueModel.exportWeights). */
  valueWeights: Map<string, NamedWeight>;
  /** Current KL coefficient β (changes in adaptive mode). */
  klCoef: number;
}

/**
 * One step's statistics: the rollout's (RolloutStats: raw and normalised reward-model score, the score used, the share
 * of responses the reward model shaped, EOS rate, length, distinct-1/2, newline and repetition rates) and the update's.
 */
export interface PpoMetrics extends RolloutStats {
  step: number;
  /** Mean per-response KL to the reference, Σ_t (log π − log π_ref), in nats. */
  kl: number;
  /** Mean KL penalty per response, −β·kl. */
  nonScoreReward: number;
  /** Mean per-token entropy of the tempered policy on the sampled responses, in nats. */
  entropy: number;
  /** Means over the minibatch updates of this step. */
  policyLoss: number;
  valueLoss: number;
  clipFrac: number;
  valueClipFrac: number;
  approxKl: number;
  gradNorm: number;
  /** β used for this step's rewards. */
  beta: number;
  lr: number;
}

export interface PpoTrainerOptions {
  /** The policy being trained (no dropout; `Gpt` fits). */
  policy: PolicyModel;
  /** A frozen copy of the initial policy (e.g. Gpt.fromWeights with the same checkpoint). Never updated. */
  reference: ReferenceModel;
  /** Value function (SharedValueHead on the policy's hidden states, or a SeparateValueModel). */
  valueModel: ValueModel;
  /** Raw score per (prompt, response). */
  reward: RewardFunction;
  /** Tokenised prompts; each rollout draws `batchSize` of them with the trainer's RNG. */
  prompts: readonly (readonly number[])[];
  eosId: number;
  padId: number;
  /** Overrides of DEFAULT_PPO_CONFIG (on a resume: of the saved config). */
  config?: PpoConfigOverrides;
  /** Continue a saved run (weights, optimizer, step, RNG, β). */
  resume?: PpoState;
  /** Rollout sampler (default: generateResponses, temperature sampling with the KV cache). */
  sampler?: RolloutSampler;
  /** Training threads that share each minibatch update (lib/ml/parallel; the caller starts and closes them). */
  trainThreads?: TrainThreads | null;
  /** Token ids whose text contains a newline (for the newlineRate metric). */
  newlineIds?: ReadonlySet<number>;
}

/** Per-position rollout data, [B·S] each, laid out as the rollout's SequenceBatch. */
interface RolloutArrays {
  logProbs: Float32Array;
  values: Float32Array;
  advantages: Float32Array;
  returns: Float32Array;
}

function takeRows(options: { data: Float32Array; seqLen: number; rows: readonly number[]; newSeqLen: number }): Float32Array {
  const { data, seqLen, rows, newSeqLen } = options;
  const out = new Float32Array(rows.length * newSeqLen);
  rows.forEach((r, i) => out.set(data.subarray(r * seqLen, r * seqLen + newSeqLen), i * newSeqLen));
  return out;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** PPO trainer: one `step()` = one rollout batch + its PPO epochs. Dispose it to free the optimizer's moments. */
export class PpoTrainer {
  readonly config: PpoConfig;
  private readonly options: PpoTrainerOptions;
  private readonly optimizer: AdamW;
  private readonly rng: Rng;
  private readonly kl: KlController;
  private stepCount = 0;
  private best: number | null = null;

  constructor(options: PpoTrainerOptions) {
    this.options = options;
    this.config = makePpoConfig(options.resume?.config, options.config);
    if (options.prompts.length === 0) throw new Error("PpoTrainer: no prompts");
    const params = new Map<string, tf.Variable>();
    for (const [name, v] of options.policy.variables()) params.set(`policy/${name}`, v);
    for (const [name, v] of options.valueModel.variables()) params.set(`value/${name}`, v);
    const c = this.config;
    this.optimizer = new AdamW({
      params,
      config: { lr: c.lr, beta1: c.beta1, beta2: c.beta2, eps: c.adamEps, weightDecay: c.weightDecay, gradClip: c.gradClip },
    });
    this.rng = new Rng(c.seed);
    this.kl = new KlController({ config: c.kl, coef: options.resume?.klCoef });
    const resume = options.resume;
    if (resume) {
      options.policy.loadWeights(resume.weights);
      options.valueModel.loadWeights(resume.valueWeights);
      this.optimizer.loadState(resume.optimizer);
      this.rng.setState(resume.rngState);
      this.stepCount = resume.step;
      this.best = resume.bestMetric;
    }
  }

  /** Steps completed (including those before a resume). */
  get stepsDone(): number {
    return this.stepCount;
  }

  get klCoef(): number {
    return this.kl.value;
  }

  /** Snapshot for checkpoints (plain arrays; holds no tensors). bestMetric = best mean raw reward so far. */
  async state(): Promise<PpoState> {
    return {
      step: this.stepCount,
      bestMetric: this.best,
      config: this.config,
      weights: await this.options.policy.exportWeights(),
      optimizer: await this.optimizer.exportState(),
      rngState: this.rng.getState(),
      valueWeights: await this.options.valueModel.exportWeights(),
      klCoef: this.kl.value,
    };
  }

  private drawPrompts(): number[][] {
    const n = this.options.prompts.length;
    const picked: number[] = [];
    while (picked.length < this.config.batchSize) {
      const order = this.rng.shuffle(Array.from({ length: n }, (_, i) => i));
      picked.push(...order.slice(0, this.config.batchSize - picked.length));
    }
    return picked.map((i) => [...(this.options.prompts[i] as readonly number[])]);
  }

  /** No-gradient pass over the rollout: old log-probs, values, entropy (policy) and reference log-probs. */
  private async scoreRollout(batch: SequenceBatch): Promise<{ logProbs: Float32Array; values: Float32Array; refLogProbs: Float32Array; entropy: number }> {
    const { policy, reference, valueModel } = this.options;
    const t = this.config.temperature;
    const kept = tf.tidy(() => {
      const mask = tf.tensor2d(batch.mask, [batch.batch, batch.seqLen]); // [B, S]
      const ids = tf.tensor2d(batch.inputs, [batch.batch, batch.seqLen], "int32"); // [B, S]
      const pol = tokenLogProbs({ model: policy, batch, temperature: t, withEntropy: true });
      const values = tf.mul(valueModel.values({ ids, policyHidden: pol.hidden }), mask); // [B, S]
      const ref = tokenLogProbs({ model: reference, batch, temperature: t });
      return { logProbs: pol.logProbs, values, refLogProbs: ref.logProbs, entropy: maskedMean(pol.entropy as tf.Tensor, mask) };
    });
    try {
      return {
        logProbs: await readAndDispose(kept.logProbs),
        values: await readAndDispose(kept.values),
        refLogProbs: await readAndDispose(kept.refLogProbs),
        entropy: (await readAndDispose(kept.entropy))[0] as number,
      };
    } finally {
      tf.dispose([kept.logProbs, kept.values, kept.refLogProbs, kept.entropy]); // only those a failed read left
    }
  }

  /**
   * One minibatch gradient step; returns its loss terms. With training threads the minibatch's rows are cut into one
   * part per thread, each weighted by its share of the response tokens: the losses are means over tokens, so the
   * weighted sum of the parts' losses (and of their statistics) is the minibatch's.
   */
  private async update(options: { batch: SequenceBatch; arrays: RolloutArrays; rows: number[]; lr: number }) {
    const { batch, arrays, rows, lr } = options;
    const c = this.config;
    const threads = this.options.trainThreads ?? null;
    const tokens = (subset: readonly number[]) =>
      subset.reduce((sum, r) => sum + (batch.mask.subarray(r * batch.seqLen, (r + 1) * batch.seqLen).reduce((a, m) => a + m, 0)), 0);
    const total = tokens(rows);
    const groups = threads ? groupParts(rows, threads.size) : [rows];
    const parts: PpoPart[] = groups.map((group) => {
      const mb = selectRows({ batch, rows: group });
      const pick = (data: Float32Array) => takeRows({ data, seqLen: batch.seqLen, rows: group, newSeqLen: mb.seqLen });
      return {
        kind: "ppo",
        weight: groups.length === 1 ? 1 : total > 0 ? tokens(group) / total : group.length / rows.length,
        batch: mb,
        oldLogProbs: pick(arrays.logProbs),
        oldValues: pick(arrays.values),
        advantages: pick(arrays.advantages),
        returns: pick(arrays.returns),
        temperature: c.temperature,
        clipRange: c.clipRange,
        clipRangeValue: c.clipRangeValue,
        vfCoef: c.vfCoef,
      };
    });
    const models = { policy: this.options.policy, value: this.options.valueModel };
    const { gradNorm, outputs } = await parallelStep({ optimizer: this.optimizer, models, parts, threads, lr });
    const stats = { policyLoss: 0, valueLoss: 0, clipFrac: 0, valueClipFrac: 0, approxKl: 0 };
    outputs.forEach((output, i) => {
      const weight = (parts[i] as PpoPart).weight;
      for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] += (output.stats[key] ?? 0) * weight;
    });
    return { ...stats, gradNorm };
  }

  /** Sample a rollout batch, score it, and run the PPO epochs on it. */
  async step(): Promise<PpoMetrics> {
    const c = this.config;
    const { reward, eosId, padId } = this.options;
    const beta = this.kl.value;
    const lr = c.lrSchedule === "linear" ? c.lr * Math.max(0, 1 - this.stepCount / c.steps) : c.lr;
    const sampler = this.options.sampler ?? generateResponses;
    const gen = await sampler({
      policy: this.options.policy,
      prompts: this.drawPrompts(),
      maxNewTokens: c.maxNewTokens,
      temperature: c.temperature,
      eosId,
      rng: this.rng,
    });
    const rollout = await scoreRollout({
      gen,
      reward,
      rewardStats: c.rewardStats,
      truncated: c.truncated,
      truncatedPenalty: c.truncatedPenalty,
      eosId,
      newlineIds: this.options.newlineIds,
    });
    const { raw, scores } = rollout;
    const batch = buildSequenceBatch({ prompts: gen.prompts, responses: gen.responses, padId });
    const scored = await this.scoreRollout(batch);
    const { rewards, klPerRow } = tokenRewards({ batch, logProbs: scored.logProbs, refLogProbs: scored.refLogProbs, scores, klCoef: beta });
    const gae = batchGae({ batch, rewards, values: scored.values, gamma: c.gamma, lambda: c.lambda });
    const arrays: RolloutArrays = {
      logProbs: scored.logProbs,
      values: scored.values,
      advantages: c.whitenAdvantages ? whiten({ values: gae.advantages, mask: batch.mask }) : gae.advantages,
      returns: gae.returns,
    };
    const updates: Awaited<ReturnType<PpoTrainer["update"]>>[] = [];
    for (let epoch = 0; epoch < c.ppoEpochs; epoch++) {
      const order = this.rng.shuffle(Array.from({ length: batch.batch }, (_, i) => i));
      for (let from = 0; from < order.length; from += c.miniBatchSize) {
        updates.push(await this.update({ batch, arrays, rows: order.slice(from, from + c.miniBatchSize), lr }));
      }
    }
    const notFinite = updates.find((u) => !Number.isFinite(u.policyLoss) || !Number.isFinite(u.valueLoss) || !Number.isFinite(u.gradNorm));
    if (notFinite) throw new Error(`PPO diverged at step ${this.stepCount + 1}: non-finite loss or gradient (lower lr?)`);
    const kl = mean(klPerRow);
    this.kl.update({ currentKl: kl, samples: c.batchSize });
    this.stepCount += 1;
    const rewardRaw = mean(raw);
    if (this.best === null || rewardRaw > this.best) this.best = rewardRaw;
    const avg = (key: keyof Awaited<ReturnType<PpoTrainer["update"]>>) => mean(updates.map((u) => u[key]));
    return {
      ...rollout.stats,
      step: this.stepCount,
      kl,
      nonScoreReward: -beta * kl,
      entropy: scored.entropy,
      policyLoss: avg("policyLoss"),
      valueLoss: avg("valueLoss"),
      clipFrac: avg("clipFrac"),
      valueClipFrac: avg("valueClipFrac"),
      approxKl: avg("approxKl"),
      gradNorm: avg("gradNorm"),
      beta,
      lr,
    };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export interface TrainPpoOptions extends PpoTrainerOptions, StopControl {
  /**
   * Threads that share each minibatch update (data parallelism over worker_threads, lib/ml/parallel); default 1.
   * Same result up to float summation order. Started and closed by trainPpo (ignored when `trainThreads` is given).
   */
  threads?: number;
  onMetrics?: (metrics: PpoMetrics) => void;
  /** Save every this many steps and at the end (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: PpoState) => void | Promise<void>;
}

export interface TrainPpoResult {
  /** Steps completed in total (including those before a resume). */
  steps: number;
  stopped: boolean;
  /** Metrics of the last step run (null if none ran). */
  lastMetrics: PpoMetrics | null;
  state: PpoState;
}

/** Run PPO until `config.steps` (or cancellation); checkpoints through `onCheckpoint`; never leaks tensors. */
export async function trainPpo(options: TrainPpoOptions): Promise<TrainPpoResult> {
  const { onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const spec = replicaSpecFor({ policy: options.policy, value: options.valueModel });
  const owned = !options.trainThreads && spec ? await TrainThreads.start({ threads: options.threads ?? 1, spec }) : null;
  let trainer: PpoTrainer;
  try {
    trainer = new PpoTrainer({ ...options, trainThreads: options.trainThreads ?? owned });
  } catch (err) {
    await owned?.close();
    throw err;
  }
  let lastMetrics: PpoMetrics | null = null;
  let stopped = false;
  try {
    while (trainer.stepsDone < trainer.config.steps) {
      if (stopRequested(options)) {
        stopped = true;
        break;
      }
      lastMetrics = await trainer.step();
      onMetrics?.(lastMetrics);
      if (onCheckpoint && checkpointEvery > 0 && trainer.stepsDone % checkpointEvery === 0 && trainer.stepsDone < trainer.config.steps) {
        await onCheckpoint(await trainer.state());
      }
      await yieldToEventLoop();
    }
    const state = await trainer.state();
    if (onCheckpoint) await onCheckpoint(state);
    return { steps: trainer.stepsDone, stopped, lastMetrics, state };
  } finally {
    trainer.dispose();
    await owned?.close();
  }
}
