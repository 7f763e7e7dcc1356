import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { generate } from "@/lib/ml/sampling/generate";
import { Rng } from "@/lib/ml/sampling/rng";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { deserializeCheckpoint, serializeCheckpoint } from "@/lib/ml/checkpoint";
import { trainBpe } from "@/lib/ml/tokenizer";
import {
  type PpoMetrics,
  SeparateValueModel,
  SharedValueHead,
  dpoStateFromCheckpoint,
  dpoStateToCheckpoint,
  generateResponses,
  gptSampler,
  pairsFromRanking,
  ppoStateFromCheckpoint,
  ppoStateToCheckpoint,
  rewardModelScorer,
  trainDpo,
  trainPpo,
} from "@/lib/ml/rl";
import { buildSequenceBatch, tokenLogProbs } from "@/lib/ml/rl/sequence";

const EOS = 6;
const PAD = 7;
// Tied input/output embeddings here (the base model's layout); the PPO and DPO test files use an untied head.
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: true });
const prompts = [[0, 1], [2, 4, 5], [1, 1, 0], [5, 2]];
const countThrees = ({ responses }: { responses: number[][] }) => responses.map((r) => r.filter((t) => t === 3).length);

beforeAll(async () => {
  await useWasmBackend();
});

describe("RL adapters", () => {
  it("recomputes exactly the per-token log-probs the sampler reported at the sampling temperature", async () => {
    const model = Gpt.create({ config, seed: 31 });
    const completions = await generate({ model, prompts, eosId: EOS, seed: 4, config: { temperature: 0.7, maxNewTokens: 6 } });
    const batch = buildSequenceBatch({ prompts, responses: completions.map((c) => c.tokens), padId: PAD });
    const logProbs = tf.tidy(() => tokenLogProbs({ model, batch, temperature: 0.7 }).logProbs.dataSync());
    completions.forEach((c, b) => {
      c.logProbs.forEach((lp, j) => {
        expect(logProbs[b * batch.seqLen + (batch.responseStart[b] as number) + j]).toBeCloseTo(lp, 4);
      });
    });
    model.dispose();
  });

  it("the default rollout sampler stops each row at EOS or maxNewTokens and is reproducible from the RNG state", async () => {
    const model = Gpt.create({ config, seed: 32 });
    const run = () => generateResponses({ policy: model, prompts, maxNewTokens: 5, temperature: 1, eosId: EOS, rng: new Rng(9) });
    const a = await run();
    const b = await run();
    model.dispose();
    expect(a).toEqual(b);
    a.responses.forEach((r, i) => {
      expect(r.length).toBeGreaterThan(0);
      expect(r.length).toBeLessThanOrEqual(5);
      expect(r.slice(0, -1)).not.toContain(EOS);
      expect(a.endedWithEos[i]).toBe(r.at(-1) === EOS);
    });
  });

  it("scores (prompt, response) with a reward model read at the last real token, batch by batch", async () => {
    const rm = RewardModel.create({ config, seed: 33 });
    const responses = [[3, 3, EOS], [1], [], [2, 2, 2, 2, 2]];
    const scorer = rewardModelScorer({ rewardModel: rm, padId: PAD, batchSize: 3 });
    const scores = await scorer({ prompts, responses, endedWithEos: [true, false, false, false] });
    const single = responses.map((r, i) =>
      tf.tidy(() => {
        const seq = [...(prompts[i] as number[]), ...r];
        return rm.forward({ ids: tf.tensor2d([seq], [1, seq.length], "int32"), lengths: [seq.length] }).dataSync()[0] as number;
      }),
    );
    rm.dispose();
    scores.forEach((s, i) => expect(s).toBeCloseTo(single[i] as number, 4));
  });

  it("runs PPO with lib/ml/sampling and a separate value model initialised from a reward model, without leaks", async () => {
    // Measured over the models' whole lifetime: the policy keeps a cached output head for inference while it lives.
    const before = tf.memory().numTensors;
    const policy = Gpt.create({ config, seed: 34 });
    const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
    const rm = RewardModel.fromPolicy({ config, policyWeights: await policy.exportWeights(), seed: 35 });
    const trunk = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
    trunk.loadWeights(await rm.exportWeights());
    const valueModel = new SeparateValueModel({ trunk });
    const history: PpoMetrics[] = [];
    const result = await trainPpo({
      policy,
      reference,
      valueModel,
      reward: countThrees,
      sampler: gptSampler({ model: policy }),
      prompts,
      eosId: EOS,
      padId: PAD,
      config: { steps: 2, batchSize: 4, miniBatchSize: 2, ppoEpochs: 1, maxNewTokens: 5, temperature: 0.7, lr: 1e-3 },
      onMetrics: (m) => history.push(m),
    });
    expect(result.steps).toBe(2);
    expect(history.every((h) => Number.isFinite(h.valueLoss) && h.responseLength > 0)).toBe(true);
    expect([...result.state.valueWeights.keys()]).toContain("trunk/wte.weight");
    for (const m of [policy, reference, rm]) m.dispose();
    valueModel.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("round-trips a DPO state through the binary checkpoint format", async () => {
    const policy = Gpt.create({ config, seed: 37 });
    const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
    const pairs = pairsFromRanking({ prompt: [1, 2], ranked: [[3, 3, EOS], [3, 1, EOS], [0, 0, EOS]] });
    const result = await trainDpo({ policy, reference, pairs, config: { steps: 2, batchSize: 2, lr: 1e-3 } });
    const tokenizer = trainBpe({ text: "the cat sat on the mat. ".repeat(5), vocabSize: 260 }).toJSON();
    const bytes = serializeCheckpoint(dpoStateToCheckpoint({ state: result.state, modelConfig: config, tokenizer }));
    const restored = dpoStateFromCheckpoint({ checkpoint: deserializeCheckpoint(bytes) });
    expect(restored.step).toBe(2);
    expect(restored.config).toEqual(result.state.config);
    expect(restored.optimizer.step).toBe(2);
    expect(() => ppoStateFromCheckpoint({ checkpoint: deserializeCheckpoint(bytes) })).toThrow(/not a PPO/);
    for (const m of [policy, reference]) m.dispose();
  });

  it("round-trips a PPO state through the binary checkpoint format and resumes from it", async () => {
    const policy = Gpt.create({ config, seed: 36 });
    const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
    const valueModel = new SharedValueHead({ hiddenSize: config.nEmbd });
    const run = { steps: 2, batchSize: 4, miniBatchSize: 2, ppoEpochs: 1, maxNewTokens: 4, lr: 1e-3, kl: { mode: "adaptive" as const, initCoef: 0.1, target: 1, horizon: 20 } };
    const options = { policy, reference, valueModel, reward: countThrees, sampler: gptSampler({ model: policy }), prompts, eosId: EOS, padId: PAD };
    const first = await trainPpo({ ...options, config: { ...run, steps: 1 } });
    const tokenizer = trainBpe({ text: "the cat sat on the mat. ".repeat(5), vocabSize: 260 }).toJSON();
    const bytes = serializeCheckpoint(ppoStateToCheckpoint({ state: first.state, modelConfig: config, tokenizer }));
    const restored = ppoStateFromCheckpoint({ checkpoint: deserializeCheckpoint(bytes) });
    expect(restored.step).toBe(1);
    expect(restored.klCoef).toBeCloseTo(first.state.klCoef, 10);
    expect(restored.rngState).toBe(first.state.rngState);
    expect(restored.config).toEqual(first.state.config);
    expect([...restored.valueWeights.keys()].sort()).toEqual(["v_head.bias", "v_head.weight"]);
    expect(restored.weights.has("value/v_head.weight")).toBe(false);
    const second = await trainPpo({ ...options, config: { steps: 2 }, resume: restored });
    expect(second.steps).toBe(2);
    const shipped = ppoStateToCheckpoint({ state: second.state, modelConfig: config, tokenizer, weightsOnly: true });
    expect(shipped.optimizer).toBeNull();
    expect([...shipped.weights.keys()].some((k) => k.startsWith("value/"))).toBe(false);
    for (const m of [policy, reference, valueModel]) m.dispose();
  });
});
