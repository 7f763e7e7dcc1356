import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { batchGae, gae, whiten } from "@/lib/ml/rl/advantages";
import { KlController } from "@/lib/ml/rl/kl-controller";
import { clippedValueLoss, ppoPolicyLoss } from "@/lib/ml/rl/ppo-loss";
import { shapeScores, tokenRewards } from "@/lib/ml/rl/scores";
import { buildSequenceBatch, entropyOfLogits, selectRows } from "@/lib/ml/rl/sequence";
import { dpoLoss } from "@/lib/ml/rl/dpo-loss";
import { fitPairToContext, pairsFromRanking } from "@/lib/ml/rl/preference-pairs";
import { Rng } from "@/lib/ml/sampling/rng";

beforeAll(async () => {
  await useWasmBackend();
});

const scalar = (t: tf.Tensor): number => t.dataSync()[0] as number;

describe("GAE", () => {
  it("matches a hand-computed example with γ = 1, λ = 0.95", () => {
    // δ2 = 1 − 0.7 = 0.3; δ1 = 0.7 − 0.6 = 0.1; δ0 = 0.6 − 0.5 = 0.1
    // A2 = 0.3; A1 = 0.1 + 0.95·0.3 = 0.385; A0 = 0.1 + 0.95·0.385 = 0.46575
    const out = gae({ rewards: [0, 0, 1], values: [0.5, 0.6, 0.7], gamma: 1, lambda: 0.95 });
    expect(out.advantages[0]).toBeCloseTo(0.46575, 10);
    expect(out.advantages[1]).toBeCloseTo(0.385, 10);
    expect(out.advantages[2]).toBeCloseTo(0.3, 10);
    expect(out.returns[0]).toBeCloseTo(0.96575, 10);
    expect(out.returns[1]).toBeCloseTo(0.985, 10);
    expect(out.returns[2]).toBeCloseTo(1.0, 10);
  });

  it("discounts with γ and λ below one", () => {
    // δ1 = −1 − 0.4 = −1.4; δ0 = 1 + 0.9·0.4 − 0.2 = 1.16; A0 = 1.16 + 0.9·0.5·(−1.4) = 0.53
    const out = gae({ rewards: [1, -1], values: [0.2, 0.4], gamma: 0.9, lambda: 0.5 });
    expect(out.advantages[1]).toBeCloseTo(-1.4, 10);
    expect(out.advantages[0]).toBeCloseTo(0.53, 10);
  });

  it("runs over each row's response span only, leaving prompt and padding positions at zero", () => {
    const batch = buildSequenceBatch({ prompts: [[1, 2], [3]], responses: [[4, 5, 6], [7]], padId: 0 });
    expect(batch.seqLen).toBe(4);
    expect(Array.from(batch.mask)).toEqual([0, 1, 1, 1, 1, 0, 0, 0]);
    const rewards = Float32Array.from([9, 0, 0, 1, 2, 9, 9, 9]);
    const values = Float32Array.from([9, 0.5, 0.6, 0.7, 0.5, 9, 9, 9]);
    const out = batchGae({ batch, rewards, values, gamma: 1, lambda: 0.95 });
    expect(out.advantages[1]).toBeCloseTo(0.46575, 5);
    expect(out.advantages[3]).toBeCloseTo(0.3, 5);
    expect(out.advantages[4]).toBeCloseTo(1.5, 5);
    for (const i of [0, 5, 6, 7]) expect(out.advantages[i]).toBe(0);
  });
});

describe("advantage whitening", () => {
  it("gives the masked entries mean 0 and std 1 and zeroes the rest", () => {
    const rng = new Rng(3);
    const values = Float32Array.from({ length: 200 }, () => 5 + 3 * rng.normal());
    const mask = Float32Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const out = whiten({ values, mask });
    const kept = Array.from(out).filter((_, i) => mask[i] === 1);
    const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
    const std = Math.sqrt(kept.reduce((a, b) => a + (b - mean) ** 2, 0) / (kept.length - 1));
    expect(Math.abs(mean)).toBeLessThan(1e-5);
    expect(std).toBeCloseTo(1, 4);
    expect(Array.from(out).filter((_, i) => mask[i] === 0).every((x) => x === 0)).toBe(true);
  });
});

