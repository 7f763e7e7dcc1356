// RLHF with REINFORCE leave-one-out (Kool et al. 2019; Ahmadian et al. 2024), following TRL's RLOOTrainer: k responses
// per prompt at temperature T → score (shared with PPO: ./rollout-scores) → reward = score − β·KL(π‖π_ref) summed over
// the response → advantage = reward − mean reward of the other k − 1 responses to the prompt → policy gradient on the
// sequence log-probability, with TRL's clipped sequence ratio when a batch is reused. No value model.
import * as tf from "@tensorflow/tfjs";
import { readAndDispose } from "../ops/read-tensor";
import { Rng } from "../sampling/rng";
import { AdamW } from "../train/adamw";
import { type StopControl, type TrainerState, stopRequested, yieldToEventLoop } from "../train/state";
import { rlooAdvantages, whiten } from "./advantages";
import { KlController } from "./kl-controller";
import { type RlooConfig, type RlooConfigOverrides, makeRlooConfig } from "./rloo-config";
import { type RolloutSampler, generateResponses } from "./rollout";
import { type RolloutStats, scoreRollout } from "./rollout-scores";
import { sequenceKl } from "./scores";
import { type SequenceBatch, buildSequenceBatch, maskedMean, selectRows, tokenLogProbs } from "./sequence";
import type { PolicyModel, ReferenceModel, RewardFunction } from "./types";

/** Everything needed to resume an RLOO run exactly: TrainerState (policy weights, optimizer, step, RNG) + β. */
export interface RlooState extends TrainerState<RlooConfig> {
  klCoef: number;
}

export interface RlooMetrics extends RolloutStats {
  step: number;
  /** Mean per-response KL to the reference, Σ_t (log π − log π_ref), in nats. */
  kl: number;
  /** Mean KL penalty per response, −β·kl. */
  nonScoreReward: number;
  /** Mean RLHF reward, score − β·kl. */
  rlhfReward: number;
  /** Mean |advantage| (the baseline's residual spread; 0 means no signal). */
  advantageAbs: number;
  /** Mean per-token entropy of the tempered policy on the sampled responses, in nats. */
  entropy: number;
  /** Means over the gradient steps of this iteration. */
  policyLoss: number;
  clipFrac: number;
  approxKl: number;
  gradNorm: number;
  beta: number;
  lr: number;
}

export interface RlooTrainerOptions {
  policy: PolicyModel;
  /** A frozen copy of the initial policy. */
  reference: ReferenceModel;
  reward: RewardFunction;
  prompts: readonly (readonly number[])[];
  eosId: number;
  padId: number;
  config?: RlooConfigOverrides;
  resume?: RlooState;
  sampler?: RolloutSampler;
  /** Token ids whose text contains a newline (for the newlineRate metric). */
  newlineIds?: ReadonlySet<number>;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function rowSums(data: Float32Array, batch: Pick<SequenceBatch, "batch" | "seqLen" | "mask">): number[] {
  const out: number[] = [];
  for (let i = 0; i < batch.batch; i++) {
    let sum = 0;
    for (let t = 0; t < batch.seqLen; t++) {
      const j = i * batch.seqLen + t;
      if (batch.mask[j] !== 0) sum += data[j] as number;
    }
    out.push(sum);
  }
  return out;
}

/** RLOO trainer: one `step()` = one rollout batch of k responses per prompt + its update(s). Dispose it after use. */
export class RlooTrainer {
  readonly config: RlooConfig;
  private readonly options: RlooTrainerOptions;
  private readonly optimizer: AdamW;
  private readonly rng: Rng;
  private readonly kl: KlController;
  private stepCount = 0;
  private best: number | null = null;

  constructor(options: RlooTrainerOptions) {
    this.options = options;
    this.config = makeRlooConfig(options.resume?.config, options.config);
    if (options.prompts.length === 0) throw new Error("RlooTrainer: no prompts");
    const params = new Map<string, tf.Variable>();
    for (const [name, v] of options.policy.variables()) params.set(`policy/${name}`, v);
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
      this.optimizer.loadState(resume.optimizer);
      this.rng.setState(resume.rngState);
      this.stepCount = resume.step;
      this.best = resume.bestMetric;
    }
  }

  get stepsDone(): number {
    return this.stepCount;
  }

  get klCoef(): number {
    return this.kl.value;
  }

  /** Snapshot for checkpoints (plain arrays). bestMetric = best mean raw reward so far. */
  async state(): Promise<RlooState> {
    return {
      step: this.stepCount,
      bestMetric: this.best,
      config: this.config,
      weights: await this.options.policy.exportWeights(),
      optimizer: await this.optimizer.exportState(),
      rngState: this.rng.getState(),
      klCoef: this.kl.value,
    };
  }

  /** `promptsPerStep` prompts, each repeated k times (rows g·k … g·k + k − 1 share prompt g). */
  private drawPrompts(): number[][] {
    const { promptsPerStep, k } = this.config;
    const n = this.options.prompts.length;
    const picked: number[] = [];
    while (picked.length < promptsPerStep) {
      const order = this.rng.shuffle(Array.from({ length: n }, (_, i) => i));
      picked.push(...order.slice(0, promptsPerStep - picked.length));
    }
    return picked.flatMap((i) => Array.from({ length: k }, () => [...(this.options.prompts[i] as readonly number[])]));
  }

