import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt, type NamedWeight } from "@/lib/ml/model/gpt";
import { TrainThreads, generateOnThreads, parallelStep, replicaSpecFor, trainThreadsFromEnv, type TrainPart } from "@/lib/ml/parallel";
import type { RankingExample } from "@/lib/ml/reward/data";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { type RewardMetrics, type RewardTrainConfig, trainRewardModel } from "@/lib/ml/reward/train-reward";
import { type DpoMetrics, trainDpo } from "@/lib/ml/rl/dpo";
import type { PreferencePair } from "@/lib/ml/rl/preference-pairs";
import { type PpoMetrics, trainPpo } from "@/lib/ml/rl/ppo";
import type { PpoConfig } from "@/lib/ml/rl/ppo-config";
import type { RewardFunction } from "@/lib/ml/rl/types";
import { SeparateValueModel, SharedValueHead } from "@/lib/ml/rl/value-model";
import { generate } from "@/lib/ml/sampling/generate";
import { Rng } from "@/lib/ml/sampling/rng";
import { AdamW } from "@/lib/ml/train/adamw";

beforeAll(useWasmBackend);

const config = makeGptConfig({ vocabSize: 16, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 });
const EOS = 14;
const PAD = 15;

function maxDiff(a: Map<string, NamedWeight>, b: Map<string, NamedWeight>): number {
  let worst = 0;
  for (const [name, w] of a) {
    const other = b.get(name)?.data;
    if (!other) throw new Error(`missing ${name}`);
    w.data.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - (other[i] as number)))));
  }
  return worst;
}

function rankings(count: number, seed: number): RankingExample[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    promptId: `p${i % 7}`,
    sequences: Array.from({ length: 2 + (i % 3) }, () => Array.from({ length: 3 + rng.int(12) }, () => rng.int(14))),
  }));
}

function pairs(count: number, seed: number): PreferencePair[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => ({
    prompt: Array.from({ length: 2 + rng.int(3) }, () => rng.int(14)),
    chosen: [...Array.from({ length: 2 + rng.int(4) }, () => 3), EOS],
    rejected: [...Array.from({ length: 2 + rng.int(4) }, () => rng.int(14)), EOS],
  }));
}

