// Truncated rollouts, rollout statistics and the RLOO trainer on tiny models: the leave-one-out advantage on a hand
// case, the truncation modes (all rollouts truncated → the update's scores are the reward model's, not all the fixed
// penalty), sample-quality statistics, saved configs of the earlier missing-EOS option, RLOO learning a toy reward,
// and RLOO resuming to the same weights as an uninterrupted run.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { rlooAdvantages } from "@/lib/ml/rl/advantages";
import { parsePpoConfig, DEFAULT_PPO_CONFIG } from "@/lib/ml/rl/ppo-config";
import { type PpoMetrics, trainPpo } from "@/lib/ml/rl/ppo";
import { type RlooMetrics, type RlooState, RlooTrainer, trainRloo } from "@/lib/ml/rl/rloo";
import type { RlooConfigOverrides } from "@/lib/ml/rl/rloo-config";
import { gptSampler } from "@/lib/ml/rl/reward-adapter";
import { scoreRollout } from "@/lib/ml/rl/rollout-scores";
import { sampleQuality } from "@/lib/ml/rl/sample-quality";
import { conservativeEnsemble } from "@/lib/ml/rl/reward-ensemble";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import type { RewardFunction } from "@/lib/ml/rl/types";

// Vocabulary: 0–5 ordinary tokens, 6 = EOS, 7 = PAD. The toy reward is the frequency of token 3 in the response.
const EOS = 6;
const PAD = 7;
/** An EOS id outside the vocabulary: no rollout can end with it, every one is truncated. */
const NEVER = 99;
const TARGET = 3;
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });
const prompts = [[0, 1], [2, 4, 5], [1, 1, 0], [5, 2], [4, 0, 2], [0, 5]];

const targetFrequency: RewardFunction = ({ responses }) =>
  responses.map((r) => {
    const body = r.filter((t) => t !== EOS);
    return body.length ? body.filter((t) => t === TARGET).length / body.length : 0;
  });

beforeAll(async () => {
  await useWasmBackend();
});

describe("RLOO advantages", () => {
  it("subtracts the mean reward of the other k − 1 responses to the same prompt", () => {
    // Group 1: 1 − (2+3+6)/3 = −8/3; 2 − (1+3+6)/3 = −4/3; 3 − 9/3 = 0; 6 − 6/3 = 4.
    const a = rlooAdvantages({ rewards: [1, 2, 3, 6], k: 4 });
    [-8 / 3, -4 / 3, 0, 4].forEach((x, i) => expect(a[i]).toBeCloseTo(x, 10));
    // k = 2: each response against the other one; equal rewards give no signal.
    expect(rlooAdvantages({ rewards: [1, 3, 5, 5], k: 2 })).toEqual([-2, 2, 0, 0]);
    expect(() => rlooAdvantages({ rewards: [1, 2, 3], k: 2 })).toThrow(/groups/);
    expect(() => rlooAdvantages({ rewards: [1, 2], k: 1 })).toThrow(/at least 2/);
  });
});