describe("clipped PPO losses", () => {
  it("the policy loss takes the pessimistic (larger) of the clipped and unclipped surrogate", () => {
    tf.tidy(() => {
      // tokens: (ρ, A) = (1.5, +1) → clipped −1.2; (0.5, +1) → −0.5; (0.5, −2) → clipped 1.6; (1, 3) → −3; 5th masked.
      const ratios = [1.5, 0.5, 0.5, 1.0, 4.0];
      const old = tf.tensor2d([[-1, -2, -0.5, -1.2, -1]]);
      const logProbs = tf.add(old, tf.tensor2d([ratios.map(Math.log)]));
      const advantages = tf.tensor2d([[1, 1, -2, 3, 100]]);
      const mask = tf.tensor2d([[1, 1, 1, 1, 0]]);
      const out = ppoPolicyLoss({ logProbs, oldLogProbs: old, advantages, mask, clipRange: 0.2 });
      expect(scalar(out.loss)).toBeCloseTo((-1.2 - 0.5 + 1.6 - 3) / 4, 5);
      expect(scalar(out.clipFrac)).toBeCloseTo(0.5, 6);
      const lr2 = [1.5, 0.5, 0.5, 1].map((r) => Math.log(r) ** 2);
      expect(scalar(out.approxKl)).toBeCloseTo((0.5 * lr2.reduce((a, b) => a + b, 0)) / 4, 5);
      // A clipped token passes no gradient; an unclipped one passes −A·ρ/N.
      const grad = tf.grad((lp: tf.Tensor) => ppoPolicyLoss({ logProbs: lp, oldLogProbs: old, advantages, mask, clipRange: 0.2 }).loss)(logProbs);
      const g = Array.from(grad.dataSync());
      expect(g[0]).toBeCloseTo(0, 6);
      expect(g[1]).toBeCloseTo((-1 * 0.5) / 4, 5);
      expect(g[2]).toBeCloseTo(0, 6);
      expect(g[4]).toBeCloseTo(0, 6);
    });
  });

  it("the value loss is ½·max of the clipped and unclipped squared errors", () => {
    tf.tidy(() => {
      // (V, V_old, R): (1.0, 0.5, 1.0) → clipped V 0.7, error 0.09; (0.6, 0.5, 0) → 0.36; (0, 0.5, 1) → 1.0
      const out = clippedValueLoss({
        values: tf.tensor2d([[1.0, 0.6, 0.0, 7]]),
        oldValues: tf.tensor2d([[0.5, 0.5, 0.5, 0]]),
        returns: tf.tensor2d([[1.0, 0.0, 1.0, -7]]),
        mask: tf.tensor2d([[1, 1, 1, 0]]),
        clipRange: 0.2,
      });
      expect(scalar(out.loss)).toBeCloseTo((0.5 * (0.09 + 0.36 + 1.0)) / 3, 5);
      expect(scalar(out.clipFrac)).toBeCloseTo(1 / 3, 5);
    });
  });
});

describe("adaptive KL controller", () => {
  it("raises β when the KL is above target, lowers it when below, by at most 20 %·n/horizon", () => {
    const config = { mode: "adaptive" as const, initCoef: 0.1, target: 6, horizon: 1000 };
    const up = new KlController({ config });
    expect(up.update({ currentKl: 12, samples: 100 })).toBeCloseTo(0.1 * 1.02, 10);
    const down = new KlController({ config });
    expect(down.update({ currentKl: 3, samples: 100 })).toBeCloseTo(0.1 * 0.98, 10);
    const small = new KlController({ config });
    expect(small.update({ currentKl: 6.6, samples: 100 })).toBeCloseTo(0.1 * (1 + 0.1 * 0.1), 10);
    let beta = 0.1;
    for (let i = 0; i < 5; i++) {
      const next = down.update({ currentKl: 0, samples: 100 });
      expect(next).toBeLessThan(beta);
      beta = next;
    }
  });

  it("keeps β fixed in fixed mode, and resumes from a saved β", () => {
    const fixed = new KlController({ config: { mode: "fixed", initCoef: 0.05, target: 6, horizon: 1000 } });
    expect(fixed.update({ currentKl: 100, samples: 100 })).toBe(0.05);
    const resumed = new KlController({ config: { mode: "adaptive", initCoef: 0.05, target: 6, horizon: 1000 }, coef: 0.3 });
    expect(resumed.value).toBe(0.3);
  });
});