describe("data-parallel training over worker threads", () => {
  it("trains a reward model with 2 threads to the same weights, losses and accuracies as with 1", async () => {
    const examples = rankings(40, 1);
    const cfg: Partial<RewardTrainConfig> = { steps: 4, batchSize: 6, microBatchSize: 2, lr: 3e-3, warmupSteps: 1, evalEvery: 0, maxLength: 16, centring: 0.3 };
    const run = async (threads: number) => {
      const model = RewardModel.create({ config, seed: 5 });
      const metrics: RewardMetrics[] = [];
      const before = tf.memory().numTensors;
      const result = await trainRewardModel({ model, examples, padId: PAD, config: cfg, threads, onMetrics: (m) => metrics.push(m) });
      expect(tf.memory().numTensors).toBe(before); // no tensor left behind on the main thread
      const weights = await model.exportWeights();
      model.dispose();
      return { result, metrics, weights };
    };
    const one = await run(1);
    const two = await run(2);
    expect(maxDiff(one.weights, two.weights)).toBeLessThan(1e-5);
    expect(maxDiff(one.weights, await RewardModel.create({ config, seed: 5 }).exportWeights())).toBeGreaterThan(1e-3); // it did train
    two.metrics.forEach((m, i) => {
      const ref = one.metrics[i] as RewardMetrics;
      expect(Math.abs(m.loss - ref.loss)).toBeLessThan(1e-5);
      expect(Math.abs(m.gradNorm - ref.gradNorm) / ref.gradNorm).toBeLessThan(1e-4);
      expect(m.accuracy).toBe(ref.accuracy);
    });
  });

  it("trains DPO with 2 threads to the same weights and metrics as with 1, odd batch sizes included", async () => {
    const data = pairs(14, 2);
    const run = async (threads: number) => {
      const policy = Gpt.create({ config, seed: 7 });
      const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
      const metrics: DpoMetrics[] = [];
      const cfg = { batchSize: 5, microBatchSize: 0, steps: 4, lr: 3e-3, warmupSteps: 0, lrSchedule: "constant" as const, beta: 0.1 }; // rpoAlpha 0: its NLL term is a mean over tokens, split exactly only when parts have equal token counts
      await trainDpo({ policy, reference, pairs: data, config: cfg, threads, onMetrics: (m) => metrics.push(m) });
      const weights = await policy.exportWeights();
      policy.dispose();
      reference.dispose();
      return { metrics, weights };
    };
    const one = await run(1);
    const two = await run(2);
    expect(maxDiff(one.weights, two.weights)).toBeLessThan(1e-5);
    two.metrics.forEach((m, i) => {
      const ref = one.metrics[i] as DpoMetrics;
      expect(Math.abs(m.loss - ref.loss)).toBeLessThan(1e-5);
      expect(Math.abs(m.rewardMargin - ref.rewardMargin)).toBeLessThan(1e-5);
      expect(m.rewardAccuracy).toBe(ref.rewardAccuracy);
    });
  });

  it("runs PPO updates with 2 threads to the same policy and value weights as with 1 (shared and separate value models)", async () => {
    const prompts = [[0, 1], [2, 4, 5], [1, 1, 0], [5, 2], [4, 0, 2], [0, 5]];
    const reward: RewardFunction = ({ responses }) => responses.map((r) => r.filter((t) => t === 3).length / Math.max(1, r.length));
    const cfg: Partial<PpoConfig> = {
      steps: 2,
      batchSize: 8,
      miniBatchSize: 4,
      ppoEpochs: 2,
      maxNewTokens: 5,
      lr: 3e-3,
      lrSchedule: "constant",
      truncated: "score",
      truncatedPenalty: 0,
      rewardStats: { mean: 0.15, std: 0.2 },
    };
    for (const separate of [false, true]) {
      const run = async (threads: number) => {
        const policy = Gpt.create({ config, seed: 9 });
        const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
        const valueModel = separate
          ? new SeparateValueModel({ trunk: Gpt.create({ config, seed: 10 }), seed: 11 })
          : new SharedValueHead({ hiddenSize: config.nEmbd, seed: 11 });
        const metrics: PpoMetrics[] = [];
        await trainPpo({ policy, reference, valueModel, reward, prompts, eosId: EOS, padId: PAD, config: cfg, threads, onMetrics: (m) => metrics.push(m) });
        const weights = await policy.exportWeights();
        const value = await valueModel.exportWeights();
        policy.dispose();
        reference.dispose();
        valueModel.dispose();
        return { metrics, weights, value };
      };
      const one = await run(1);
      const two = await run(2);
      expect(maxDiff(one.weights, two.weights)).toBeLessThan(1e-5);
      expect(maxDiff(one.value, two.value)).toBeLessThan(1e-5);
      two.metrics.forEach((m, i) => {
        const ref = one.metrics[i] as PpoMetrics;
        expect(Math.abs(m.policyLoss - ref.policyLoss)).toBeLessThan(1e-5);
        expect(Math.abs(m.valueLoss - ref.valueLoss)).toBeLessThan(1e-5);
      });
    }
  });

  it("fails the step with the thread's error, and a closed thread refuses further work", async () => {
    const model = Gpt.create({ config, seed: 3 });
    const optimizer = new AdamW({ params: model.variables() });
    const threads = await TrainThreads.start({ threads: 2, spec: replicaSpecFor({ gpt: model }) as NonNullable<ReturnType<typeof replicaSpecFor>> });
    const ids = Int32Array.from({ length: 16 }, (_, i) => i % 14);
    const lm: TrainPart = { kind: "lm", weight: 0.5, inputs: ids, targets: ids, rows: 1, cols: 16 };
    // The thread's replica is a plain GPT: a reward-model part cannot run there.
    const reward: TrainPart = { kind: "reward", weight: 0.5, examples: rankings(1, 4), padId: PAD, maxLength: 16, loss: "bradley-terry", centring: 0 };
    const before = await model.exportWeights();
    const tensorsBefore = tf.memory().numTensors;
    await expect(parallelStep({ optimizer, models: { lm: model }, parts: [lm, reward], threads, lr: 1e-2 })).rejects.toThrow(/training thread: .*needs a reward model/);
    expect(optimizer.step).toBe(0);
    expect(maxDiff(before, await model.exportWeights())).toBe(0); // no update from a failed step
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    await threads?.close();
    await expect(parallelStep({ optimizer, models: { lm: model }, parts: [lm, lm], threads, lr: 1e-2 })).rejects.toThrow(/closed/);
    optimizer.dispose();
    model.dispose();
  });

  it("samples with the rows shared between 2 threads the same completions as generate() on one thread", async () => {
    const model = Gpt.create({ config, seed: 21 });
    const threads = await TrainThreads.start({ threads: 2, spec: replicaSpecFor({ gpt: model }) as NonNullable<ReturnType<typeof replicaSpecFor>> });
    try {
      const request = { prompts: [[1, 2, 3], [4, 5], [6, 7, 8]], numSamples: 3, eosId: EOS, seed: 5, config: { temperature: 1, maxNewTokens: 8 } };
      const one = await generate({ model, ...request });
      const two = await generateOnThreads({ model, threads, ...request });
      expect(two.map((c) => [c.promptIndex, c.sampleIndex, c.tokens, c.finished])).toEqual(one.map((c) => [c.promptIndex, c.sampleIndex, c.tokens, c.finished]));
      two.forEach((c, i) => c.logProbs.forEach((lp, j) => expect(Math.abs(lp - (one[i]?.logProbs[j] as number))).toBeLessThan(1e-5)));
      expect(new Set(one.map((c) => c.tokens.join(","))).size).toBeGreaterThan(1); // the rows really differ
    } finally {
      await threads?.close();
      model.dispose();
    }
  });

  it("takes the thread count from PODIUM_TRAIN_THREADS, else 2 on a machine with 2 or more cores and 1 on one core", () => {
    expect(trainThreadsFromEnv({ env: {}, cores: 2 })).toBe(2);
    expect(trainThreadsFromEnv({ env: {}, cores: 16 })).toBe(2);
    expect(trainThreadsFromEnv({ env: {}, cores: 1 })).toBe(1);
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: "1" }, cores: 2 })).toBe(1);
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: " 3 " }, cores: 2 })).toBe(3);
    for (const bad of ["0", "-1", "1.5", "two"]) {
      expect(() => trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: bad }, cores: 2 })).toThrow(/PODIUM_TRAIN_THREADS/);
    }
  });

  it("uses one thread on the webgpu backend, whatever PODIUM_TRAIN_THREADS or the core count say", () => {
    expect(trainThreadsFromEnv({ env: {}, cores: 16, backend: "webgpu" })).toBe(1);
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: "4" }, cores: 16, backend: "webgpu" })).toBe(1);
    expect(trainThreadsFromEnv({ env: { PODIUM_TRAIN_THREADS: "4" }, cores: 16, backend: "wasm" })).toBe(4);
  });
});
