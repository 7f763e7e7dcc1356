import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { type PpoMetrics, PpoTrainer, type PpoState, trainPpo } from "@/lib/ml/rl/ppo";
import type { PpoConfig } from "@/lib/ml/rl/ppo-config";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import { gptSampler } from "@/lib/ml/rl/reward-adapter";
import type { RewardFunction } from "@/lib/ml/rl/types";

// Vocabulary: 0–5 ordinary tokens, 6 = EOS, 7 = PAD. The synthetic reward is the fraction of response tokens equal to 3.
const EOS = 6;
const PAD = 7;
const TARGET = 3;
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });
const prompts = [[0, 1], [2, 4, 5], [1, 1, 0], [5, 2], [4, 0, 2], [0, 5]];

const targetFraction: RewardFunction = ({ responses }) =>
  responses.map((r) => {
    const body = r.filter((t) => t !== EOS);
    return body.length ? body.filter((t) => t === TARGET).length / body.length : 0;
  });

const tinyPpo: Partial<PpoConfig> = {
  batchSize: 16,
  miniBatchSize: 8,
  ppoEpochs: 2,
  maxNewTokens: 6,
  temperature: 1,
  lr: 3e-3,
  lrSchedule: "constant",
  truncated: "score",
  truncatedPenalty: 0,
  rewardStats: { mean: 0.15, std: 0.2 },
  kl: { mode: "fixed", initCoef: 0.2, target: 6, horizon: 10_000 },
};

async function makeModels(seed: number) {
  const policy = Gpt.create({ config, seed });
  const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
  const valueModel = new SharedValueHead({ hiddenSize: config.nEmbd, seed: seed + 1 });
  // Rollouts through the sampler the ppo job uses (lib/ml/sampling's generate), not the trainer's default.
  const sampler = gptSampler({ model: policy });
  const dispose = () => {
    policy.dispose();
    reference.dispose();
    valueModel.dispose();
  };
  return { policy, reference, valueModel, sampler, dispose };
}

beforeAll(async () => {
  await useWasmBackend();
});

describe("PPO", () => {
  it("raises the mean synthetic reward while the KL to the reference stays bounded", async () => {
    const m = await makeModels(11);
    const history: PpoMetrics[] = [];
    const t0 = Date.now();
    const result = await trainPpo({
      ...m,
      reward: targetFraction,
      prompts,
      eosId: EOS,
      padId: PAD,
      config: { ...tinyPpo, steps: 25, seed: 5 },
      onMetrics: (x) => history.push(x),
    });
    m.dispose();
    const avg = (xs: PpoMetrics[], key: keyof PpoMetrics) => xs.reduce((a, h) => a + h[key], 0) / xs.length;
    const first = history.slice(0, 3);
    const last = history.slice(-3);
    console.log(
      `PPO ${result.steps} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s: reward ${avg(first, "rewardRaw").toFixed(3)} → ` +
        `${avg(last, "rewardRaw").toFixed(3)}, KL max ${Math.max(...history.map((h) => h.kl)).toFixed(3)} last ${avg(last, "kl").toFixed(3)}, ` +
        `entropy ${avg(first, "entropy").toFixed(3)} → ${avg(last, "entropy").toFixed(3)}, clipFrac last ${avg(last, "clipFrac").toFixed(3)}`,
    );
    expect(result.steps).toBe(25);
    expect(avg(last, "rewardRaw")).toBeGreaterThan(avg(first, "rewardRaw") + 0.3);
    expect(avg(last, "rewardNormalised")).toBeGreaterThan(avg(first, "rewardNormalised"));
    for (const h of history) {
      // Nats per response, with β = 0.2: the peak is 4–8 over seeds 1–6 (either sampler); a collapse onto one token
      // sequence would approach 6 tokens × ln 8 ≈ 12.5 against this reference.
      expect(h.kl).toBeLessThan(10);
      expect(Number.isFinite(h.policyLoss) && Number.isFinite(h.valueLoss)).toBe(true);
      expect(h.beta).toBe(0.2);
    }
    expect(avg(last, "kl")).toBeGreaterThan(0.2); // the policy did move away from the reference
  });
});

