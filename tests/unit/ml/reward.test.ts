import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { maxGradError } from "./helpers/gradcheck";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { pairwiseAccuracy, rankingLoss } from "@/lib/ml/reward/losses";
import { type RankingExample, makeRewardBatch, splitByPrompt } from "@/lib/ml/reward/data";
import { DEFAULT_REWARD_TRAIN_CONFIG, type RewardMetrics, type RewardTrainConfig, trainRewardModel } from "@/lib/ml/reward/train-reward";
import { Rng } from "@/lib/ml/sampling/rng";
import { deserializeCheckpoint, KvCheckpointStore, MemoryKv, serializeCheckpoint } from "@/lib/ml/checkpoint";
import { fromCheckpoint, toCheckpoint } from "@/lib/ml/train/checkpoint-bridge";
import { loadRewardModel } from "@/workers/ml/load-models";
import { AdamW } from "@/lib/ml/train/adamw";

beforeAll(useWasmBackend);

const EOS = 10;
const PAD = 11;
const TARGET = 3; // the hidden rule: more 3s is better
const config = makeGptConfig({ vocabSize: 12, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32 });
const tokenizerJson = { type: "byte-bpe" as const, version: 1 as const, merges: [], pattern: "x", special: { eos: "<e>", pad: "<p>" } };

/**
 * Synthetic rankings: prompt = 2 tokens from 4..9, each completion 6 tokens from 0..9 (P(3) ≈ 0.3), ranked by the
 * count of 3s (counts distinct within a ranking). With `noise`, a ranking is replaced by a random order with that
 * probability, so the best achievable pairwise accuracy on noisy labels is 1 − noise/2.
 */
function syntheticRankings(options: { prompts: number; k: number; seed: number; noise?: number }): RankingExample[] {
  const rng = new Rng(options.seed);
  const out: RankingExample[] = [];
  for (let p = 0; p < options.prompts; p++) {
    const prompt = [4 + rng.int(6), 4 + rng.int(6)];
    const byCount = new Map<number, number[]>();
    while (byCount.size < options.k) {
      const completion = Array.from({ length: 6 }, () => (rng.next() < 0.3 ? TARGET : [0, 1, 2, 4, 5, 6, 7, 8, 9][rng.int(9)] as number));
      const count = completion.filter((t) => t === TARGET).length;
      if (!byCount.has(count)) byCount.set(count, [...prompt, ...completion, EOS]);
    }
    let sequences = [...byCount.entries()].sort((a, b) => b[0] - a[0]).map(([, s]) => s);
    if (options.noise && rng.next() < options.noise) sequences = rng.shuffle(sequences);
    out.push({ promptId: `prompt-${options.seed}-${p}`, sequences });
  }
  return out;
}

const trainConfig: Partial<RewardTrainConfig> = {
  steps: 80,
  batchSize: 8,
  lr: 3e-3,
  minLr: 3e-4,
  warmupSteps: 10,
  evalEvery: 40,
  maxLength: 16,
  valFraction: 0.25,
};

