// The ML work Podium runs, expressed with asynchronous reads only (`await tensor.data()`), so the same code runs
// on wasm and on webgpu under Node (where dataSync of GPU data is impossible). Used by the webgpu parity tests, the
// kernel-coverage check and the GPU benchmark: policy forward + LM loss + gradients, reward model + ranking loss,
// PPO/DPO losses on token log-probabilities, and greedy decoding with the KV cache.
import * as tf from "@tensorflow/tfjs";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt, disposeKvCache, type KvCache } from "@/lib/ml/model/gpt";
import { lmLoss } from "@/lib/ml/pretrain/lm-loss";
import { rankingLoss } from "@/lib/ml/reward/losses";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { dpoLoss } from "@/lib/ml/rl/dpo-loss";
import { clippedValueLoss, ppoPolicyLoss } from "@/lib/ml/rl/ppo-loss";
import { buildSequenceBatch, maskedMean, tokenLogProbs } from "@/lib/ml/rl/sequence";
import { SharedValueHead } from "@/lib/ml/rl/value-model";

/** Deterministic token ids, no Math.random (the same on every backend and run). */
export function tokenGrid(options: { rows: number; cols: number; vocab: number; salt?: number }): Int32Array {
  const { rows, cols, vocab, salt = 0 } = options;
  return Int32Array.from({ length: rows * cols }, (_, i) => (i * 7919 + salt * 104_729 + ((i * i) % 13)) % vocab);
}

export interface TrainStepsOptions {
  /** Variables to train. */
  params: Map<string, tf.Variable>;
  /** Scalar loss of the current parameters (called inside tf.tidy). */
  lossFn: () => tf.Scalar;
  steps: number;
  lr?: number;
  weightDecay?: number;
  /** Global gradient-norm clip; 0 disables it. */
  clip?: number;
  /** Adam state to continue from (kept, not disposed); default: a fresh one for these steps. */
  optimizer?: tf.AdamOptimizer;
}

/**
 * AdamW (β 0.9/0.95, decoupled weight decay on rank ≥ 2, global-norm clipping), entirely on the device; the loss
 * of each step is read asynchronously. Returns the loss before each step.
 */
export async function trainSteps(options: TrainStepsOptions): Promise<number[]> {
  const { params, lossFn, steps, lr = 1e-3, weightDecay = 0.1, clip = 1 } = options;
  const adam = options.optimizer ?? tf.train.adam(lr, 0.9, 0.95, 1e-8);
  const list = [...params.values()];
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossFn, list);
      let scale: tf.Scalar = tf.scalar(1);
      if (clip > 0) {
        // A chain of adds, not tf.addN: webgpu's AddN binds one storage buffer per input, and devices allow 8–16 or so.
        const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
        const norm = tf.sqrt(squares.reduce((acc, x) => tf.add(acc, x))); // []
        scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(clip), tf.add(norm, 1e-6))) as tf.Scalar;
      }
      for (const v of list) if (v.rank >= 2) v.assign(tf.mul(v, 1 - lr * weightDecay));
      adam.applyGradients(Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) })));
      return value;
    });
    losses.push((await loss.data())[0] as number);
    loss.dispose();
  }
  if (!options.optimizer) adam.dispose();
  return losses;
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

/** Greedy decoding with the KV cache (prefill, then one position per step); returns the tokens and last logits. */
export async function greedyDecode(options: {
  model: Gpt;
  prompt: number[];
  rows: number;
  newTokens: number;
}): Promise<{ tokens: number[][]; lastLogits: Float32Array<ArrayBufferLike> }> {
  const { model, prompt, rows, newTokens } = options;
  const tokens: number[][] = Array.from({ length: rows }, () => []);
  let cache: KvCache | undefined;
  let input = tf.tensor2d(Array.from({ length: rows }, () => prompt).flat(), [rows, prompt.length], "int32"); // [R, P]
  let lastLogits: Float32Array<ArrayBufferLike> = new Float32Array(0);
  try {
    for (let step = 0; step < newTokens; step++) {
      const past = cache;
      const out = tf.tidy(() => {
        const r = model.forward({ ids: input, past, returnCache: true, logits: "last" });
        const logits = tf.reshape(r.logits as tf.Tensor, [rows, -1]); // [R, V]
        return { logits, next: tf.argMax(logits, 1), cache: r.cache as KvCache }; // next [R]
      });
      disposeKvCache(past);
      cache = out.cache;
      const next = Int32Array.from(await out.next.data());
      lastLogits = (await out.logits.data()) as Float32Array;
      tf.dispose([out.logits, out.next]);
      next.forEach((tok, r) => tokens[r]?.push(tok));
      input.dispose();
      input = tf.tensor2d(next, [rows, 1], "int32"); // [R, 1]
    }
  } finally {
    input.dispose();
    disposeKvCache(cache);
  }
  return { tokens, lastLogits };
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
    const lm = await trainSteps({ params: policy.variables(), lossFn: () => policyLoss(policy, inputs, targets), steps: 1 });
    const rm = await trainSteps({ params: reward.variables(), lossFn: rewardLossFn(reward, rIds, [6, 4, 2], [[0, 1, 2]]), steps: 1 });
    const params = new Map([...policy.variables(), ...head.variables()]);
    const rl = await trainSteps({ params, lossFn: rlLossFn(policy, reference, head), steps: 1 });
    const dec = await greedyDecode({ model: policy, prompt: [1, 2, 3], rows: 2, newTokens: 4 });
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
