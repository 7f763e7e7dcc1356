// Fixed inputs and losses for the webgpu parity tests, the kernel-coverage check and the GPU benchmark: policy forward
// + LM loss, reward model + ranking loss, PPO/DPO losses on token log-probabilities. The steps themselves are the
// product's (AdamW, lib/ml/sampling's generate), which read asynchronously and so run on webgpu under Node.
import * as tf from "@tensorflow/tfjs";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { lmLoss } from "@/lib/ml/pretrain/lm-loss";
import { rankingLoss } from "@/lib/ml/reward/losses";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { dpoLoss } from "@/lib/ml/rl/dpo-loss";
import { clippedValueLoss, ppoPolicyLoss } from "@/lib/ml/rl/ppo-loss";
import { buildSequenceBatch, maskedMean, tokenLogProbs } from "@/lib/ml/rl/sequence";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import { generate } from "@/lib/ml/sampling/generate";
import { AdamW } from "@/lib/ml/train/adamw";

/** Deterministic token ids, no Math.random (the same on every backend and run). */
export function tokenGrid(options: { rows: number; cols: number; vocab: number; salt?: number }): Int32Array {
  const { rows, cols, vocab, salt = 0 } = options;
  return Int32Array.from({ length: rows * cols }, (_, i) => (i * 7919 + salt * 104_729 + ((i * i) % 13)) % vocab);
}

/** `steps` AdamW steps (the product's optimizer, lr as given, its other defaults) on `lossFn`; the loss before each. */
export async function adamwSteps(options: { params: Map<string, tf.Variable>; lossFn: () => tf.Scalar; steps: number; lr?: number }): Promise<number[]> {
  const optimizer = new AdamW({ params: options.params, config: { lr: options.lr ?? 1e-3 } });
  try {
    const losses: number[] = [];
    for (let i = 0; i < options.steps; i++) losses.push((await optimizer.minimize({ lossFn: options.lossFn })).loss);
    return losses;
  } finally {
    optimizer.dispose();
  }
}

/** Greedy KV-cache decoding of `rows` copies of `prompt` with lib/ml/sampling's generate: tokens and their log-probs. */
export async function greedyTokens(options: { model: Gpt; prompt: number[]; rows: number; newTokens: number }): Promise<{ tokens: number[][]; logProbs: number[] }> {
  const { model, prompt, rows, newTokens } = options;
  const out = await generate({ model, prompts: [prompt], numSamples: rows, eosId: -1, seed: 0, config: { temperature: 0, maxNewTokens: newTokens } });
  return { tokens: out.map((c) => c.tokens), logProbs: out.flatMap((c) => c.logProbs) };
}

/** Mean next-token loss of a policy on a fixed grid of ids. */
export function policyLoss(model: Gpt, inputs: tf.Tensor, targets: Int32Array): tf.Scalar {
  return lmLoss({ model, batch: { inputs, targets } });
}

/** Full-sequence logits [B, T, V] of `model` on `ids`, read back. */
export async function forwardLogits(model: Gpt, ids: Int32Array, batch: number): Promise<Float32Array> {
  const t = ids.length / batch;
  const logits = tf.tidy(() => model.forward({ ids: tf.tensor2d(ids, [batch, t], "int32"), logits: "all" }).logits as tf.Tensor);
  const out = (await logits.data()) as Float32Array;
  logits.dispose();
  return out;
}

/** Reward-model loss on a fixed batch of right-padded rows and rankings. */
export function rewardLossFn(model: RewardModel, ids: tf.Tensor, lengths: number[], rankings: number[][]): () => tf.Scalar {
  return () => rankingLoss({ rewards: model.forward({ ids, lengths }), rankings, kind: "plackett-luce", centring: 0.01 });
}

