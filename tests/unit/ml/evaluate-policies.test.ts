// lib/ml/eval: paired samples per policy, reward, win rate against the baseline, KL to the reference from the samples'
// log-probs (checked against the sampler's own log-probs), EOS rate, length, sample quality, no tensor leaks.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { generate } from "@/lib/ml/sampling/generate";
import { buildSequenceBatch, tokenLogProbs } from "@/lib/ml/rl/sequence";
import { evaluatePolicies } from "@/lib/ml/eval/evaluate-policies";

const EOS = 6;
const PAD = 7;
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: true });
const prompts = [[0, 1], [2, 4, 5], [1, 1, 0]];
const countThrees = ({ responses }: { responses: number[][] }) => responses.map((r) => r.filter((t) => t === 3).length);
const settings = { samplesPerPrompt: 2, temperature: 1, maxNewTokens: 5, seed: 11 };

beforeAll(async () => {
  await useWasmBackend();
});

describe("evaluatePolicies", () => {
  it("gives a copy of the baseline the same samples: win rate 0.5 and KL 0 to it", async () => {
    const base = Gpt.create({ config, seed: 1 });
    const copy = Gpt.fromWeights({ config, weights: await base.exportWeights() });
    const run = () =>
      evaluatePolicies({ policies: [base, copy], reference: base, reward: countThrees, rewardStats: { mean: 1, std: 2 }, prompts, eosId: EOS, padId: PAD, config: settings });
    await run(); // the models prepare their cached decoding weights on first use
    const before = tf.memory().numTensors;
    const out = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(out).not.toBeNull();
    const [a, b] = out ?? [];
    expect(a?.samples).toHaveLength(prompts.length * 2);
    expect(b?.samples.map((s) => s.tokens)).toEqual(a?.samples.map((s) => s.tokens));
    expect(a?.winRate).toBe(0.5);
    expect(b?.winRate).toBe(0.5);
    expect(a?.klToReference).toBe(0);
    expect(b?.klToReference).toBe(0);
    // Normalised with the saved statistics.
    expect(a?.rewardNormalisedMean).toBeCloseTo(((a?.rewardMean ?? 0) - 1) / 2, 6);
    base.dispose();
    copy.dispose();
  });

  it("estimates KL to the reference as the mean of Σ log π − log π_ref over the samples, and pairs wins by sample", async () => {
    const base = Gpt.create({ config, seed: 1 });
    const other = Gpt.create({ config, seed: 2 });
    const out = await evaluatePolicies({
      policies: [base, other],
      reference: base,
      reward: countThrees,
      rewardStats: { mean: 0, std: 1 },
      prompts,
      eosId: EOS,
      padId: PAD,
      newlineIds: new Set([4]),
      config: settings,
    });
    const [a, b] = out ?? [];
    if (!a || !b) throw new Error("no evaluation");
    // The sampler's own log-probs of the same samples, against the reference's recomputed ones.
    const completions = await generate({ model: other, prompts, numSamples: 2, eosId: EOS, seed: 11, config: { temperature: 1, topK: 0, topP: 1, maxNewTokens: 5 } });
    completions.sort((x, y) => x.promptIndex - y.promptIndex || x.sampleIndex - y.sampleIndex);
    expect(b.samples.map((s) => s.tokens)).toEqual(completions.map((c) => c.tokens));
    const batch = buildSequenceBatch({ prompts: completions.map((c) => prompts[c.promptIndex] as number[]), responses: completions.map((c) => c.tokens), padId: PAD });
    const ref = tf.tidy(() => tokenLogProbs({ model: base, batch, temperature: 1 }).logProbs.dataSync());
    const kls = completions.map((c, i) => c.logProbs.reduce((sum, lp, j) => sum + lp - (ref[i * batch.seqLen + (batch.responseStart[i] as number) + j] as number), 0));
    expect(b.klToReference).toBeCloseTo(kls.reduce((x, y) => x + y, 0) / kls.length, 4);
    expect(b.klToReference).not.toBe(0);
    const wins = b.samples.map((s, i) => {
      const other = a.samples[i]?.score ?? 0;
      return s.score > other ? 1 : s.score < other ? 0 : 0.5;
    });
    expect(b.winRate).toBeCloseTo(wins.reduce((x: number, y) => x + y, 0) / wins.length, 12);
    expect(b.rewardMean).toBeCloseTo(b.samples.reduce((x, s) => x + s.score, 0) / b.samples.length, 12);
    expect(b.eosRate).toBe(b.samples.filter((s) => s.finished).length / b.samples.length);
    expect(b.meanLength).toBe(b.samples.reduce((x, s) => x + s.tokens.filter((t) => t !== EOS).length, 0) / b.samples.length);
    for (const v of [b.distinct1, b.distinct2, b.newlineRate, b.repetitionRate]) expect(v).toBeGreaterThanOrEqual(0);
    expect(b.distinct1).toBeGreaterThan(0);
    base.dispose();
    other.dispose();
  });

  it("stops when its signal is aborted", async () => {
    const base = Gpt.create({ config, seed: 1 });
    const controller = new AbortController();
    controller.abort("cancel");
    const out = await evaluatePolicies({ policies: [base, base], reference: base, reward: countThrees, rewardStats: { mean: 0, std: 1 }, prompts, eosId: EOS, padId: PAD, config: settings, signal: controller.signal });
    expect(out).toBeNull();
    base.dispose();
  });
});