describe("PPO bookkeeping", () => {
  it("reports the missing-EOS score and adapts β toward the target KL", async () => {
    const m = await makeModels(12);
    const history: PpoMetrics[] = [];
    await trainPpo({
      ...m,
      reward: targetFraction,
      prompts,
      eosId: EOS,
      padId: PAD,
      config: { ...tinyPpo, steps: 3, ppoEpochs: 1, truncated: "penalty", truncatedPenalty: 3, kl: { mode: "adaptive", initCoef: 0.2, target: 100, horizon: 100 } },
      onMetrics: (x) => history.push(x),
    });
    m.dispose();
    for (const h of history) {
      expect(h.eosFraction).toBeLessThan(1);
      // score = mean of −3 for responses without EOS and the normalised reward for the others
      expect(h.score).toBeLessThan(h.rewardNormalised);
      expect(h.responseLength).toBeGreaterThan(0);
      expect(h.responseLength).toBeLessThanOrEqual(6);
    }
    // KL far below the target: β shrinks each step by the controller's maximum, 20 %·16/100.
    expect(history[1]?.beta).toBeCloseTo(0.2 * (1 - 0.2 * 0.16), 6);
    expect(history[2]?.beta).toBeCloseTo(0.2 * (1 - 0.2 * 0.16) ** 2, 6);
  });

  it("resumes from a checkpoint to the same weights, value head and β as an uninterrupted run", async () => {
    const run = { ...tinyPpo, steps: 3, ppoEpochs: 1, kl: { mode: "adaptive" as const, initCoef: 0.1, target: 1, horizon: 50 } };
    const full = await makeModels(13);
    const fullResult = await trainPpo({ ...full, reward: targetFraction, prompts, eosId: EOS, padId: PAD, config: run });
    const part = await makeModels(13);
    let saved: PpoState | null = null;
    const first = await trainPpo({
      ...part,
      reward: targetFraction,
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
    expect(first.stopped).toBe(true);
    expect(first.steps).toBe(2);
    const state = saved as PpoState | null;
    if (!state) throw new Error("no checkpoint");
    const fresh = Gpt.create({ config, seed: 77 });
    const freshValue = new SharedValueHead({ hiddenSize: config.nEmbd, seed: 78 });
    const second = await trainPpo({
      policy: fresh,
      reference: part.reference,
      valueModel: freshValue,
      sampler: gptSampler({ model: fresh }),
      reward: targetFraction,
      prompts,
      eosId: EOS,
      padId: PAD,
      resume: state,
    });
    expect(second.steps).toBe(3);
    expect(second.state.klCoef).toBeCloseTo(fullResult.state.klCoef, 10);
    expect(second.state.rngState).toBe(fullResult.state.rngState);
    const worst = (a: Map<string, { data: Float32Array }>, b: Map<string, { data: Float32Array }>) => {
      let w = 0;
      for (const [name, x] of a) {
        const y = b.get(name)?.data as Float32Array;
        x.data.forEach((v, i) => (w = Math.max(w, Math.abs(v - (y[i] as number)))));
      }
      return w;
    };
    expect(worst(fullResult.state.weights, second.state.weights)).toBeLessThan(1e-6);
    expect(worst(fullResult.state.valueWeights, second.state.valueWeights)).toBeLessThan(1e-6);
    full.dispose();
    part.dispose();
    fresh.dispose();
    freshValue.dispose();
  });

  it("stops before the next step when the AbortSignal fires", async () => {
    const m = await makeModels(14);
    const controller = new AbortController();
    const result = await trainPpo({
      ...m,
      reward: targetFraction,
      prompts,
      eosId: EOS,
      padId: PAD,
      config: { ...tinyPpo, steps: 10, ppoEpochs: 1 },
      signal: controller.signal,
      onMetrics: () => controller.abort(),
    });
    m.dispose();
    expect(result.stopped).toBe(true);
    expect(result.steps).toBe(1);
    expect(result.state.step).toBe(1);
  });

  it("leaks no tensors across a PPO step or a whole training run", async () => {
    const m = await makeModels(15);
    const trainer = new PpoTrainer({ ...m, reward: targetFraction, prompts, eosId: EOS, padId: PAD, config: { ...tinyPpo, steps: 3, ppoEpochs: 1 } });
    await trainer.step();
    const before = tf.memory().numTensors;
    await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    const beforeRun = tf.memory().numTensors;
    await trainPpo({ ...m, reward: targetFraction, prompts, eosId: EOS, padId: PAD, config: { ...tinyPpo, steps: 1, ppoEpochs: 1 } });
    expect(tf.memory().numTensors).toBe(beforeRun);
    m.dispose();
  });
});
