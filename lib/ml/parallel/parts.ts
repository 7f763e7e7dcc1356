// One part of a training step's batch as plain data, and its loss. The same code builds the loss on the main thread
// and in a training thread (./thread.ts), so a step split across threads computes what one thread would: each part's
// loss is the trainer's loss on those rows, and the part's weight (its share of the batch) makes Σ weight·loss the
// batch loss — gradient accumulation over micro-batches (AdamW.minimizeAccumulated) spread over replicas.
import * as tf from "@tensorflow/tfjs";
import type { Gpt } from "../model/gpt";
import { readAndDispose } from "../ops/read-tensor";
import { lmLoss } from "../pretrain/lm-loss";
import { makeRewardBatch, type RankingExample } from "../reward/data";
import { type RankingLossKind, rankingLoss } from "../reward/losses";
import type { RewardModel } from "../reward/reward-model";
import { dpoLoss } from "../rl/dpo-loss";
import { pairLogProbs } from "../rl/pair-log-probs";
import type { PreferencePair } from "../rl/preference-pairs";
import { clippedValueLoss, ppoPolicyLoss } from "../rl/ppo-loss";
import { type SequenceBatch, tokenLogProbs } from "../rl/sequence";
import { sftLoss } from "../sft/sft-loss";
import type { PolicyModel } from "../rl/types";
import type { ValueModel } from "../rl/value-model";
import type { LossPart } from "../train/adamw";

/** Next-token loss on rows of token ids (pretraining; the benchmarks). */
export interface LmPart {
  kind: "lm";
  weight: number;
  /** [rows·cols] int32. */
  inputs: Int32Array;
  /** [rows·cols] int32. */
  targets: Int32Array;
  rows: number;
  cols: number;
}

/** Ranking loss of a reward model on some of a step's rankings (lib/ml/reward/train-reward.ts). */
export interface RewardPart {
  kind: "reward";
  weight: number;
  examples: RankingExample[];
  padId: number;
  maxLength: number;
  loss: RankingLossKind;
  /** This part's centring coefficient (already corrected for its share of sequences). */
  centring: number;
}

/** DPO loss on some of a step's preference pairs, with the reference log-probs already computed (lib/ml/rl/dpo.ts). */
export interface DpoPart {
  kind: "dpo";
  weight: number;
  pairs: PreferencePair[];
  refChosen: Float32Array;
  refRejected: Float32Array;
  beta: number;
  labelSmoothing: number;
  rpoAlpha: number;
}

/** Clipped PPO policy + value loss on some rows of a minibatch (lib/ml/rl/ppo.ts); arrays are [batch·seqLen]. */
export interface PpoPart {
  kind: "ppo";
  weight: number;
  batch: SequenceBatch;
  oldLogProbs: Float32Array;
  oldValues: Float32Array;
  advantages: Float32Array;
  returns: Float32Array;
  temperature: number;
  clipRange: number;
  clipRangeValue: number;
  vfCoef: number;
}

/** SFT loss on some of a step's examples (lib/ml/sft/sft.ts); weight = their share of the batch's response tokens. */
export interface SftPart {
  kind: "sft";
  weight: number;
  batch: SequenceBatch;
}

export type TrainPart = LmPart | RewardPart | DpoPart | PpoPart | SftPart;

/** What a part reports besides its gradients: scalar statistics, and a reward model's rewards with their rankings. */
export interface PartOutput {
  stats: Record<string, number>;
  rewards?: Float32Array;
  rankings?: number[][];
  /** Per ranking: its ranks when some tie, else null. */
  ranks?: (number[] | null)[];
}

/** The models a part's loss reads; which are needed depends on the part's kind. */
export interface TrainModels {
  lm?: Gpt;
  reward?: RewardModel;
  policy?: PolicyModel;
  value?: ValueModel;
}

/**
 * A part's loss for AdamW (`part`), what it reports (`output`, filled by `collect` once the gradients are taken), and
 * the tensors to free after the step. The loss keeps the tensors it reports past the gradient scope, and `collect`
 * reads them asynchronously (webgpu cannot read inside the loss), so call it after AdamW.accumulate.
 */