describe("rollout scoring and statistics", () => {
  const gen = { prompts: [[0], [0], [0], [0]], responses: [[3, 3, 1], [1, 2, 4], [3, 1, 1], [2, 2, EOS]], endedWithEos: [false, false, false, true] };
  const reward: RewardFunction = ({ responses }) => responses.map((r) => r.filter((t) => t === TARGET).length);
  const base = { gen, reward, rewardStats: { mean: 1, std: 2 }, eosId: EOS };

  it("keeps the reward model's scores of truncated rollouts unless the mode is 'penalty'", async () => {
    const plus = await scoreRollout({ ...base, truncated: "score-plus-penalty", truncatedPenalty: 0.5 });
    expect(plus.raw).toEqual([2, 0, 1, 0]);
    expect(plus.scores).toEqual([0.5 - 0.5, -0.5 - 0.5, 0 - 0.5, -0.5]);
    expect(plus.stats).toMatchObject({ rewardModelShare: 1, eosFraction: 0.25, rewardRaw: 0.75, rewardNormalised: -0.125 });
    const score = await scoreRollout({ ...base, truncated: "score", truncatedPenalty: 0.5 });
    expect(score.scores).toEqual([0.5, -0.5, 0, -0.5]);
    const penalty = await scoreRollout({ ...base, truncated: "penalty", truncatedPenalty: 1 });
    expect(penalty.scores).toEqual([-1, -1, -1, -0.5]);
    expect(penalty.stats.rewardModelShare).toBe(0.25);
    expect(penalty.stats.responseLength).toBe(3);
  });

  it("measures distinct-1/2, the newline rate and the repetition rate of the responses' tokens", () => {
    // Tokens without EOS: [1 1 1 1 1] and [2 9 2]; 9 is the newline token.
    const q = sampleQuality({ responses: [[1, 1, 1, 1, 1, EOS], [2, 9, 2]], eosId: EOS, newlineIds: new Set([9]) });
    expect(q.distinct1).toBeCloseTo(3 / 8, 10); // {1, 2, 9} of 8 tokens
    expect(q.distinct2).toBeCloseTo(3 / 6, 10); // {1 1, 2 9, 9 2} of 4 + 2 bigrams
    expect(q.newlineRate).toBeCloseTo(1 / 8, 10);
    expect(q.repetitionRate).toBeCloseTo(2 / 4, 10); // 3-grams: 1 1 1 ×3 (2 repeats), 2 9 2 (none)
    expect(sampleQuality({ responses: [[EOS]], eosId: EOS })).toEqual({ distinct1: 0, distinct2: 0, newlineRate: 0, repetitionRate: 0 });
  });

  it("a conservative ensemble scores mean − coef·std of its members' normalised scores", async () => {
    const a: RewardFunction = () => [1, 3];
    const b: RewardFunction = () => [7, 7]; // normalised with mean 1, std 2: [3, 3]
    const ensemble = conservativeEnsemble({ members: [{ reward: a, stats: { mean: 0, std: 1 } }, { reward: b, stats: { mean: 1, std: 2 } }], coef: 2 });
    expect(ensemble.lastDisagreement()).toBe(0);
    // Response 0: scores 1 and 3 → mean 2, std 1 → 2 − 2·1 = 0; response 1: 3 and 3 → 3.
    expect(await ensemble.reward({ prompts: [[0], [0]], responses: [[1], [2]], endedWithEos: [true, true] })).toEqual([0, 3]);
    expect(ensemble.lastDisagreement()).toBe(0.5);
    expect(() => conservativeEnsemble({ members: [{ reward: a, stats: { mean: 0, std: 1 } }], coef: 1 })).toThrow(/two/);
  });

  it("reads a saved PPO config of the earlier missing-EOS option as the 'penalty' or 'score' mode", () => {
    const { truncated: _t, truncatedPenalty: _p, ...rest } = DEFAULT_PPO_CONFIG;
    expect(parsePpoConfig({ ...rest, missingEosScore: -1 })).toMatchObject({ truncated: "penalty", truncatedPenalty: 1 });
    expect(parsePpoConfig({ ...rest, missingEosScore: null })).toMatchObject({ truncated: "score", truncatedPenalty: 0 });
    expect(DEFAULT_PPO_CONFIG).toMatchObject({ truncated: "score-plus-penalty", truncatedPenalty: 0.5 });
  });
});

describe("PPO with every rollout truncated", () => {
  it("scores the rollouts with the reward model under 'score-plus-penalty', and only with the penalty under 'penalty'", async () => {
    const run = async (truncated: "penalty" | "score-plus-penalty") => {
      const policy = Gpt.create({ config, seed: 21 });
      const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
      const valueModel = new SharedValueHead({ hiddenSize: config.nEmbd, seed: 22 });
      const history: PpoMetrics[] = [];
      await trainPpo({
        policy,
        reference,
        valueModel,
        sampler: gptSampler({ model: policy }),
        reward: targetFrequency,
        prompts,
        eosId: NEVER,
        padId: PAD,
        config: { batchSize: 8, miniBatchSize: 8, ppoEpochs: 1, maxNewTokens: 4, temperature: 1, steps: 2, truncated, truncatedPenalty: 1, rewardStats: { mean: 0.15, std: 0.2 } },
        onMetrics: (m) => history.push(m),
      });
      policy.dispose();
      reference.dispose();
      valueModel.dispose();
      return history;
    };
    const shaped = await run("score-plus-penalty");
    const old = await run("penalty");
    for (const h of [...shaped, ...old]) expect(h.eosFraction).toBe(0);
    for (const h of shaped) {
      expect(h.rewardModelShare).toBe(1);
      expect(h.score).toBeCloseTo(h.rewardNormalised - 1, 5);
      expect(h.score).not.toBe(-1);
      expect(h.responseLength).toBe(4);
    }
    for (const h of old) {
      expect(h.rewardModelShare).toBe(0);
      expect(h.score).toBe(-1);
    }
  });
});