/** PPO (clipped policy + value loss, entropy bonus) and DPO losses on one small batch; a scalar to differentiate. */
export function rlLossFn(policy: Gpt, reference: Gpt, valueHead: SharedValueHead): () => tf.Scalar {
  const v = policy.config.vocabSize;
  const prompts = [Array.from(tokenGrid({ rows: 1, cols: 4, vocab: v, salt: 1 })), Array.from(tokenGrid({ rows: 1, cols: 4, vocab: v, salt: 2 }))];
  const responses = [Array.from(tokenGrid({ rows: 1, cols: 5, vocab: v, salt: 3 })), Array.from(tokenGrid({ rows: 1, cols: 3, vocab: v, salt: 4 }))];
  const batch = buildSequenceBatch({ prompts, responses, padId: 0 });
  return () => {
    const [b, s] = [batch.batch, batch.seqLen];
    const mask = tf.tensor2d(batch.mask, [b, s]); // [B, S]
    const pol = tokenLogProbs({ model: policy, batch, temperature: 0.9, withEntropy: true });
    const ref = tokenLogProbs({ model: reference, batch, temperature: 0.9 });
    const old = tf.add(ref.logProbs, 0.05); // [B, S] (the reference is not among the trained variables)
    const advantages = tf.tensor2d(Float32Array.from({ length: b * s }, (_, i) => Math.sin(i)), [b, s]); // [B, S]
    const values = valueHead.values({ ids: tf.tensor2d(batch.inputs, [b, s], "int32"), policyHidden: pol.hidden }); // [B, S]
    const pg = ppoPolicyLoss({ logProbs: pol.logProbs, oldLogProbs: old, advantages, mask, clipRange: 0.2 });
    const vf = clippedValueLoss({ values, oldValues: tf.zerosLike(values), returns: advantages, mask, clipRange: 0.2 });
    const seqLogProb = (x: tf.Tensor) => tf.sum(tf.mul(x, mask), 1); // [B]
    const dpo = dpoLoss({
      policyChosen: seqLogProb(pol.logProbs),
      policyRejected: tf.reverse(seqLogProb(pol.logProbs)),
      refChosen: seqLogProb(ref.logProbs),
      refRejected: tf.reverse(seqLogProb(ref.logProbs)),
      beta: 0.1,
      labelSmoothing: 0.1,
    });
    const entropy = maskedMean(pol.entropy as tf.Tensor, mask);
    return tf.addN([pg.loss, tf.mul(vf.loss, 0.5), tf.mean(dpo.losses), tf.mul(entropy, -0.01)]) as tf.Scalar;
  };
}

const TINY = makeGptConfig({ vocabSize: 48, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 });

/** Every piece of ML work once on the active backend: a training step of each model and a short decode. */
export async function runEveryModel(): Promise<Record<string, number>> {
  const policy = Gpt.create({ config: TINY, seed: 1 });
  const reference = Gpt.create({ config: TINY, seed: 2 });
  const reward = RewardModel.create({ config: TINY, seed: 3 });
  const head = new SharedValueHead({ hiddenSize: TINY.nEmbd, seed: 4 });
  const inputs = tf.tensor2d(tokenGrid({ rows: 2, cols: 8, vocab: TINY.vocabSize }), [2, 8], "int32");
  const targets = tokenGrid({ rows: 2, cols: 8, vocab: TINY.vocabSize, salt: 9 });
  const rIds = tf.tensor2d(tokenGrid({ rows: 3, cols: 6, vocab: TINY.vocabSize, salt: 5 }), [3, 6], "int32");
  try {
    const lm = await adamwSteps({ params: policy.variables(), lossFn: () => policyLoss(policy, inputs, targets), steps: 1 });
    const rm = await adamwSteps({ params: reward.variables(), lossFn: rewardLossFn(reward, rIds, [6, 4, 2], [[0, 1, 2]]), steps: 1 });
    const params = new Map([...policy.variables(), ...head.variables()]);
    const rl = await adamwSteps({ params, lossFn: rlLossFn(policy, reference, head), steps: 1 });
    const dec = await greedyTokens({ model: policy, prompt: [1, 2, 3], rows: 2, newTokens: 4 });
    return { lm: lm[0] ?? NaN, reward: rm[0] ?? NaN, rl: rl[0] ?? NaN, firstToken: dec.tokens[0]?.[0] ?? -1 };
  } finally {
    tf.dispose([inputs, rIds]);
    policy.dispose();
    reference.dispose();
    reward.dispose();
    head.dispose();
  }
}

/** Names of the kernels runEveryModel runs (forward and backward), recorded on the cpu backend. */
export async function kernelsUsed(): Promise<string[]> {
  const previous = tf.getBackend();
  await tf.setBackend("cpu");
  try {
    const profile = await tf.profile(async () => {
      await runEveryModel();
    });
    // Profile entries also name customGrad scopes ("forward"); keep the names that are kernels.
    return [...new Set(profile.kernels.map((k) => k.name).filter((name) => tf.getKernel(name, "cpu")))].sort();
  } finally {
    await tf.setBackend(previous);
  }
}