export interface BuiltPart {
  part: LossPart;
  output: PartOutput;
  collect: () => Promise<void>;
  dispose: () => void;
}

/** One tensor a loss keeps (past its tidy) for reading once the gradients are taken; a second run replaces it. */
class Kept {
  private tensor: tf.Tensor | null = null;

  set(tensor: tf.Tensor): void {
    this.tensor?.dispose();
    this.tensor = tf.keep(tensor);
  }

  /** The kept values (read asynchronously, then disposed); empty when the loss never ran. */
  async read(): Promise<Float32Array> {
    const tensor = this.tensor;
    this.tensor = null;
    return tensor ? readAndDispose(tensor) : new Float32Array(0);
  }

  dispose(): void {
    this.tensor?.dispose();
    this.tensor = null;
  }
}

function need<T>(model: T | undefined, what: string, kind: string): T {
  if (!model) throw new Error(`training part "${kind}" needs a ${what} model`);
  return model;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return xs.length ? s / xs.length : 0;
}

function lmBuilt(models: TrainModels, part: LmPart): BuiltPart {
  const model = need(models.lm, "language", part.kind);
  const inputs = tf.tensor2d(part.inputs, [part.rows, part.cols], "int32"); // [B, T]
  const output: PartOutput = { stats: {} };
  return {
    part: { weight: part.weight, lossFn: () => lmLoss({ model, batch: { inputs, targets: part.targets } }) },
    output,
    collect: async () => {},
    dispose: () => inputs.dispose(),
  };
}

function rewardBuilt(models: TrainModels, part: RewardPart): BuiltPart {
  const model = need(models.reward, "reward", part.kind);
  const batch = makeRewardBatch({ examples: part.examples, padId: part.padId, maxLength: part.maxLength });
  const output: PartOutput = { stats: {}, rankings: batch.rankings, ranks: batch.ranks };
  const rewards = new Kept();
  return {
    part: {
      weight: part.weight,
      lossFn: () => {
        const r = model.forward({ ids: batch.ids, lengths: batch.lengths }); // [N_j]
        rewards.set(r);
        return rankingLoss({ rewards: r, rankings: batch.rankings, ranks: batch.ranks, kind: part.loss, centring: part.centring });
      },
    },
    output,
    collect: async () => {
      output.rewards = await rewards.read();
    },
    dispose: () => {
      batch.ids.dispose();
      rewards.dispose();
    },
  };
}

/**
 * The DPO batch loss, and its metrics as one tensor `report` for dpoPartStats: [loss, chosenNll, chosenRewards (B),
 * rejectedRewards (B), chosen Σ log π (B), rejected Σ log π (B)]. Call inside a tidy or gradient scope.
 */
export function dpoPartLoss(options: { policy: PolicyModel; part: Omit<DpoPart, "kind" | "weight"> }): { loss: tf.Scalar; report: tf.Tensor } {
  const { policy, part } = options;
  const lp = pairLogProbs({ model: policy, pairs: part.pairs });
  const out = dpoLoss({
    policyChosen: lp.chosen,
    policyRejected: lp.rejected,
    refChosen: tf.tensor1d(part.refChosen), // [B]
    refRejected: tf.tensor1d(part.refRejected), // [B]
    beta: part.beta,
    labelSmoothing: part.labelSmoothing,
  });
  let loss = tf.mean(out.losses) as tf.Scalar;
  if (part.rpoAlpha > 0) loss = tf.add(loss, tf.mul(lp.chosenNll, part.rpoAlpha)) as tf.Scalar;
  const report = tf.concat([tf.reshape(loss, [1]), tf.reshape(lp.chosenNll, [1]), out.chosenRewards, out.rejectedRewards, lp.chosen, lp.rejected]);
  return { loss, report };
}

/** The metrics (the names of DpoBatchMetrics) from the values of dpoPartLoss's `report` for `pairs` pairs. */
export function dpoPartStats(report: Float32Array, pairs: number): Record<string, number> {
  const at = (k: number) => report.subarray(2 + k * pairs, 2 + (k + 1) * pairs);
  const chosenR = at(0);
  const rejectedR = at(1);
  const margins = Array.from(chosenR, (x, i) => x - (rejectedR[i] as number));
  return {
    loss: report[0] as number,
    rewardMargin: mean(margins),
    rewardAccuracy: mean(margins.map((m) => (m > 0 ? 1 : 0))),
    chosenReward: mean(chosenR),
    rejectedReward: mean(rejectedR),
    chosenLogProb: mean(at(2)),
    rejectedLogProb: mean(at(3)),
    chosenNll: report[1] as number,
  };
}