describe("scores and per-token rewards", () => {
  it("normalises with the reward model's statistics and scores responses without EOS as the truncation mode says", () => {
    const stats = { mean: 2, std: 2 };
    const endedWithEos = [true, false, true];
    expect(shapeScores({ raw: [1, 3, 5], endedWithEos, stats, truncated: "score", truncatedPenalty: 1 })).toEqual([-0.5, 0.5, 1.5]);
    expect(shapeScores({ raw: [1, 3, 5], endedWithEos, stats, truncated: "score-plus-penalty", truncatedPenalty: 1 })).toEqual([-0.5, -0.5, 1.5]);
    expect(shapeScores({ raw: [1, 3, 5], endedWithEos, stats, truncated: "penalty", truncatedPenalty: 1 })).toEqual([-0.5, -1, 1.5]);
  });

  it("puts −β·(log π − log π_ref) on every response token and the score on the last one", () => {
    const batch = buildSequenceBatch({ prompts: [[1, 2], [3]], responses: [[4, 5, 6], [7]], padId: 0 });
    const logProbs = Float32Array.from([0, -1, -2, -3, -1, 0, 0, 0]);
    const refLogProbs = Float32Array.from([5, -1.5, -1, -3, -2, 5, 5, 5]);
    const out = tokenRewards({ batch, logProbs, refLogProbs, scores: [10, 20], klCoef: 0.1 });
    expect(out.rewards[0]).toBe(0);
    expect(out.rewards[1]).toBeCloseTo(-0.05, 6);
    expect(out.rewards[2]).toBeCloseTo(0.1, 6);
    expect(out.rewards[3]).toBeCloseTo(10, 6);
    expect(out.rewards[4]).toBeCloseTo(20 - 0.1, 5);
    expect(out.klPerRow[0]).toBeCloseTo(0.5 - 1, 6);
    expect(out.klPerRow[1]).toBeCloseTo(1, 6);
  });

  it("packs prompt ++ response right-padded with next-token targets, and selects minibatch rows", () => {
    const batch = buildSequenceBatch({ prompts: [[1, 2], [3]], responses: [[4, 5, 6], [7]], padId: 0 });
    expect(Array.from(batch.inputs)).toEqual([1, 2, 4, 5, 3, 7, 0, 0]);
    expect(Array.from(batch.targets)).toEqual([2, 4, 5, 6, 7, 0, 0, 0]);
    const sub = selectRows({ batch, rows: [1] });
    expect(sub.seqLen).toBe(1);
    expect(Array.from(sub.targets)).toEqual([7]);
    expect(Array.from(sub.mask)).toEqual([1]);
  });
});

describe("entropy", () => {
  it("equals −Σ p·log p of the softmax, including peaked and uniform rows", () => {
    tf.tidy(() => {
      const logits = tf.concat([tf.mul(tf.randomNormal([6, 11], 0, 1, "float32", 5), 4), tf.zeros([1, 11]), tf.tensor2d([[50, ...Array(10).fill(0)]])]); // [8, 11]
      const logp = tf.logSoftmax(logits); // [8, 11]
      const direct = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)).dataSync(); // [8]
      const fast = entropyOfLogits(logits).dataSync(); // [8]
      direct.forEach((d, i) => expect(fast[i]).toBeCloseTo(d, 4));
      expect(fast[6]).toBeCloseTo(Math.log(11), 5);
      expect(Math.abs(fast[7] as number)).toBeLessThan(1e-4);
    });
  });
});

describe("DPO loss and pairs", () => {
  it("matches −log σ(β·Δ) and the implicit rewards on a hand-computed pair", () => {
    tf.tidy(() => {
      const out = dpoLoss({
        policyChosen: tf.tensor1d([-2]),
        policyRejected: tf.tensor1d([-3]),
        refChosen: tf.tensor1d([-2.5]),
        refRejected: tf.tensor1d([-2.5]),
        beta: 0.1,
      });
      expect(scalar(out.losses)).toBeCloseTo(Math.log(1 + Math.exp(-0.1)), 5);
      expect(scalar(out.chosenRewards)).toBeCloseTo(0.05, 6);
      expect(scalar(out.rejectedRewards)).toBeCloseTo(-0.05, 6);
      const smoothed = dpoLoss({
        policyChosen: tf.tensor1d([-2]),
        policyRejected: tf.tensor1d([-3]),
        refChosen: tf.tensor1d([-2.5]),
        refRejected: tf.tensor1d([-2.5]),
        beta: 0.1,
        labelSmoothing: 0.1,
      });
      expect(scalar(smoothed.losses)).toBeCloseTo(0.9 * Math.log(1 + Math.exp(-0.1)) + 0.1 * Math.log(1 + Math.exp(0.1)), 5);
    });
  });

  it("turns a ranking of K responses into all C(K,2) (better, worse) pairs", () => {
    const pairs = pairsFromRanking({ prompt: [1], ranked: [[10], [20], [30]] });
    expect(pairs.map((p) => [p.chosen[0], p.rejected[0]])).toEqual([[10, 20], [10, 30], [20, 30]]);
  });

  it("fits a pair into the context by cutting the prompt from the left first, then the responses", () => {
    const fitted = fitPairToContext({ pair: { prompt: [1, 2, 3, 4], chosen: [5, 6], rejected: [7, 8, 9] }, blockSize: 5 });
    expect(fitted.prompt).toEqual([3, 4]);
    expect(fitted.rejected).toEqual([7, 8, 9]);
    const long = fitPairToContext({ pair: { prompt: [1, 2], chosen: [5, 6, 7, 8, 9, 10], rejected: [7] }, blockSize: 4 });
    expect(long.prompt).toEqual([2]);
    expect(long.chosen).toEqual([5, 6, 7]);
  });
});