describe("ranking losses", () => {
  it("Bradley–Terry on one pair is −log σ(r_better − r_worse)", () => {
    const loss = tf.tidy(() => rankingLoss({ rewards: tf.tensor1d([1.5, -0.5]), rankings: [[0, 1]], kind: "bradley-terry", centring: 0 }).dataSync()[0]);
    expect(loss).toBeCloseTo(Math.log(1 + Math.exp(-2)), 5);
  });

  it("Bradley–Terry averages the C(K,2) pairs inside a ranking and then the rankings", () => {
    const r = [2, 0.5, -1, 0.3, 0.1];
    const bt = (a: number, b: number) => Math.log(1 + Math.exp(-(a - b)));
    const first = (bt(2, 0.5) + bt(2, -1) + bt(0.5, -1)) / 3;
    const second = bt(0.3, 0.1);
    const loss = tf.tidy(() => rankingLoss({ rewards: tf.tensor1d(r), rankings: [[0, 1, 2], [3, 4]], kind: "bradley-terry", centring: 0 }).dataSync()[0]);
    expect(loss).toBeCloseTo((first + second) / 2, 5);
  });

  it("Plackett–Luce equals Bradley–Terry for pairs and is the listwise likelihood for K = 3", () => {
    tf.tidy(() => {
      const pair = rankingLoss({ rewards: tf.tensor1d([0.7, -0.2]), rankings: [[0, 1]], kind: "plackett-luce", centring: 0 }).dataSync()[0];
      expect(pair).toBeCloseTo(Math.log(1 + Math.exp(-0.9)), 5);
      const [a, b, c] = [1, 0.2, -0.5];
      const nll = -(a - Math.log(Math.exp(a) + Math.exp(b) + Math.exp(c))) - (b - Math.log(Math.exp(b) + Math.exp(c)));
      const pl = rankingLoss({ rewards: tf.tensor1d([c, a, b]), rankings: [[1, 2, 0]], kind: "plackett-luce", centring: 0 }).dataSync()[0];
      expect(pl).toBeCloseTo(nll / 2, 5);
    });
  });

  it("adds the centring term c·mean(r²)", () => {
    tf.tidy(() => {
      const rewards = tf.tensor1d([3, 1]);
      const base = rankingLoss({ rewards, rankings: [[0, 1]], kind: "bradley-terry", centring: 0 }).dataSync()[0] as number;
      const centred = rankingLoss({ rewards, rankings: [[0, 1]], kind: "bradley-terry", centring: 0.01 }).dataSync()[0] as number;
      expect(centred - base).toBeCloseTo(0.01 * 5, 5);
    });
  });

  it("has gradients with respect to the rewards that agree with finite differences (both losses)", () => {
    const rewards = tf.tensor1d([0.3, -0.8, 1.1, 0.05, -0.4]);
    for (const kind of ["bradley-terry", "plackett-luce"] as const) {
      const f = (r: tf.Tensor) => tf.reshape(rankingLoss({ rewards: r, rankings: [[2, 0, 3, 1], [4, 1]], kind, centring: 0.01 }), [1]);
      expect(maxGradError({ f, x: rewards, probes: 5, eps: 1e-2 })).toBeLessThan(2e-2);
    }
    rewards.dispose();
  });

  it("pairwise accuracy counts correctly ordered pairs", () => {
    expect(pairwiseAccuracy({ rewards: [3, 2, 1], rankings: [[0, 1, 2]] })).toBe(1);
    expect(pairwiseAccuracy({ rewards: [1, 2, 3], rankings: [[0, 1, 2]] })).toBe(0);
    expect(pairwiseAccuracy({ rewards: [2, 3, 1], rankings: [[0, 1, 2]] })).toBeCloseTo(2 / 3, 6);
  });
});

describe("RewardModel", () => {
  it("reads the reward at the last real token, so right padding never changes it", async () => {
    const model = RewardModel.create({ config, seed: 1 });
    tf.tidy(() => {
      const a = model.forward({ ids: tf.tensor2d([[4, 5, 3, 10, PAD, PAD]], [1, 6], "int32"), lengths: [4] }).dataSync()[0];
      const b = model.forward({ ids: tf.tensor2d([[4, 5, 3, 10, 7, 1]], [1, 6], "int32"), lengths: [4] }).dataSync()[0];
      const c = model.forward({ ids: tf.tensor2d([[4, 5, 3, 10]], [1, 4], "int32"), lengths: [4] }).dataSync()[0];
      expect(b).toBeCloseTo(a as number, 5);
      expect(c).toBeCloseTo(a as number, 5);
    });
    model.dispose();
  });

  it("starts from the policy's transformer weights", async () => {
    const policy = Gpt.create({ config, seed: 77 });
    const weights = await policy.exportWeights();
    const rm = RewardModel.fromPolicy({ config, policyWeights: weights });
    const copied = await rm.exportWeights();
    expect(Array.from(copied.get("h.1.mlp.c_fc.weight")?.data ?? [])).toEqual(Array.from(weights.get("h.1.mlp.c_fc.weight")?.data ?? []));
    expect(copied.has("score.weight")).toBe(true);
    rm.dispose();
    policy.dispose();
  });

  it("is rebuilt by the worker's loader from its stored checkpoint with the same rewards and normalisation stats", async () => {
    const model = RewardModel.create({ config, seed: 8 });
    const optimizer = new AdamW({ params: model.variables() });
    const state = { step: 3, bestMetric: 0.5, config: {}, weights: await model.exportWeights(), optimizer: await optimizer.exportState(), rngState: 7 };
    const store = new KvCheckpointStore({ kv: new MemoryKv() });
    const save = (normalisation: unknown) =>
      toCheckpoint({ kind: "reward", state, modelConfig: config, tokenizer: tokenizerJson, extra: { normalisation } });
    await store.save("models/rm", save({ mean: 0.25, std: 1.5 }));
    await store.save("models/rm-flat", save({ mean: 0.25, std: 0 }));
    await store.save("models/rm-none", save("unknown"));
    // The reader the ppo job uses (workers/ml/load-models.ts), through the store as the job reads it.
    const loaded = await loadRewardModel({ store, key: "models/rm" });
    tf.tidy(() => {
      const ids = tf.tensor2d([[4, 5, 3, 3, 10]], [1, 5], "int32");
      expect(loaded.model.forward({ ids, lengths: [5] }).dataSync()[0]).toBeCloseTo(model.forward({ ids, lengths: [5] }).dataSync()[0] as number, 6);
    });
    expect(loaded.normalisation).toEqual({ mean: 0.25, std: 1.5 });
    const flat = await loadRewardModel({ store, key: "models/rm-flat" });
    const none = await loadRewardModel({ store, key: "models/rm-none" });
    expect(flat.normalisation).toEqual({ mean: 0.25, std: 1 });
    expect(none.normalisation).toEqual({ mean: 0, std: 1 });
    await expect(loadRewardModel({ store, key: "models/missing" })).rejects.toThrow(/no checkpoint/);
    for (const m of [loaded.model, flat.model, none.model, model]) m.dispose();
    optimizer.dispose();
  });
});