function dpoBuilt(models: TrainModels, part: DpoPart): BuiltPart {
  const policy = need(models.policy, "policy", part.kind);
  const output: PartOutput = { stats: {} };
  const report = new Kept();
  return {
    part: {
      weight: part.weight,
      lossFn: () => {
        const out = dpoPartLoss({ policy, part });
        report.set(out.report);
        return out.loss;
      },
    },
    output,
    collect: async () => {
      output.stats = dpoPartStats(await report.read(), part.pairs.length);
    },
    dispose: () => report.dispose(),
  };
}

function ppoBuilt(models: TrainModels, part: PpoPart): BuiltPart {
  const policy = need(models.policy, "policy", part.kind);
  const value = need(models.value, "value", part.kind);
  const mb = part.batch;
  const shape: [number, number] = [mb.batch, mb.seqLen];
  const mask = tf.tensor2d(mb.mask, shape); // [b, S']
  const ids = tf.tensor2d(mb.inputs, shape, "int32"); // [b, S']
  const oldLogProbs = tf.tensor2d(part.oldLogProbs, shape); // [b, S']
  const oldValues = tf.tensor2d(part.oldValues, shape); // [b, S']
  const advantages = tf.tensor2d(part.advantages, shape); // [b, S']
  const returns = tf.tensor2d(part.returns, shape); // [b, S']
  const output: PartOutput = { stats: {} };
  const report = new Kept();
  return {
    part: {
      weight: part.weight,
      lossFn: () => {
        const pol = tokenLogProbs({ model: policy, batch: mb, temperature: part.temperature });
        const values = value.values({ ids, policyHidden: pol.hidden }); // [b, S']
        const pg = ppoPolicyLoss({ logProbs: pol.logProbs, oldLogProbs, advantages, mask, clipRange: part.clipRange });
        const vf = clippedValueLoss({ values, oldValues, returns, mask, clipRange: part.clipRangeValue });
        report.set(tf.stack([pg.loss, vf.loss, pg.clipFrac, vf.clipFrac, pg.approxKl])); // [5]
        return tf.add(pg.loss, tf.mul(vf.loss, part.vfCoef)) as tf.Scalar;
      },
    },
    output,
    collect: async () => {
      const r = await report.read();
      output.stats = { policyLoss: r[0] as number, valueLoss: r[1] as number, clipFrac: r[2] as number, valueClipFrac: r[3] as number, approxKl: r[4] as number };
    },
    dispose: () => {
      tf.dispose([mask, ids, oldLogProbs, oldValues, advantages, returns]);
      report.dispose();
    },
  };
}

function sftBuilt(models: TrainModels, part: SftPart): BuiltPart {
  const policy = need(models.policy, "policy", part.kind);
  const output: PartOutput = { stats: {} };
  const loss = new Kept();
  return {
    part: {
      weight: part.weight,
      lossFn: () => {
        const l = sftLoss({ model: policy, batch: part.batch });
        loss.set(tf.clone(l)); // the step reads and frees the loss it returns; the report keeps its own handle
        return l;
      },
    },
    output,
    collect: async () => {
      output.stats = { loss: (await loss.read())[0] ?? Number.NaN };
    },
    dispose: () => loss.dispose(),
  };
}

/** The loss of `part` on `models`, ready for AdamW.accumulate / minimizeAccumulated. Dispose it after the step. */
export function buildPart(options: { models: TrainModels; part: TrainPart }): BuiltPart {
  const { models, part } = options;
  switch (part.kind) {
    case "lm":
      return lmBuilt(models, part);
    case "reward":
      return rewardBuilt(models, part);
    case "dpo":
      return dpoBuilt(models, part);
    case "ppo":
      return ppoBuilt(models, part);
    case "sft":
      return sftBuilt(models, part);
  }
}
