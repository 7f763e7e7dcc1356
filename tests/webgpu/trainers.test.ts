// The production trainers and sampling run on webgpu and compute what they compute on wasm: reward-model training
// steps (trainRewardModel), a DPO step (trainDpo), a PPO step with sampled rollouts (trainPpo with the job's sampler
// and reward-model scorer) and seeded generation (generate), on tiny configs, on Dawn over Mesa's llvmpipe.
// Tolerances: float32 kernels sum in a different order on each backend, so losses, metrics and log-probs over a few
// steps agree to 1e-3 (relative to their scale where it can exceed 1); sampled and greedy tokens must be identical
// (a token could only differ if a sampling draw fell within ~1e-6 of a CDF boundary; the seeds are fixed).
import { describe, expect, it } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { trainThreadsFromEnv } from "@/lib/ml/parallel";
import type { RankingExample } from "@/lib/ml/reward/data";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { trainRewardModel } from "@/lib/ml/reward/train-reward";
import { trainDpo } from "@/lib/ml/rl/dpo";
import type { PreferencePair } from "@/lib/ml/rl/preference-pairs";
import { trainPpo } from "@/lib/ml/rl/ppo";
import { gptSampler, rewardModelScorer } from "@/lib/ml/rl/reward-adapter";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import { generate } from "@/lib/ml/sampling/generate";
import { Rng } from "@/lib/ml/sampling/rng";
import { maxAbsDiff, on, setUpWebGpuSuite, type Backend } from "./backends";

// Vocabulary: 0–9 ordinary tokens, 10 = EOS, 11 = PAD.
const EOS = 10;
const PAD = 11;
const CONFIG = makeGptConfig({ vocabSize: 12, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });

/** Every finite number of a metrics object, by key (nested objects flattened as "eval.loss"). */
function numbers(metrics: object, prefix = ""): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === "number") out[prefix + key] = value;
    else if (value && typeof value === "object") Object.assign(out, numbers(value as object, `${prefix}${key}.`));
  }
  return out;
}

/** Metrics agree key by key within `tol`·max(1, |value|). */
function expectClose(wasm: object, gpu: object, tol: number): void {
  const a = numbers(wasm);
  const b = numbers(gpu);
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [key, value] of Object.entries(a)) {
    expect(Math.abs(value - (b[key] as number)), key).toBeLessThan(tol * Math.max(1, Math.abs(value)));
  }
}

function rankings(options: { count: number; seed: number }): RankingExample[] {
  const rng = new Rng(options.seed);
  return Array.from({ length: options.count }, (_, i) => ({
    promptId: `p${i % 6}`,
    sequences: Array.from({ length: 3 }, () => Array.from({ length: 3 + rng.int(6) }, () => rng.int(10))),
  }));
}

function pairs(options: { count: number; seed: number }): PreferencePair[] {
  const rng = new Rng(options.seed);
  return Array.from({ length: options.count }, () => {
    const n = 2 + rng.int(3);
    return {
      prompt: Array.from({ length: 2 + rng.int(3) }, () => rng.int(10)),
      chosen: [...Array.from({ length: n }, () => 3), EOS],
      rejected: [...Array.from({ length: n }, () => rng.int(10)), EOS],
    };
  });
}

setUpWebGpuSuite();