const tinyRloo: RlooConfigOverrides = {
  promptsPerStep: 4,
  k: 4,
  miniBatchSize: 16,
  epochs: 1,
  maxNewTokens: 6,
  temperature: 1,
  lr: 1e-2,
  lrSchedule: "constant",
  rewardStats: { mean: 0.15, std: 0.2 },
  kl: { mode: "fixed", initCoef: 0.05, target: 6, horizon: 10_000 },
};

async function rlooModels(seed: number) {
  const policy = Gpt.create({ config, seed });
  const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
  return {
    policy,
    reference,
    sampler: gptSampler({ model: policy }),
    dispose: () => {
      policy.dispose();
      reference.dispose();
    },
  };
}

describe("RLOO", () => {
  it("raises the frequency of the rewarded token over a few steps without a value model", async () => {
    const m = await rlooModels(31);
    const history: RlooMetrics[] = [];
    const result = await trainRloo({ ...m, reward: targetFrequency, prompts, eosId: EOS, padId: PAD, config: { ...tinyRloo, steps: 20, seed: 4 }, onMetrics: (x) => history.push(x) });
    m.dispose();
    const avg = (xs: RlooMetrics[], key: keyof RlooMetrics) => xs.reduce((a, h) => a + h[key], 0) / xs.length;
    const first = history.slice(0, 3);
    const last = history.slice(-3);
    console.log(
      `RLOO ${result.steps} steps: token-3 frequency ${avg(first, "rewardRaw").toFixed(3)} → ${avg(last, "rewardRaw").toFixed(3)}, ` +
        `KL last ${avg(last, "kl").toFixed(3)}, distinct-1 ${avg(first, "distinct1").toFixed(3)} → ${avg(last, "distinct1").toFixed(3)}`,
    );
    expect(result.steps).toBe(20);
    expect(avg(last, "rewardRaw")).toBeGreaterThan(avg(first, "rewardRaw") + 0.2);
    for (const h of history) {
      expect(Number.isFinite(h.policyLoss) && Number.isFinite(h.gradNorm)).toBe(true);
      expect(h.rewardModelShare).toBe(1);
      expect(h.beta).toBe(0.05);
    }
    expect(avg(last, "kl")).toBeGreaterThan(0.1);
  });

  it("resumes from a checkpoint to the same weights as an uninterrupted run, and leaks no tensors", async () => {
    const run = { ...tinyRloo, steps: 3, epochs: 2, miniBatchSize: 8, kl: { mode: "adaptive" as const, initCoef: 0.1, target: 1, horizon: 50 } };
    const full = await rlooModels(32);
    const fullResult = await trainRloo({ ...full, reward: targetFrequency, prompts, eosId: EOS, padId: PAD, config: run });
    const part = await rlooModels(32);
    let saved: RlooState | null = null;
    const first = await trainRloo({
      ...part,
      reward: targetFrequency,
      prompts,
      eosId: EOS,
      padId: PAD,
      config: run,
      shouldStop: () => saved !== null,
      checkpointEvery: 2,
      onCheckpoint: (s) => {
        saved = s;
      },
    });
    expect(first.steps).toBe(2);
    const state = saved as RlooState | null;
    if (!state) throw new Error("no checkpoint");
    const fresh = Gpt.create({ config, seed: 77 });
    const second = await trainRloo({ policy: fresh, reference: part.reference, sampler: gptSampler({ model: fresh }), reward: targetFrequency, prompts, eosId: EOS, padId: PAD, resume: state });
    expect(second.steps).toBe(3);
    expect(second.state.klCoef).toBeCloseTo(fullResult.state.klCoef, 10);
    expect(second.state.rngState).toBe(fullResult.state.rngState);
    let worst = 0;
    for (const [name, x] of fullResult.state.weights) {
      const y = second.state.weights.get(name)?.data as Float32Array;
      x.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (y[i] as number)))));
    }
    expect(worst).toBeLessThan(1e-6);

    const trainer = new RlooTrainer({ ...full, reward: targetFrequency, prompts, eosId: EOS, padId: PAD, config: { ...run, steps: 5 } });
    await trainer.step();
    const before = tf.memory().numTensors;
    await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    full.dispose();
    part.dispose();
    fresh.dispose();
  });
});
