import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { maxGradError } from "./helpers/gradcheck";
import { pairwiseAccuracy, rankingLoss } from "@/lib/ml/reward/losses";
import { makeRewardBatch, type RankingExample } from "@/lib/ml/reward/data";
import { makeGptConfig } from "@/lib/ml/model/config";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { trainRewardModel } from "@/lib/ml/reward/train-reward";
import { Rng } from "@/lib/ml/sampling/rng";
import { pairsFromRanking } from "@/lib/ml/rl/preference-pairs";

beforeAll(useWasmBackend);

const bt = (a: number, b: number) => Math.log(1 + Math.exp(-(a - b)));
const lse = (...xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
const lossOf = (options: Parameters<typeof rankingLoss>[0]) => tf.tidy(() => rankingLoss(options).dataSync()[0] as number);

describe("ranking losses with ties", () => {
  it("Bradley–Terry leaves tied pairs out and averages the pairs that remain", () => {
    // Order a, b, c with b tied with c (ranks 1, 2, 2): pairs a>b and a>c only.
    const [a, b, c] = [1.2, 0.4, -0.3];
    const loss = lossOf({ rewards: tf.tensor1d([a, b, c]), rankings: [[0, 1, 2]], ranks: [[1, 2, 2]], kind: "bradley-terry", centring: 0 });
    expect(loss).toBeCloseTo((bt(a, b) + bt(a, c)) / 2, 5);
    // The same rewards as a strict order would add b>c: a different value, so the tie is really skipped.
    const strict = lossOf({ rewards: tf.tensor1d([a, b, c]), rankings: [[0, 1, 2]], kind: "bradley-terry", centring: 0 });
    expect(strict).toBeCloseTo((bt(a, b) + bt(a, c) + bt(b, c)) / 3, 5);
    expect(Math.abs(strict - loss)).toBeGreaterThan(1e-3);
  });

  it("Bradley–Terry: a ranking that ties everything adds nothing but still counts in the mean over rankings", () => {
    const loss = lossOf({
      rewards: tf.tensor1d([0.5, -0.5, 2, 1]),
      rankings: [[0, 1], [2, 3]],
      ranks: [[1, 1], null],
      kind: "bradley-terry",
      centring: 0,
    });
    expect(loss).toBeCloseTo(bt(2, 1) / 2, 5);
  });

  it("Plackett–Luce chooses each completion over itself and the strictly worse ones only (hand-computed, K = 4)", () => {
    // Order a, b, c, d with ranks 1, 2, 2, 4 (b tied with c). Choices: a over {a,b,c,d}; b over {b,d}; c over {c,d};
    // d is last and chooses nothing. Mean over the 3 choices.
    const [a, b, c, d] = [0.9, 0.1, 0.4, -0.6];
    const nll = lse(a, b, c, d) - a + (lse(b, d) - b) + (lse(c, d) - c);
    const loss = lossOf({ rewards: tf.tensor1d([a, b, c, d]), rankings: [[0, 1, 2, 3]], ranks: [[1, 2, 2, 4]], kind: "plackett-luce", centring: 0 });
    expect(loss).toBeCloseTo(nll / 3, 5);
  });

  it("Plackett–Luce with a tie at the top: both tied completions are chosen over the rest, not over each other", () => {
    // ranks 1, 1, 3: a over {a, c}, b over {b, c}.
    const [a, b, c] = [0.2, 0.8, -1];
    const nll = lse(a, c) - a + (lse(b, c) - b);
    const loss = lossOf({ rewards: tf.tensor1d([a, b, c]), rankings: [[0, 1, 2]], ranks: [[1, 1, 3]], kind: "plackett-luce", centring: 0 });
    expect(loss).toBeCloseTo(nll / 2, 5);
  });

  it("Plackett–Luce with distinct ranks is exactly the strict likelihood", () => {
    const rewards = [0.3, -0.2, 1.1];
    const withRanks = lossOf({ rewards: tf.tensor1d(rewards), rankings: [[2, 0, 1]], ranks: [[1, 2, 3]], kind: "plackett-luce", centring: 0 });
    const without = lossOf({ rewards: tf.tensor1d(rewards), rankings: [[2, 0, 1]], kind: "plackett-luce", centring: 0 });
    expect(withRanks).toBeCloseTo(without, 6);
  });

  it("has gradients that agree with finite differences when rankings tie (both losses)", () => {
    const rewards = tf.tensor1d([0.3, -0.8, 1.1, 0.05, -0.4]);
    for (const kind of ["bradley-terry", "plackett-luce"] as const) {
      const err = maxGradError({
        f: (x) => rankingLoss({ rewards: x, rankings: [[0, 1, 2], [3, 4, 1]], ranks: [[1, 1, 3], [1, 2, 2]], kind, centring: 0 }),
        x: rewards,
        probes: 5,
      });
      expect(err).toBeLessThan(2e-2);
    }
    rewards.dispose();
  });

  it("pairwise accuracy counts only the pairs a ranking orders", () => {
    // ranks 1, 1, 3: pairs (0,2) and (1,2); rewards get (0,2) right and (1,2) wrong.
    expect(pairwiseAccuracy({ rewards: [1, -1, 0], rankings: [[0, 1, 2]], ranks: [[1, 1, 3]] })).toBeCloseTo(0.5, 10);
    // As a strict order the pair (0,1) would count too.
    expect(pairwiseAccuracy({ rewards: [1, -1, 0], rankings: [[0, 1, 2]] })).toBeCloseTo(2 / 3, 10);
  });

  it("a reward batch carries each ranking's ranks, and refuses ranks that do not fit", () => {
    const batch = makeRewardBatch({
      examples: [
        { promptId: "p", sequences: [[1, 2], [1, 3], [1, 4]], ranks: [1, 1, 3] },
        { promptId: "q", sequences: [[1, 5], [1, 6]] },
      ],
      padId: 0,
      maxLength: 8,
    });
    expect(batch.ranks).toEqual([[1, 1, 3], null]);
    batch.ids.dispose();
    expect(() => makeRewardBatch({ examples: [{ promptId: "p", sequences: [[1], [2]], ranks: [1] }], padId: 0, maxLength: 8 })).toThrow(/ranks/);
  });

  it("DPO preference pairs leave tied pairs out", () => {
    const pairs = pairsFromRanking({ prompt: [9], ranked: [[1], [2], [3]], ranks: [1, 2, 2] });
    expect(pairs.map((p) => [p.chosen[0], p.rejected[0]])).toEqual([[1, 2], [1, 3]]);
  });
});

describe("reward training on rankings with ties", () => {
  /**
   * Four completions per prompt ranked by their count of 3s; completions with equal counts are tied (competition
   * ranks), so many rankings carry ties.
   */
  function tiedRankings(prompts: number, seed: number): RankingExample[] {
    const rng = new Rng(seed);
    return Array.from({ length: prompts }, (_, p) => {
      const prompt = [4 + rng.int(6), 4 + rng.int(6)];
      const completions = Array.from({ length: 4 }, () => {
        const tokens = Array.from({ length: 6 }, () => (rng.next() < 0.3 ? 3 : ([0, 1, 2, 4, 5, 6, 7, 8, 9][rng.int(9)] as number)));
        return { seq: [...prompt, ...tokens, 10], count: tokens.filter((t) => t === 3).length };
      });
      completions.sort((a, b) => b.count - a.count);
      const ranks = completions.map((c) => 1 + completions.filter((o) => o.count > c.count).length);
      return { promptId: `tied-${seed}-${p}`, sequences: completions.map((c) => c.seq), ranks };
    });
  }

  it.each(["bradley-terry", "plackett-luce"] as const)("learns the rule from tied rankings with %s, without leaking tensors", async (loss) => {
    const examples = tiedRankings(160, 50);
    expect(examples.filter((e) => e.ranks?.some((r, i) => r !== i + 1)).length).toBeGreaterThan(40);
    const config = makeGptConfig({ vocabSize: 12, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32 });
    const model = RewardModel.create({ config, seed: 2 });
    const before = tf.memory().numTensors;
    const result = await trainRewardModel({
      model,
      examples,
      padId: 11,
      config: { steps: 80, batchSize: 8, lr: 3e-3, minLr: 3e-4, warmupSteps: 10, evalEvery: 0, maxLength: 16, valFraction: 0.25, loss },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.finalEval?.accuracy).toBeGreaterThanOrEqual(0.85);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result.losses.slice(-10))).toBeLessThan(mean(result.losses.slice(0, 10)));
    model.dispose();
  });
});