  /** No-gradient pass: per-token log-probs of the policy and the reference, and the policy's mean entropy. */
  private async logProbsOf(batch: SequenceBatch): Promise<{ logProbs: Float32Array; refLogProbs: Float32Array; entropy: number }> {
    const t = this.config.temperature;
    const kept = tf.tidy(() => {
      const mask = tf.tensor2d(batch.mask, [batch.batch, batch.seqLen]); // [B, S]
      const pol = tokenLogProbs({ model: this.options.policy, batch, temperature: t, withEntropy: true });
      const ref = tokenLogProbs({ model: this.options.reference, batch, temperature: t });
      return { logProbs: pol.logProbs, refLogProbs: ref.logProbs, entropy: maskedMean(pol.entropy as tf.Tensor, mask) };
    });
    try {
      return {
        logProbs: await readAndDispose(kept.logProbs),
        refLogProbs: await readAndDispose(kept.refLogProbs),
        entropy: (await readAndDispose(kept.entropy))[0] as number,
      };
    } finally {
      tf.dispose([kept.logProbs, kept.refLogProbs, kept.entropy]);
    }
  }

  /** One gradient step on rows `rows`: mean over rows of max(−A·ρ, −A·clip(ρ, 1 ± ε)), ρ = exp(Σ_t log π − Σ_t log π_old). */
  private async update(options: { batch: SequenceBatch; oldSeqLogProbs: number[]; advantages: number[]; rows: number[]; lr: number }) {
    const { batch, oldSeqLogProbs, advantages, rows, lr } = options;
    const c = this.config;
    const mb = selectRows({ batch, rows });
    let stats: tf.Tensor[] = [];
    const result = await this.optimizer.minimize({
      lr,
      lossFn: () => {
        const mask = tf.tensor2d(mb.mask, [mb.batch, mb.seqLen]); // [B, S]
        const { logProbs } = tokenLogProbs({ model: this.options.policy, batch: mb, temperature: c.temperature }); // [B, S]
        const seqNew = tf.sum(tf.mul(logProbs, mask), 1); // [B]
        const seqOld = tf.tensor1d(rows.map((r) => oldSeqLogProbs[r] as number)); // [B]
        const adv = tf.tensor1d(rows.map((r) => advantages[r] as number)); // [B]
        const logRatio = tf.sub(seqNew, seqOld); // [B]
        const ratio = tf.exp(logRatio); // [B]
        const unclipped = tf.neg(tf.mul(adv, ratio)); // [B]
        const clipped = tf.neg(tf.mul(adv, tf.clipByValue(ratio, 1 - c.clipRange, 1 + c.clipRange))); // [B]
        const loss = tf.mean(tf.maximum(unclipped, clipped)) as tf.Scalar;
        stats = [
          tf.keep(tf.mean(tf.cast(tf.greater(clipped, unclipped), "float32"))),
          tf.keep(tf.mul(tf.mean(tf.square(logRatio)), 0.5)),
        ];
        return loss;
      },
    });
    const [clipFrac, approxKl] = await Promise.all(stats.map((s) => readAndDispose(s)));
    return { policyLoss: result.loss, gradNorm: result.gradNorm, clipFrac: clipFrac?.[0] ?? 0, approxKl: approxKl?.[0] ?? 0 };
  }

  async step(): Promise<RlooMetrics> {
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
    const batch = buildSequenceBatch({ prompts: gen.prompts, responses: gen.responses, padId });
    const scored = await this.logProbsOf(batch);
    const klPerRow = sequenceKl({ batch, logProbs: scored.logProbs, refLogProbs: scored.refLogProbs });
    const rlhf = rollout.scores.map((s, i) => s - beta * (klPerRow[i] as number));
    const raw = rlooAdvantages({ rewards: rlhf, k: c.k });
    const advantages = c.whitenAdvantages ? Array.from(whiten({ values: Float32Array.from(raw) })) : raw;
    const oldSeqLogProbs = rowSums(scored.logProbs, batch);
    const updates: Awaited<ReturnType<RlooTrainer["update"]>>[] = [];
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const order = this.rng.shuffle(Array.from({ length: batch.batch }, (_, i) => i));
      for (let from = 0; from < order.length; from += c.miniBatchSize) {
        updates.push(await this.update({ batch, oldSeqLogProbs, advantages, rows: order.slice(from, from + c.miniBatchSize), lr }));
      }
    }
    if (updates.some((u) => !Number.isFinite(u.policyLoss) || !Number.isFinite(u.gradNorm))) {
      throw new Error(`RLOO diverged at step ${this.stepCount + 1}: non-finite loss or gradient (lower lr?)`);
    }
    const kl = mean(klPerRow);
    this.kl.update({ currentKl: kl, samples: batch.batch });
    this.stepCount += 1;
    if (this.best === null || rollout.stats.rewardRaw > this.best) this.best = rollout.stats.rewardRaw;
    const avg = (key: keyof (typeof updates)[number]) => mean(updates.map((u) => u[key]));
    return {
      ...rollout.stats,
      step: this.stepCount,
      kl,
      nonScoreReward: -beta * kl,
      rlhfReward: mean(rlhf),
      advantageAbs: mean(raw.map(Math.abs)),
      entropy: scored.entropy,
      policyLoss: avg("policyLoss"),
      clipFrac: avg("clipFrac"),
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

export interface TrainRlooOptions extends RlooTrainerOptions, StopControl {
  onMetrics?: (metrics: RlooMetrics) => void;
  /** Save every this many steps and at the end (0: only at the end). */
  checkpointEvery?: number;
  onCheckpoint?: (state: RlooState) => void | Promise<void>;
}

export interface TrainRlooResult {
  steps: number;
  stopped: boolean;
  lastMetrics: RlooMetrics | null;
  state: RlooState;
}

/** Run RLOO until `config.steps` (or cancellation); checkpoints through `onCheckpoint`. */
export async function trainRloo(options: TrainRlooOptions): Promise<TrainRlooResult> {
  const { onMetrics, onCheckpoint, checkpointEvery = 0 } = options;
  const trainer = new RlooTrainer(options);
  let lastMetrics: RlooMetrics | null = null;
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
  }
}