describe("reward data", () => {
  it("splits by prompt: no prompt has completions in both the training and the held-out set", () => {
    const examples = syntheticRankings({ prompts: 50, k: 3, seed: 1 });
    const doubled = [...examples, ...examples.map((e) => ({ ...e, sequences: [...e.sequences].reverse() }))];
    const { train, val } = splitByPrompt({ examples: doubled, valFraction: 0.2, seed: 4 });
    const trainIds = new Set(train.map((e) => e.promptId));
    expect(val.length).toBe(20);
    expect(val.some((e) => trainIds.has(e.promptId))).toBe(false);
  });

  it("right-pads with PAD (distinct from EOS) and records real lengths", () => {
    const batch = makeRewardBatch({ examples: [{ promptId: "a", sequences: [[4, 10], [4, 5, 6, 10]] }], padId: PAD, maxLength: 16 });
    expect(batch.ids.arraySync()).toEqual([[4, 10, PAD, PAD], [4, 5, 6, 10]]);
    expect(batch.lengths).toEqual([2, 4]);
    expect(batch.rankings).toEqual([[0, 1]]);
    batch.ids.dispose();
  });
});

describe("trainRewardModel", () => {
  it("learns a hidden preference rule: held-out pairwise accuracy ≥ 90% on noise-free rankings", async () => {
    const model = RewardModel.create({ config, seed: 2 });
    const before = tf.memory().numTensors;
    const accuracies: number[] = [];
    const result = await trainRewardModel({
      model,
      examples: syntheticRankings({ prompts: 160, k: 4, seed: 10 }),
      padId: PAD,
      config: trainConfig,
      onMetrics: (m) => m.eval && accuracies.push(m.eval.accuracy),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.finalEval?.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracies.length).toBe(2); // evaluated at steps 40 and 80
    expect(result.losses.slice(-10).reduce((a, b) => a + b) / 10).toBeLessThan(result.losses.slice(0, 10).reduce((a, b) => a + b) / 10);
    const normalisation = result.normalisation ?? { mean: NaN, std: NaN };
    expect(normalisation.std).toBeGreaterThan(0);
    expect(Math.abs(normalisation.mean)).toBeLessThan(5 * normalisation.std); // centring keeps rewards near 0
    model.dispose();
  });

  it("with 30% of rankings shuffled reaches about the noise ceiling (85%) on noisy held-out labels", async () => {
    const model = RewardModel.create({ config, seed: 3 });
    const result = await trainRewardModel({
      model,
      examples: syntheticRankings({ prompts: 240, k: 4, seed: 20, noise: 0.3 }),
      padId: PAD,
      config: { ...trainConfig, steps: 120, evalEvery: 0 },
    });
    const acc = result.finalEval?.accuracy as number;
    expect(acc).toBeGreaterThan(0.75);
    expect(acc).toBeLessThan(0.95); // cannot beat the ceiling by much: the labels themselves disagree
    model.dispose();
  });

  it("resumes from a checkpoint on the same loss curve: 2N steps equal N + save/load + N", async () => {
    const examples = syntheticRankings({ prompts: 40, k: 3, seed: 30 });
    const cfg = { ...trainConfig, steps: 12, evalEvery: 0, warmupSteps: 3 };
    const straight = RewardModel.create({ config, seed: 5 });
    const full = await trainRewardModel({ model: straight, examples, padId: PAD, config: cfg });
    straight.dispose();

    const first = RewardModel.create({ config, seed: 5 });
    let saved: Uint8Array | null = null;
    const half = await trainRewardModel({
      model: first,
      examples,
      padId: PAD,
      config: cfg,
      shouldStop: () => false,
      checkpointEvery: 6,
      onCheckpoint: (state) => {
        if (state.step === 6) saved = serializeCheckpoint(toCheckpoint({ kind: "reward", state, modelConfig: config, tokenizer: tokenizerJson }));
      },
    });
    first.dispose();
    expect(saved).not.toBeNull();
    const checkpoint = deserializeCheckpoint(saved as unknown as Uint8Array);
    const resumedModel = RewardModel.create({ config, seed: 99 }); // different init: everything must come from the checkpoint
    const resumed = await trainRewardModel({
      model: resumedModel,
      examples,
      padId: PAD,
      resume: fromCheckpoint({ checkpoint, parseConfig: (raw) => raw as RewardTrainConfig }),
    });
    resumedModel.dispose();
    expect(half.losses).toHaveLength(12);
    expect(resumed.losses).toHaveLength(6);
    resumed.losses.forEach((l, i) => expect(l).toBeCloseTo(full.losses[6 + i] as number, 4));
  });

  it("stops when asked (shouldStop or an aborted signal) and reports it", async () => {
    const model = RewardModel.create({ config, seed: 6 });
    let calls = 0;
    const examples = syntheticRankings({ prompts: 20, k: 2, seed: 40 });
    const checkpoints: { step: number; normalised: boolean }[] = [];
    const viaCallback = await trainRewardModel({
      model,
      examples,
      padId: PAD,
      config: { ...trainConfig, steps: 50 },
      shouldStop: () => ++calls > 3,
      onCheckpoint: (state, normalisation) => {
        checkpoints.push({ step: state.step, normalised: normalisation !== null });
      },
    });
    expect(viaCallback.stopped).toBe(true);
    expect(viaCallback.steps).toBe(3);
    // A stopped run skips scoring every training ranking: its last checkpoint (for a resume) has no statistics.
    expect(viaCallback.normalisation).toBeNull();
    expect(checkpoints).toEqual([{ step: 3, normalised: false }]);
    const controller = new AbortController();
    controller.abort();
    const viaSignal = await trainRewardModel({ model, examples, padId: PAD, config: { ...trainConfig, steps: 50 }, signal: controller.signal });
    expect(viaSignal.steps).toBe(0);
    model.dispose();
  });
});

describe("gradient accumulation over micro-batches", () => {
  const tiny = makeGptConfig({ vocabSize: 64, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 });
  const TINY_PAD = 63;

  /** Rankings of `k` random sequences each (k may be a list, one K per ranking), lengths 3..16, so padding differs. */
  function randomRankings(options: { k: number | number[]; count: number; seed: number }): RankingExample[] {
    const rng = new Rng(options.seed);
    return Array.from({ length: options.count }, (_, i) => {
      const k = typeof options.k === "number" ? options.k : (options.k[i % options.k.length] as number);
      const sequences = Array.from({ length: k }, () => Array.from({ length: 3 + rng.int(14) }, () => rng.int(62)));
      return { promptId: `acc-${options.seed}-${i}`, sequences };
    });
  }

  /** Reward-model loss of `examples` as one batch, as the trainer builds it. */
  function lossOf(model: RewardModel, batch: ReturnType<typeof makeRewardBatch>, centring: number): tf.Scalar {
    const rewards = model.forward({ ids: batch.ids, lengths: batch.lengths }); // [N]
    return rankingLoss({ rewards, rankings: batch.rankings, kind: "bradley-terry", centring });
  }

  async function maxParamDiff(a: RewardModel, b: RewardModel): Promise<number> {
    const wb = await b.exportWeights();
    let worst = 0;
    for (const [name, w] of await a.exportWeights()) {
      const other = wb.get(name)?.data as Float32Array;
      w.data.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - (other[i] as number)))));
    }
    return worst;
  }

  it("one AdamW step from micro-batch gradients weighted by their share equals the full-batch step", async () => {
    const examples = randomRankings({ k: 5, count: 6, seed: 50 });
    const full = RewardModel.create({ config: tiny, seed: 9 });
    const split = RewardModel.create({ config: tiny, seed: 9 });
    // No clipping: the gradient norm is compared raw. AdamW divides by |g|, so where a gradient is ~0 float rounding
    // moves that coordinate by a fraction of lr (1.6e-5 at lr 1e-2): lr 1e-3 keeps that under the 1e-5 tolerance.
    const adamConfig = { lr: 1e-3, weightDecay: 0.01, gradClip: 0 };
    const optFull = new AdamW({ params: full.variables(), config: adamConfig });
    const optSplit = new AdamW({ params: split.variables(), config: adamConfig });
    const whole = makeRewardBatch({ examples, padId: TINY_PAD, maxLength: 16 });
    const parts = [examples.slice(0, 2), examples.slice(2, 3), examples.slice(3, 6)].map((ex) =>
      makeRewardBatch({ examples: ex, padId: TINY_PAD, maxLength: 16 }),
    );
    // Three steps: the first AdamW step is ≈ lr·sign(g) whatever the gradient's scale; later ones depend on it.
    for (let step = 0; step < 3; step++) {
      const a = await optFull.minimize({ lossFn: () => lossOf(full, whole, 0.01) });
      const b = await optSplit.minimizeAccumulated({
        parts: parts.map((batch) => ({ lossFn: () => lossOf(split, batch, 0.01), weight: batch.rankings.length / examples.length })),
      });
      expect(b.loss).toBeCloseTo(a.loss, 5);
      expect(Math.abs(b.gradNorm - a.gradNorm) / a.gradNorm).toBeLessThan(1e-5);
      expect(await maxParamDiff(full, split)).toBeLessThan(1e-5);
    }
    expect(await maxParamDiff(full, RewardModel.create({ config: tiny, seed: 9 }))).toBeGreaterThan(1e-3); // the steps moved them
    tf.dispose([whole.ids, ...parts.map((p) => p.ids)]);
    optFull.dispose();
    optSplit.dispose();
    full.dispose();
    split.dispose();
  });

  it("clips the accumulated gradient by its global norm, not each part's", async () => {
    const examples = randomRankings({ k: 5, count: 4, seed: 51 });
    const full = RewardModel.create({ config: tiny, seed: 10 });
    const split = RewardModel.create({ config: tiny, seed: 10 });
    const adamConfig = { lr: 1e-2, gradClip: 1e-3 }; // far below the gradient norm: every step is clipped
    const optFull = new AdamW({ params: full.variables(), config: adamConfig });
    const optSplit = new AdamW({ params: split.variables(), config: adamConfig });
    const whole = makeRewardBatch({ examples, padId: TINY_PAD, maxLength: 16 });
    const parts = [examples.slice(0, 2), examples.slice(2)].map((ex) => makeRewardBatch({ examples: ex, padId: TINY_PAD, maxLength: 16 }));
    for (let step = 0; step < 3; step++) {
      const a = await optFull.minimize({ lossFn: () => lossOf(full, whole, 0.01) });
      await optSplit.minimizeAccumulated({ parts: parts.map((batch) => ({ lossFn: () => lossOf(split, batch, 0.01), weight: 0.5 })) });
      expect(a.gradNorm).toBeGreaterThan(1e-3);
    }
    expect(await maxParamDiff(full, split)).toBeLessThan(1e-5);
    tf.dispose([whole.ids, ...parts.map((p) => p.ids)]);
    optFull.dispose();
    optSplit.dispose();
    full.dispose();
    split.dispose();
  });

  it("leaves no tensors behind after an accumulated step", async () => {
    const model = RewardModel.create({ config: tiny, seed: 11 });
    const optimizer = new AdamW({ params: model.variables() });
    const parts = [0, 1, 2].map((seed) => makeRewardBatch({ examples: randomRankings({ k: 5, count: 2, seed: 60 + seed }), padId: TINY_PAD, maxLength: 16 }));
    const before = tf.memory().numTensors;
    const { loss } = await optimizer.minimizeAccumulated({ parts: parts.map((batch) => ({ lossFn: () => lossOf(model, batch, 0.01), weight: 1 / 3 })) });
    expect(Number.isFinite(loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(parts.map((p) => p.ids));
    optimizer.dispose();
    model.dispose();
  });

  it("trains with microBatchSize 2 on the same losses, gradient norms and accuracies as in one pass, even with mixed K", async () => {
    const examples = randomRankings({ k: [5, 3, 4, 5, 2], count: 40, seed: 70 });
    const cfg: Partial<RewardTrainConfig> = { steps: 5, batchSize: 7, lr: 3e-3, warmupSteps: 1, evalEvery: 0, maxLength: 16, valFraction: 0.2, centring: 0.5 };
    const run = async (microBatchSize: number) => {
      const model = RewardModel.create({ config: tiny, seed: 12 });
      const metrics: RewardMetrics[] = [];
      const before = tf.memory().numTensors;
      const result = await trainRewardModel({ model, examples, padId: TINY_PAD, config: { ...cfg, microBatchSize }, onMetrics: (m) => metrics.push(m) });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      return { result, metrics };
    };
    const onePass = await run(0);
    const micro = await run(2);
    expect(micro.result.losses).toHaveLength(5);
    micro.result.losses.forEach((l, i) => expect(Math.abs(l - (onePass.result.losses[i] as number))).toBeLessThan(1e-4));
    micro.metrics.forEach((m, i) => {
      const ref = onePass.metrics[i] as RewardMetrics;
      expect(Math.abs(m.gradNorm - ref.gradNorm) / ref.gradNorm).toBeLessThan(1e-4);
      expect(m.accuracy).toBe(ref.accuracy);
    });
    expect(Math.abs((micro.result.finalEval?.loss as number) - (onePass.result.finalEval?.loss as number))).toBeLessThan(1e-4);
  });

  it("resumes a checkpoint saved before microBatchSize existed, filling it from the defaults", async () => {
    const examples = syntheticRankings({ prompts: 40, k: 3, seed: 80 });
    const cfg = { ...trainConfig, steps: 8, evalEvery: 0, warmupSteps: 2, microBatchSize: 0 }; // the old trainer: one pass
    const straight = RewardModel.create({ config, seed: 13 });
    const full = await trainRewardModel({ model: straight, examples, padId: PAD, config: cfg });
    straight.dispose();

    const first = RewardModel.create({ config, seed: 13 });
    let saved: Uint8Array | null = null;
    await trainRewardModel({
      model: first,
      examples,
      padId: PAD,
      config: { ...cfg, steps: 8 },
      checkpointEvery: 4,
      onCheckpoint: (state) => {
        if (state.step !== 4) return;
        const { microBatchSize: _dropped, ...oldConfig } = state.config; // as an old build wrote it
        saved = serializeCheckpoint(toCheckpoint({ kind: "reward", state: { ...state, config: oldConfig }, modelConfig: config, tokenizer: tokenizerJson }));
      },
    });
    first.dispose();
    const checkpoint = deserializeCheckpoint(saved as unknown as Uint8Array);
    expect(checkpoint.config.trainer).not.toHaveProperty("microBatchSize");
    const resume = fromCheckpoint<RewardTrainConfig>({
      checkpoint,
      parseConfig: (raw) => ({ ...DEFAULT_REWARD_TRAIN_CONFIG, ...(raw as Partial<RewardTrainConfig>) }), // as workers/handlers/reward.ts does
    });
    expect(resume.config.microBatchSize).toBe(DEFAULT_REWARD_TRAIN_CONFIG.microBatchSize);
    const resumedModel = RewardModel.create({ config, seed: 98 });
    const resumed = await trainRewardModel({ model: resumedModel, examples, padId: PAD, resume });
    resumedModel.dispose();
    expect(resumed.losses).toHaveLength(4);
    resumed.losses.forEach((l, i) => expect(Math.abs(l - (full.losses[4 + i] as number))).toBeLessThan(1e-4));
  });
});