describe("the production trainers on webgpu against wasm", () => {
  it("train a reward model for a few steps to the same losses, held-out metrics, normalisation and weights", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const model = RewardModel.create({ config: CONFIG, seed: 3 });
        try {
          const metrics: object[] = [];
          const result = await trainRewardModel({
            model,
            examples: rankings({ count: 24, seed: 1 }),
            padId: PAD,
            config: {
              steps: 3,
              batchSize: 4,
              microBatchSize: 2,
              evalEvery: 3,
              valFraction: 0.2,
              lr: 3e-3,
              warmupSteps: 0,
              maxLength: 16,
            },
            onMetrics: (m) => metrics.push(m),
          });
          return {
            metrics,
            normalisation: result.normalisation,
            weights: result.state.weights,
            optimizerStep: result.state.optimizer.step,
          };
        } finally {
          model.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu.metrics).toHaveLength(3);
    expect(gpu.optimizerStep).toBe(3);
    expectClose(wasm.metrics, gpu.metrics, 1e-3);
    expectClose(wasm.normalisation ?? {}, gpu.normalisation ?? {}, 1e-3);
    for (const [name, w] of wasm.weights)
      expect(maxAbsDiff(w.data, gpu.weights.get(name)?.data ?? []), name).toBeLessThan(1e-3);
  });

  it("take a DPO step (reference log-probs, loss, metrics, held-out evaluation) to the same numbers", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const policy = Gpt.create({ config: CONFIG, seed: 21 });
        const reference = Gpt.fromWeights({ config: CONFIG, weights: await policy.exportWeights() });
        try {
          const result = await trainDpo({
            policy,
            reference,
            pairs: pairs({ count: 8, seed: 1 }),
            evalPairs: pairs({ count: 4, seed: 2 }),
            config: { steps: 1, batchSize: 8, microBatchSize: 4, lr: 3e-3, warmupSteps: 0, lrSchedule: "constant" },
          });
          return { metrics: result.lastMetrics, weights: result.state.weights };
        } finally {
          policy.dispose();
          reference.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu.metrics?.eval).toBeDefined();
    expectClose(wasm.metrics ?? {}, gpu.metrics ?? {}, 1e-3);
    for (const [name, w] of wasm.weights)
      expect(maxAbsDiff(w.data, gpu.weights.get(name)?.data ?? []), name).toBeLessThan(1e-3);
  });

  it("take a PPO step on sampled rollouts scored by a reward model to the same rollouts and numbers", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const policy = Gpt.create({ config: CONFIG, seed: 31 });
        const reference = Gpt.fromWeights({ config: CONFIG, weights: await policy.exportWeights() });
        const rewardModel = RewardModel.create({ config: CONFIG, seed: 32 });
        const valueModel = new SharedValueHead({ hiddenSize: CONFIG.nEmbd, seed: 33 });
        const sample = gptSampler({ model: policy });
        const rollouts: number[][][] = [];
        try {
          const result = await trainPpo({
            policy,
            reference,
            valueModel,
            reward: rewardModelScorer({ rewardModel, padId: PAD, batchSize: 3 }),
            sampler: async (options) => {
              const out = await sample(options);
              rollouts.push(out.responses);
              return out;
            },
            prompts: [
              [1, 2],
              [3, 4, 5],
              [6, 7],
              [8, 9, 0],
            ],
            eosId: EOS,
            padId: PAD,
            config: {
              steps: 1,
              batchSize: 4,
              miniBatchSize: 2,
              ppoEpochs: 1,
              maxNewTokens: 6,
              temperature: 1,
              lr: 1e-3,
              seed: 5,
            },
          });
          return {
            rollouts,
            metrics: result.lastMetrics,
            weights: result.state.weights,
            value: result.state.valueWeights,
          };
        } finally {
          policy.dispose();
          reference.dispose();
          rewardModel.dispose();
          valueModel.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu.rollouts).toEqual(wasm.rollouts);
    expect(gpu.rollouts[0]?.some((r) => r.length > 0)).toBe(true);
    expectClose(wasm.metrics ?? {}, gpu.metrics ?? {}, 1e-3);
    for (const [name, w] of wasm.weights)
      expect(maxAbsDiff(w.data, gpu.weights.get(name)?.data ?? []), name).toBeLessThan(1e-3);
    for (const [name, w] of wasm.value)
      expect(maxAbsDiff(w.data, gpu.value.get(name)?.data ?? []), name).toBeLessThan(1e-3);
  });

  it("generate the same tokens for a seed (greedy and sampled, top-k and top-p) with the same log-probs", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const model = Gpt.create({ config: { ...CONFIG, tieWeights: true }, seed: 41 });
        try {
          const prompts = [
            [1, 2, 3],
            [4, 5],
            [6, 7, 8],
          ];
          const greedy = await generate({
            model,
            prompts,
            eosId: EOS,
            seed: 1,
            config: { temperature: 0, maxNewTokens: 8 },
          });
          const sampled = await generate({
            model,
            prompts,
            numSamples: 3,
            eosId: EOS,
            seed: 7,
            config: { temperature: 1, topK: 6, topP: 0.9, maxNewTokens: 8 },
          });
          return { greedy, sampled };
        } finally {
          model.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu.greedy.map((c) => c.tokens)).toEqual(wasm.greedy.map((c) => c.tokens));
    expect(gpu.sampled.map((c) => c.tokens)).toEqual(wasm.sampled.map((c) => c.tokens));
    expect(gpu.greedy[0]?.tokens.length).toBeGreaterThan(0);
    const logProbs = (cs: { logProbs: number[] }[]) => cs.flatMap((c) => c.logProbs);
    expect(maxAbsDiff(logProbs(wasm.greedy), logProbs(gpu.greedy))).toBeLessThan(1e-3);
    expect(maxAbsDiff(logProbs(wasm.sampled), logProbs(gpu.sampled))).toBeLessThan(1e-3);
  });

  it("use one training thread on webgpu, whatever PODIUM_TRAIN_THREADS says", async () => {
    await selectBackend({ force: "webgpu" });
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: "4" } })).toBe(1);
    await selectBackend({ force: "wasm" });
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: "4" } })).toBe(4);
  });
});
